// A Task's ECS status, derived from the Task, its effective task definition and its Pod, and
// what the Task controller must do next. Pure: the same input gives the same output, and
// feeding the output status back in (same Pod, same time) changes nothing and emits no Event.
// The state machine and every text are described in docs/task-lifecycle.md.
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { ContainerStatus, HealthStatus, LastStatus, TaskSpec, TaskStatus } from '../../api/v1alpha1/task.ts';
import { taskStopTimeoutSeconds } from '../../domain/stop-timeout.ts';
import { setCondition } from '../status/conditions.ts';
import { listTaskContainers, markContainerStopped, observeContainer, pendingContainer, type TaskContainer } from './container-status.ts';
import { withBatchOutcome } from './batch-outcome.ts';
import { computeTaskHealth } from './health.ts';
import { findContainerStatus, isPodDeleting, isPodFinished, toMillis, type ObservedPod } from './observed-pod.ts';
import { detectStopCause, placementTimeout, userStop, type StopCause, type StopInitiator } from './stop-cause.ts';
import type { TaskAction } from './task-action.ts';
import { AGENT_CONNECTED, computeCauseEvents, computeLifecycleEvents } from './task-events.ts';

export { DEFAULT_STOP_TIMEOUT_SECONDS } from '../../domain/stop-timeout.ts';

export interface TaskStatusInput {
  spec: TaskSpec;
  /** The status as last written; undefined for a new Task. */
  status: TaskStatus | undefined;
  /** The effective task definition (revision plus overrides); undefined if it cannot be resolved. */
  taskDefinition: NormalizedTaskDefinition | undefined;
  /** The Task's Pod (same name) from the informer cache; a V1Pod fits this type as it is. */
  pod: ObservedPod | undefined;
  /**
   * Whether the Pod existed before, so that its absence means it was deleted. Defaults to
   * hasObservedPod(status): a derivation has seen the Pod. Deriving it from lastStatus alone
   * would read a Pod not yet in the informer cache as a deleted one.
   */
  podExisted?: boolean;
  /** The Node named by status.containerInstance no longer exists. */
  nodeGone: boolean;
  /** The Node exists but is not Ready (ECS: agent disconnected). */
  nodeNotReady: boolean;
  now: Date;
  /** How long a task may stay PROVISIONING (unplaced) before it stops; Infinity for never. */
  placementTimeoutMs: number;
  /** How long a STOPPED Task is kept before it is deleted (ECS shows stopped tasks for 1 h). */
  stoppedRetentionMs: number;
  /** metadata.creationTimestamp, the start of the placement timeout; default: the first derivation. */
  createdAt?: Date;
  /** Who set desiredStatus STOPPED; the Service controller passes ServiceSchedulerInitiated. Default UserInitiated. */
  stopInitiator?: StopInitiator;
}

export interface TaskObservation {
  status: TaskStatus;
  actions: TaskAction[];
}

/** A derivation has seen the task's Pod: it records pullStartedAt the first time it does. */
export function hasObservedPod(status: TaskStatus | undefined): boolean {
  return status?.pullStartedAt !== undefined;
}

export function deriveTaskStatus(input: TaskStatusInput): TaskObservation {
  const previous = input.status;
  // STOPPED is final.
  if (previous?.lastStatus === 'STOPPED') return keepStopped(input, previous);

  const base: TaskStatus = {
    ...previous,
    createdAt: previous?.createdAt ?? (input.createdAt ?? input.now).toISOString(),
    desiredStatus: previous?.desiredStatus === 'STOPPED' ? 'STOPPED' : input.spec.desiredStatus,
  };
  const containers = listTaskContainers(input.taskDefinition, previous, input.pod);
  const node = previous?.containerInstance;
  return node === undefined ? deriveUnplaced(input, base, containers) : derivePlaced(input, base, containers, node);
}

/** Not placed yet: PROVISIONING until placed, stopped, or timed out. Placement itself is the controller's. */
function deriveUnplaced(input: TaskStatusInput, base: TaskStatus, containers: readonly TaskContainer[]): TaskObservation {
  const containerStatuses = base.containers ?? containers.map(pendingContainer);
  const stop = userStop(input.spec, input.stopInitiator ?? 'UserInitiated');
  if (stop !== undefined) return finish(input, stopNow(input, { ...base, containers: containerStatuses }, stop), { cause: stop });

  const createdAtMs = Date.parse(base.createdAt ?? input.now.toISOString());
  const remainingMs = createdAtMs + input.placementTimeoutMs - input.now.getTime();
  if (remainingMs <= 0) {
    const cause = placementTimeout((base.placementFailures ?? []).map((f) => f.reason));
    return finish(input, stopNow(input, { ...base, containers: containerStatuses }, cause), { cause });
  }
  const next: TaskStatus = { ...base, lastStatus: 'PROVISIONING', containers: containerStatuses, healthStatus: 'UNKNOWN' };
  return finish(input, next, { requeueMs: Number.isFinite(remainingMs) ? [remainingMs] : [] });
}

function derivePlaced(input: TaskStatusInput, base: TaskStatus, containers: readonly TaskContainer[], node: string): TaskObservation {
  const previous = input.status;
  const pod = input.pod;
  const nowMs = input.now.getTime();
  const hasRun = previous?.startedAt !== undefined || previous?.lastStatus === 'RUNNING';
  const withConditions: TaskStatus = { ...base, ...agentConditions(input, base) };

  // While the Node is not Ready the kubelet reports nothing: keep the last known containers.
  const frozen = input.nodeNotReady || pod === undefined;
  const observed = frozen ? undefined : containers.map((c) => observeContainer(c, pod, previous?.containers?.find((p) => p.name === c.name), nowMs));
  const containerStatuses = observed?.map((o) => o.status) ?? previous?.containers ?? containers.map(pendingContainer);
  const pullStartedAt = previous?.pullStartedAt ?? (pod === undefined ? undefined : input.now.toISOString());
  const seen: TaskStatus = { ...withConditions, containers: containerStatuses, ...(pullStartedAt === undefined ? {} : { pullStartedAt }) };

  const alreadyStopping = previous?.lastStatus === 'STOPPING' || previous?.stopCode !== undefined;
  const cause = alreadyStopping
    ? undefined
    : detectStopCause({
        spec: input.spec,
        stopInitiator: input.stopInitiator ?? 'UserInitiated',
        containers,
        pod,
        podExisted: input.podExisted ?? hasObservedPod(previous),
        nodeGone: input.nodeGone,
        node,
        hasRun,
      });
  if (alreadyStopping || cause !== undefined) return deriveStopping(input, seen, containers, cause);

  // Bound and alive: PENDING until every essential container runs, then RUNNING for good.
  const allEssentialRunning = containers.filter((c) => c.essential).every((c) => containerStatuses.find((s) => s.name === c.name)?.lastStatus === 'RUNNING');
  const lastStatus: LastStatus = hasRun || (!frozen && allEssentialRunning) ? 'RUNNING' : 'PENDING';
  const allStarted = !frozen && containerStatuses.every((s) => s.lastStatus !== 'PENDING');
  const next: TaskStatus = {
    ...seen,
    lastStatus,
    healthStatus: taskHealth(containers, containerStatuses),
    ...(seen.pullStoppedAt === undefined && allStarted ? { pullStoppedAt: input.now.toISOString() } : {}),
    ...(lastStatus === 'RUNNING' && seen.startedAt === undefined ? { startedAt: essentialStartedAt(containers, pod, input.now) } : {}),
  };
  const healthTimers = (observed ?? []).flatMap((o) => (o.healthDecidedAtMs === undefined ? [] : [o.healthDecidedAtMs - nowMs]));
  return finish(input, next, { requeueMs: healthTimers });
}

/** The task is stopping: STOPPING while the Pod's containers wind down, STOPPED once they have. */
function deriveStopping(input: TaskStatusInput, seen: TaskStatus, containers: readonly TaskContainer[], cause: StopCause | undefined): TaskObservation {
  const pod = input.pod;
  const stopping: TaskStatus = {
    ...seen,
    desiredStatus: 'STOPPED',
    ...(cause === undefined ? {} : { stopCode: cause.stopCode, stoppedReason: cause.stoppedReason }),
    stoppingAt: seen.stoppingAt ?? input.now.toISOString(),
    ...(cause?.kind === 'startFailure' && seen.pullStartedAt !== undefined && seen.pullStoppedAt === undefined ? { pullStoppedAt: input.now.toISOString() } : {}),
  };
  const wound = input.nodeGone || pod === undefined || isPodFinished(pod);
  const next: TaskStatus = wound
    ? stopNow(input, stopping, undefined)
    : { ...stopping, lastStatus: 'STOPPING', healthStatus: taskHealth(containers, stopping.containers ?? []) };
  return finish(input, next, cause === undefined ? {} : { cause });
}

/** Enter STOPPED now: every container is stopped and the stop is timestamped. */
function stopNow(input: TaskStatusInput, status: TaskStatus, cause: StopCause | undefined): TaskStatus {
  const nowIso = input.now.toISOString();
  return {
    ...status,
    lastStatus: 'STOPPED',
    desiredStatus: 'STOPPED',
    ...(cause === undefined ? {} : { stopCode: cause.stopCode, stoppedReason: cause.stoppedReason }),
    containers: (status.containers ?? []).map(markContainerStopped),
    healthStatus: 'UNKNOWN',
    stoppingAt: status.stoppingAt ?? nowIso,
    ...(status.pullStartedAt === undefined ? {} : { executionStoppedAt: status.executionStoppedAt ?? lastFinishedAt(input.pod, status.containers ?? []) ?? nowIso }),
    stoppedAt: nowIso,
  };
}

/** STOPPED is final: only the retention clock runs, and a Pod left behind is deleted. */
function keepStopped(input: TaskStatusInput, previous: TaskStatus): TaskObservation {
  const status: TaskStatus = { ...previous, desiredStatus: 'STOPPED', stoppedAt: previous.stoppedAt ?? input.now.toISOString() };
  return finish(input, status, {});
}

interface Extras {
  cause?: StopCause;
  requeueMs?: readonly number[];
}

/** Actions follow from the new status: delete, events, and the earliest timer. */
function finish(input: TaskStatusInput, derived: TaskStatus, extras: Extras): TaskObservation {
  // A stopped task says whether it succeeded, for batch runs and kubectl wait (batch-outcome.ts).
  const next = withBatchOutcome(derived, input.taskDefinition, input.now);
  const actions: TaskAction[] = [];
  const pod = input.pod;
  if (next.desiredStatus === 'STOPPED' && pod !== undefined && !isPodDeleting(pod) && !isPodFinished(pod)) {
    actions.push({ type: 'deletePod', gracePeriodSeconds: gracePeriodSeconds(pod, input.taskDefinition) });
  }
  const timers = [...(extras.requeueMs ?? [])];
  if (next.lastStatus === 'STOPPED') {
    const remainingMs = Date.parse(next.stoppedAt ?? input.now.toISOString()) + input.stoppedRetentionMs - input.now.getTime();
    if (remainingMs <= 0) actions.push({ type: 'deleteTask' });
    else timers.push(remainingMs);
  }
  actions.push(...computeLifecycleEvents(input.status, next));
  if (extras.cause !== undefined) actions.push(...computeCauseEvents(extras.cause));
  const due = timers.filter((ms) => ms > 0 && Number.isFinite(ms));
  if (due.length > 0) actions.push({ type: 'requeueAfter', ms: Math.min(...due) });
  return { status: next, actions };
}

/** 5.7: the Pod's grace period is the largest stopTimeout; the Pod builder already wrote it. */
function gracePeriodSeconds(pod: ObservedPod, taskDefinition: NormalizedTaskDefinition | undefined): number {
  const fromPod = pod.spec?.terminationGracePeriodSeconds;
  if (fromPod !== undefined) return fromPod;
  return taskStopTimeoutSeconds(taskDefinition?.containerDefinitions ?? []);
}

/** AgentConnected=False while the Node is not Ready; True again (only once it was False) when it is back. */
function agentConditions(input: TaskStatusInput, base: TaskStatus): Pick<TaskStatus, 'conditions'> {
  const known = base.conditions?.some((c) => c.type === AGENT_CONNECTED) ?? false;
  if (!input.nodeNotReady && !known) return {};
  const update = input.nodeNotReady
    ? { type: AGENT_CONNECTED, status: 'False' as const, reason: 'NodeNotReady', message: `Node ${base.containerInstance ?? ''} is not Ready; the task keeps its last known status until the Node is Ready or deleted` }
    : { type: AGENT_CONNECTED, status: 'True' as const, reason: 'NodeReady', message: `Node ${base.containerInstance ?? ''} is Ready` };
  return { conditions: setCondition(base.conditions, update, base.observedGeneration, input.now) };
}

function taskHealth(containers: readonly TaskContainer[], statuses: readonly ContainerStatus[]): HealthStatus {
  return computeTaskHealth(
    containers.map((c) => ({ essential: c.essential, hasHealthCheck: c.healthCheck !== undefined, healthStatus: statuses.find((s) => s.name === c.name)?.healthStatus ?? 'UNKNOWN' })),
  );
}

/** RUNNING began when the last essential container started (the kubelet's time, not ours). */
function essentialStartedAt(containers: readonly TaskContainer[], pod: ObservedPod | undefined, now: Date): string {
  const starts = containers.filter((c) => c.essential).map((c) => toMillis(findContainerStatus(pod, c.name)?.state?.running?.startedAt));
  const known = starts.filter((ms): ms is number => ms !== undefined);
  return known.length === starts.length && known.length > 0 ? new Date(Math.max(...known)).toISOString() : now.toISOString();
}

/** The containers stopped when the last of them finished, if the kubelet said. */
function lastFinishedAt(pod: ObservedPod | undefined, containers: readonly ContainerStatus[]): string | undefined {
  const finished = containers.map((c) => toMillis(findContainerStatus(pod, c.name)?.state?.terminated?.finishedAt)).filter((ms): ms is number => ms !== undefined);
  return finished.length === 0 ? undefined : new Date(Math.max(...finished)).toISOString();
}
