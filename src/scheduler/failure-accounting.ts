// Counting failed tasks once each, for the circuit breaker (6.10), `failedTasks` (6.2) and
// throttling (6.11). The planner sees the same stopped task on many passes, so every task is
// counted once and remembered in SchedulerState.accountedTaskArns.
//
// A task counts as:
//   failed to start   STOPPED without ever reaching RUNNING, not stopped by the scheduler or
//                     a user: breaker stage 1 (only while the deployment never had a RUNNING
//                     task) and the throttle.
//   failed its health stopped by the scheduler with a health-check reason (6.9): stage 2.
//   stopped early     [OP, off by default] stopped on its own within N seconds of RUNNING.
// A task of the deployment becoming healthy resets the count when resetOnHealthyTask is set
// (applied before this pass's new failures [OP]); a task reaching RUNNING resets the throttle.
// Only the PRIMARY's launches are throttled by its own failures [OP]: a new deployment or a
// rollback starts with launches at normal, and the tasks a failed deployment leaves behind
// failing one by one must not hold back the deployment that replaces it.
import { isHealthCheckStopReason } from './messages.ts';
import type { LiveTask } from './task-buckets.ts';
import type { CircuitBreakerSettings, DeploymentRecord, SchedulerState, ServiceTask } from './types.ts';

const STOPPED_BY_SCHEDULER_OR_USER = new Set(['ServiceSchedulerInitiated', 'UserInitiated']);

/** Whether the scheduler or a user stopped the task (its stop code says so), rather than the task itself. */
export function wasStoppedOnPurpose(task: Pick<ServiceTask, 'stopCode'>): boolean {
  return task.stopCode !== undefined && STOPPED_BY_SCHEDULER_OR_USER.has(task.stopCode);
}

export type FailureKind = 'failed-to-start' | 'failed-health-check' | 'stopped-early';

export function classifyStoppedTask(task: ServiceTask, settings: CircuitBreakerSettings): FailureKind | undefined {
  if (isHealthCheckStopReason(task.stoppedReason)) return 'failed-health-check';
  if (wasStoppedOnPurpose(task)) return undefined;
  if (task.startedAt === undefined) return 'failed-to-start';
  const window = settings.countTasksStoppingWithinSeconds;
  if (window !== undefined && task.stoppedAt !== undefined && task.stoppedAt - task.startedAt <= window * 1000) return 'stopped-early';
  return undefined;
}

export interface AccountingResult {
  deployments: DeploymentRecord[];
  state: Pick<SchedulerState, 'accountedTaskArns' | 'healthyTaskArns' | 'deploymentsWithRunningTask' | 'throttle'>;
  /** Deployments whose count grew this pass, with the kind of the last failure. */
  newFailures: Map<string, FailureKind>;
}

export function accountTaskOutcomes(
  tasks: readonly ServiceTask[],
  live: readonly LiveTask[],
  deployments: readonly DeploymentRecord[],
  state: SchedulerState,
  settings: CircuitBreakerSettings,
  now: number,
): AccountingResult {
  const observed = new Set(tasks.map((t) => t.taskArn));
  const accounted = new Set(state.accountedTaskArns.filter((arn) => observed.has(arn)));
  // Only a deployment IN_PROGRESS is monitored, so only its tasks need remembering (the state
  // stays small for a 500-task service once its rollout completes).
  const monitored = new Set(deployments.filter((d) => d.rolloutState === 'IN_PROGRESS').map((d) => d.id));
  const liveArns = new Set(live.filter((t) => t.deployment !== undefined && monitored.has(t.deployment.id)).map((t) => t.task.taskArn));
  const healthySeen = new Set(state.healthyTaskArns.filter((arn) => liveArns.has(arn)));
  const reachedRunning = new Set(state.deploymentsWithRunningTask.filter((id) => monitored.has(id)));
  const counts = new Map(deployments.map((d) => [d.id, d.failedTasks]));
  const firstRunningAt = new Map<string, number>();
  for (const task of tasks) {
    if (task.startedBy === undefined || task.startedAt === undefined) continue;
    firstRunningAt.set(task.startedBy, Math.min(firstRunningAt.get(task.startedBy) ?? Infinity, task.startedAt));
  }

  // Resets first: a task newly counted healthy clears its deployment's count.
  for (const t of live) {
    if (t.health.kind !== 'healthy' || healthySeen.has(t.task.taskArn) || !liveArns.has(t.task.taskArn)) continue;
    healthySeen.add(t.task.taskArn);
    if (t.deployment !== undefined && settings.resetOnHealthyTask) counts.set(t.deployment.id, 0);
  }

  let throttle = { ...state.throttle };
  const primaryId = deployments[0]?.id;
  const newFailures = new Map<string, FailureKind>();
  const candidates = tasks
    .filter((t) => !accounted.has(t.taskArn) && (t.lastStatus === 'STOPPED' || t.lastStatus === 'DELETED' || (t.desiredStatus === 'STOPPED' && isHealthCheckStopReason(t.stoppedReason))))
    .sort((a, b) => (a.stoppedAt ?? now) - (b.stoppedAt ?? now) || a.taskArn.localeCompare(b.taskArn));
  for (const task of candidates) {
    accounted.add(task.taskArn);
    const kind = classifyStoppedTask(task, settings);
    if (kind === 'failed-to-start' && task.startedBy === primaryId) {
      throttle = { consecutiveFailures: throttle.consecutiveFailures + 1, lastFailureAt: Math.max(throttle.lastFailureAt ?? 0, task.stoppedAt ?? now) };
    }
    const id = task.startedBy;
    if (kind === undefined || id === undefined || !monitored.has(id)) continue;
    // Stage 1 counts launch failures only until the deployment has had a RUNNING task.
    const ranBefore = reachedRunning.has(id) || (firstRunningAt.get(id) ?? Infinity) <= (task.stoppedAt ?? now);
    if (kind === 'failed-to-start' && ranBefore) continue;
    counts.set(id, (counts.get(id) ?? 0) + 1);
    newFailures.set(id, kind);
  }
  for (const id of firstRunningAt.keys()) if (monitored.has(id)) reachedRunning.add(id);

  // Any task that reached RUNNING after the last failure returns launches to normal (6.11 [OP]).
  if (throttle.consecutiveFailures > 0 && tasks.some((t) => t.startedAt !== undefined && t.startedAt > (throttle.lastFailureAt ?? 0))) {
    throttle = { consecutiveFailures: 0 };
  }

  return {
    deployments: deployments.map((d) => {
      const failedTasks = counts.get(d.id) ?? d.failedTasks;
      return failedTasks === d.failedTasks ? d : { ...d, failedTasks, circuitBreaker: { ...d.circuitBreaker, failureCount: failedTasks } };
    }),
    state: {
      accountedTaskArns: [...accounted],
      healthyTaskArns: [...healthySeen],
      deploymentsWithRunningTask: [...reachedRunning],
      throttle,
    },
    newFailures,
  };
}
