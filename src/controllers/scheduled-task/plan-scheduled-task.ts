// What the ScheduledTask controller must do for one ScheduledTask (pure): fire what is due,
// launch or retry recorded fires, follow runs to their end, keep the history within its
// limits, and the status that follows. The shape is plan-registration.ts's: observation in,
// one plan value out, which the controller applies.
//
// At most once: a fire is first recorded in status (the new cursor and a Launching run with
// its deterministic Task names), written conditionally on the resourceVersion it was planned
// from; only then are its Tasks created. A crash in between leaves a Launching run that the
// next plan launches, under the same names; a stale cache or a second replica loses the
// conditional write and plans again from fresh state.
import type { ScheduledRun, ScheduledTaskSpec, ScheduledTaskStatus } from '../../api/v1alpha1/scheduled-task.ts';
import { DEFAULT_FAILED_RUNS_HISTORY_LIMIT, DEFAULT_MAXIMUM_EVENT_AGE_SECONDS, DEFAULT_MAXIMUM_RETRY_ATTEMPTS, DEFAULT_SUCCESSFUL_RUNS_HISTORY_LIMIT } from '../../api/v1alpha1/scheduled-task.ts';
import type { ResolvedTaskDefinition } from '../../api/v1alpha1/task-definition-reference.ts';
import { formatTaskDefinition } from '../../api/v1alpha1/task-definition-reference.ts';
import type { TaskSpec } from '../../api/v1alpha1/task.ts';
import { parseScheduleExpression } from '../../schedule/parse-expression.ts';
import { planFire } from '../../schedule/plan-fire.ts';
import { isKnownTimeZone } from '../../schedule/wall-clock.ts';
import { setCondition, type ConditionUpdate } from '../status/conditions.ts';
import { isAttemptDue, isEventExpired, recordLaunchFailure, type RetryPolicy } from './launch-retry.ts';
import { computeRunOutcome, type ObservedRunTask } from './run-outcome.ts';
import { selectRunsToKeep } from './run-retention.ts';
import { computeStartedBy, computeTaskNames } from './run-names.ts';

export interface ScheduledTaskObservation {
  name: string;
  namespace: string;
  generation: number | undefined;
  createdAt: Date;
  spec: ScheduledTaskSpec;
  status: ScheduledTaskStatus | undefined;
  /** The Tasks this ScheduledTask owns, by name. */
  tasks: ReadonlyMap<string, ObservedRunTask>;
  resolveTaskDefinition(reference: string): ResolvedTaskDefinition;
  now: Date;
}

/** One Task to create for a run; `run` is the run as it was before this attempt. */
export interface TaskIntent {
  name: string;
  scheduledTime: string;
  spec: TaskSpec;
  run: ScheduledRun;
}

export interface PlanEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface ScheduledTaskPlan {
  /** The status to write, conditionally, before any Task is created: the fire's record. */
  record?: ScheduledTaskStatus;
  create: TaskIntent[];
  deleteTasks: string[];
  /** The status once the creates succeeded. */
  status: ScheduledTaskStatus;
  events: PlanEvent[];
  counts: { fired: number; missed: number; launchFailures: number };
  retryPolicy: RetryPolicy;
  requeueAfterMs?: number;
}

/** Tasks that do not show up in the cache this long after their creation are gone. */
export const MISSING_TASK_GRACE_MS = 60_000;
const MAX_RUNS = 110;

export function planScheduledTask(o: ScheduledTaskObservation): ScheduledTaskPlan {
  const nowMs = o.now.getTime();
  const previous = o.status;
  const spec = o.spec;
  const target = spec.target;
  const retryPolicy: RetryPolicy = {
    maximumRetryAttempts: target.retryPolicy?.maximumRetryAttempts ?? DEFAULT_MAXIMUM_RETRY_ATTEMPTS,
    maximumEventAgeMs: (target.retryPolicy?.maximumEventAgeInSeconds ?? DEFAULT_MAXIMUM_EVENT_AGE_SECONDS) * 1000,
  };
  const events: PlanEvent[] = [];
  const counts = { fired: 0, missed: 0, launchFailures: 0 };
  const timers: number[] = [];

  // 1. Decide what is due. An invalid schedule fires nothing, but its runs are still followed.
  const invalid = checkSchedule(spec);
  let runs: ScheduledRun[] = [...(previous?.runs ?? [])];
  let cursor = previous?.lastEvaluatedScheduleTime;
  let record: ScheduledTaskStatus | undefined;
  let fireStatus: Pick<ScheduledTaskStatus, 'lastScheduleTime' | 'missedCount' | 'lastMissedTime' | 'nextScheduleTime'> = {
    lastScheduleTime: previous?.lastScheduleTime,
    missedCount: previous?.missedCount,
    lastMissedTime: previous?.lastMissedTime,
  };
  if (invalid === undefined) {
    const parsed = parseScheduleExpression(spec.scheduleExpression);
    if (!parsed.ok) throw new Error('unreachable: checked above');
    const fire = planFire({
      expression: parsed.expression,
      bounds: {
        timezone: spec.scheduleExpressionTimezone ?? 'UTC',
        createdAtMs: o.createdAt.getTime(),
        ...(spec.startDate === undefined ? {} : { startDateMs: Date.parse(spec.startDate) }),
        ...(spec.endDate === undefined ? {} : { endDateMs: Date.parse(spec.endDate) }),
      },
      enabled: (spec.state ?? 'ENABLED') === 'ENABLED',
      lastEvaluatedMs: cursor === undefined ? undefined : Date.parse(cursor),
      nowMs,
      maximumEventAgeMs: retryPolicy.maximumEventAgeMs,
      flexibleWindowMs: spec.flexibleTimeWindow?.mode === 'FLEXIBLE' ? (spec.flexibleTimeWindow.maximumWindowInMinutes ?? 0) * 60_000 : 0,
      seed: `${o.namespace}/${o.name}`,
    });
    // Scheduled times are whole seconds: written as Kubernetes writes timestamps, without millis.
    const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
    cursor = fire.lastEvaluatedMs === undefined ? undefined : iso(fire.lastEvaluatedMs);
    const missed = fire.missedMs.length;
    fireStatus = {
      lastScheduleTime: fire.fireMs === undefined ? previous?.lastScheduleTime : iso(fire.fireMs),
      missedCount: missed > 0 ? (previous?.missedCount ?? 0) + missed : previous?.missedCount,
      lastMissedTime: missed > 0 ? iso(fire.missedMs[missed - 1] as number) : previous?.lastMissedTime,
      nextScheduleTime: (spec.state ?? 'ENABLED') === 'ENABLED' && fire.nextMs !== undefined ? iso(fire.nextMs) : undefined,
    };
    if (missed > 0) {
      counts.missed = missed;
      const latest = iso(fire.missedMs[missed - 1] as number);
      const why = fire.fireMs === undefined ? `older than maximumEventAgeInSeconds (${retryPolicy.maximumEventAgeMs / 1000})` : `superseded by ${iso(fire.fireMs)}`;
      events.push({ type: 'Warning', reason: 'MissedSchedule', message: `Missed ${missed} scheduled time${missed === 1 ? '' : 's'} (latest ${latest}): ${why}` });
    }
    if (fire.fireMs !== undefined) {
      const scheduledTime = iso(fire.fireMs);
      const tasks = computeTaskNames(o.name, fire.fireMs, target.taskCount ?? 1);
      runs = [{ scheduledTime, state: 'Launching', attempts: 0, tasks }, ...runs.filter((r) => r.scheduledTime !== scheduledTime)];
      counts.fired = 1;
      events.push({ type: 'Normal', reason: 'Fired', message: `Fired for ${scheduledTime}: running ${tasks.join(', ')}` });
    }
    if (fire.more) timers.push(1);
    else if (fire.wakeAtMs !== undefined && (spec.state ?? 'ENABLED') === 'ENABLED') timers.push(fire.wakeAtMs - nowMs);
    if (fire.fireMs !== undefined) {
      record = { ...(previous ?? {}), ...fireStatus, lastEvaluatedScheduleTime: cursor, runs: runs.slice(0, MAX_RUNS) };
    }
  }

  // 2. Launch what is recorded and due, and follow the rest to their end.
  const create: TaskIntent[] = [];
  runs = runs.map((run) => {
    if (run.state === 'Launching') return launch(run);
    if (run.state === 'Running') return follow(run);
    return run;
  });

  function launch(run: ScheduledRun): ScheduledRun {
    if (isEventExpired(run, retryPolicy, nowMs)) {
      counts.launchFailures++;
      const message = `Could not launch: the event is older than maximumEventAgeInSeconds (${retryPolicy.maximumEventAgeMs / 1000})`;
      events.push({ type: 'Warning', reason: 'LaunchFailed', message: `Run for ${run.scheduledTime}: ${message}` });
      return { ...run, state: 'LaunchFailed', message, completionTime: o.now.toISOString() };
    }
    if (!isAttemptDue(run, nowMs)) {
      timers.push(Date.parse(run.nextAttemptTime as string) - nowMs);
      return run;
    }
    const resolved = o.resolveTaskDefinition(target.taskDefinition);
    if (!resolved.ok) {
      counts.launchFailures++;
      const next = recordLaunchFailure(run, `${target.taskDefinition}: ${resolved.message}`, retryPolicy, nowMs);
      events.push({ type: 'Warning', reason: 'LaunchFailed', message: `Run for ${run.scheduledTime}: ${next.message ?? ''}` });
      if (next.nextAttemptTime !== undefined) timers.push(Date.parse(next.nextAttemptTime) - nowMs);
      return next;
    }
    const taskDefinition = formatTaskDefinition(resolved.family, resolved.revision);
    for (const name of run.tasks) create.push({ name, scheduledTime: run.scheduledTime, spec: taskSpecOf(spec, o.name, taskDefinition), run });
    const { nextAttemptTime: _, message: __, ...rest } = run;
    timers.push(MISSING_TASK_GRACE_MS);
    return { ...rest, state: 'Running', attempts: run.attempts + 1, taskDefinition, launchTime: o.now.toISOString() };
  }

  function follow(run: ScheduledRun): ScheduledRun {
    const outcome = computeRunOutcome(run.tasks, o.tasks);
    if (outcome.state === 'Running') {
      const launchedMs = Date.parse(run.launchTime ?? o.now.toISOString());
      if (outcome.missing.length === 0) return run;
      if (nowMs - launchedMs < MISSING_TASK_GRACE_MS) {
        timers.push(launchedMs + MISSING_TASK_GRACE_MS - nowMs);
        return run;
      }
      const message = `Task ${outcome.missing.join(', ')} is gone`;
      events.push({ type: 'Warning', reason: 'RunFailed', message: `Run for ${run.scheduledTime} failed: ${message}` });
      return { ...run, state: 'Failed', message, completionTime: o.now.toISOString() };
    }
    const message = outcome.message ?? '';
    events.push(
      outcome.state === 'Succeeded'
        ? { type: 'Normal', reason: 'RunSucceeded', message: `Run for ${run.scheduledTime} succeeded: ${message}` }
        : { type: 'Warning', reason: 'RunFailed', message: `Run for ${run.scheduledTime} failed: ${message}` },
    );
    return { ...run, state: outcome.state, message, completionTime: o.now.toISOString() };
  }

  // 3. History: the newest runs within the limits; the Tasks of the others go.
  const { keep, drop } = selectRunsToKeep(runs, {
    successful: spec.successfulRunsHistoryLimit ?? DEFAULT_SUCCESSFUL_RUNS_HISTORY_LIMIT,
    failed: spec.failedRunsHistoryLimit ?? DEFAULT_FAILED_RUNS_HISTORY_LIMIT,
  });
  const kept = new Set(keep.flatMap((r) => r.tasks));
  // Tasks of dropped runs, and stopped Tasks no run remembers (a run dropped before a crash).
  const deleteTasks = [...o.tasks.values()].filter((t) => !kept.has(t.name) && (t.stopped || drop.some((r) => r.tasks.includes(t.name)))).map((t) => t.name);

  const lastSuccessfulTime = keep
    .filter((r) => r.state === 'Succeeded' && r.completionTime !== undefined)
    .map((r) => r.completionTime as string)
    .reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), previous?.lastSuccessfulTime);

  const status: ScheduledTaskStatus = {
    observedGeneration: o.generation,
    ...fireStatus,
    lastEvaluatedScheduleTime: cursor,
    ...(lastSuccessfulTime === undefined ? {} : { lastSuccessfulTime }),
    runs: keep.slice(0, MAX_RUNS),
    conditions: setCondition(previous?.conditions, readyCondition(spec, invalid, fireStatus.nextScheduleTime), o.generation, o.now),
  };
  const due = timers.filter((ms) => Number.isFinite(ms)).map((ms) => Math.max(1, ms));
  return {
    ...(record === undefined ? {} : { record: prune(record) }),
    create,
    deleteTasks,
    status: prune(status),
    events,
    counts,
    retryPolicy,
    ...(due.length > 0 ? { requeueAfterMs: Math.min(...due) } : {}),
  };
}

/** What CEL cannot check: the time zone, and whether the expression evaluates at all. */
function checkSchedule(spec: ScheduledTaskSpec): string | undefined {
  const timezone = spec.scheduleExpressionTimezone ?? 'UTC';
  if (!isKnownTimeZone(timezone)) return `Unknown time zone "${timezone}": expected an IANA name such as UTC or Europe/Berlin`;
  const parsed = parseScheduleExpression(spec.scheduleExpression);
  return parsed.ok ? undefined : parsed.message;
}

function readyCondition(spec: ScheduledTaskSpec, invalid: string | undefined, next: string | undefined): ConditionUpdate {
  if (invalid !== undefined) return { type: 'Ready', status: 'False', reason: 'InvalidSchedule', message: invalid };
  if ((spec.state ?? 'ENABLED') === 'DISABLED') return { type: 'Ready', status: 'True', reason: 'Disabled', message: 'The schedule is DISABLED and does not fire' };
  if (next === undefined) return { type: 'Ready', status: 'True', reason: 'Completed', message: 'The schedule fires no more' };
  return { type: 'Ready', status: 'True', reason: 'Scheduled', message: `Next fire at ${next}` };
}

/** The Task a fire creates, as RunTask would run it: the target's parameters, a pinned revision. */
function taskSpecOf(spec: ScheduledTaskSpec, name: string, taskDefinition: string): TaskSpec {
  const t = spec.target;
  const optional = {
    cluster: t.cluster,
    overrides: t.overrides,
    group: t.group,
    placementConstraints: t.placementConstraints,
    placementStrategy: t.placementStrategy,
    capacityProviderStrategy: t.capacityProviderStrategy,
    launchType: t.launchType,
    networkConfiguration: t.networkConfiguration,
    enableExecuteCommand: t.enableExecuteCommand,
    propagateTags: t.propagateTags,
    tags: t.tags,
  };
  const defined = Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined));
  return { ...defined, taskDefinition, startedBy: computeStartedBy(name), desiredStatus: 'RUNNING' } as TaskSpec;
}

/** Without undefined members (a status write sends only what is known). */
function prune(status: ScheduledTaskStatus): ScheduledTaskStatus {
  return Object.fromEntries(Object.entries(status).filter(([, v]) => v !== undefined)) as ScheduledTaskStatus;
}
