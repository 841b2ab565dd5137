// Why a task stops (ECS-SEMANTICS 4.4, 5.2-5.4, 1.5). The first cause found wins; once the task
// is STOPPING its stopCode and stoppedReason never change.
import type { StopCode, TaskSpec } from '../../api/v1alpha1/task.ts';
import type { TaskContainer } from './container-status.ts';
import { findContainerStatus, isPodDeleting, isPodFinished, type ObservedPod } from './observed-pod.ts';
import * as reasons from './stop-reasons.ts';

export type StopCauseKind = 'userStop' | 'placementTimeout' | 'instanceGone' | 'podDeleted' | 'startFailure' | 'dependencyFailed' | 'essentialExit' | 'podFailed';

export interface StopCause {
  kind: StopCauseKind;
  stopCode: StopCode;
  stoppedReason: string;
  /** The container the cause is about, for the Event. */
  container?: string;
  exitCode?: number;
}

/** Who a StopTask comes from: a user (UserInitiated) or the service scheduler (ServiceSchedulerInitiated). */
export type StopInitiator = 'UserInitiated' | 'ServiceSchedulerInitiated';

export interface PlacedTaskFacts {
  spec: TaskSpec;
  stopInitiator: StopInitiator;
  containers: readonly TaskContainer[];
  pod: ObservedPod | undefined;
  podExisted: boolean;
  nodeGone: boolean;
  node: string;
  /** The task has been RUNNING: losses are no longer start failures. */
  hasRun: boolean;
}

/**
 * Stop causes of a placed task, checked in this order: the instance is gone (nothing can run
 * any more), StopTask, a container that cannot start, a dependsOn condition that can no longer
 * be met, an essential container that exited, the Pod deleted behind our back, and a Pod the
 * kubelet finished without any of those. What the containers say beats a deleting Pod: if our
 * own STOPPING write was lost after we deleted the Pod, the essential exit is still the cause.
 */
export function detectStopCause(facts: PlacedTaskFacts): StopCause | undefined {
  const pod = facts.pod;
  return (
    instanceGone(facts) ??
    userStop(facts.spec, facts.stopInitiator) ??
    (pod === undefined || facts.hasRun ? undefined : startFailure(facts.containers, pod)) ??
    (pod === undefined ? undefined : dependencyFailed(facts.containers, pod)) ??
    (pod === undefined ? undefined : essentialExit(facts.containers, pod)) ??
    podDeleted(facts) ??
    (pod === undefined ? undefined : podFailed(pod))
  );
}

/** StopTask: spec.desiredStatus STOPPED, with the caller's reason or ECS's default text. */
export function userStop(spec: TaskSpec, stopInitiator: StopInitiator): StopCause | undefined {
  if (spec.desiredStatus !== 'STOPPED') return undefined;
  return { kind: 'userStop', stopCode: stopInitiator, stoppedReason: reasons.clip(spec.stoppedReason ?? reasons.TASK_STOPPED_BY_USER) };
}

/** A task never placed within the placement timeout; the reasons are the last placement failures. */
export function placementTimeout(placementFailureReasons: readonly string[]): StopCause {
  const distinct = [...new Set(placementFailureReasons)];
  return { kind: 'placementTimeout', stopCode: 'TaskFailedToStart', stoppedReason: reasons.clip(reasons.taskFailedToStart(distinct.join(', '))) };
}

/** A loss is a start failure until the task has run; after that, an essential container stopped. */
const lossStopCode = (hasRun: boolean): StopCode => (hasRun ? 'EssentialContainerExited' : 'TaskFailedToStart');

function instanceGone(facts: PlacedTaskFacts): StopCause | undefined {
  if (!facts.nodeGone) return undefined;
  // ECS has no stop code for a vanished instance; TerminationNotice is the nearest for a task that ran.
  return { kind: 'instanceGone', stopCode: facts.hasRun ? 'TerminationNotice' : 'TaskFailedToStart', stoppedReason: reasons.instanceTerminated(facts.node) };
}

function podDeleted(facts: PlacedTaskFacts): StopCause | undefined {
  const gone = facts.pod === undefined && facts.podExisted;
  if (!gone && !isPodDeleting(facts.pod)) return undefined;
  return { kind: 'podDeleted', stopCode: lossStopCode(facts.hasRun), stoppedReason: reasons.POD_DELETED };
}

/** Kubelet waiting reasons (and terminated reasons) that mean a container will not start. */
const START_ERRORS: Readonly<Record<string, reasons.StartErrorCode>> = {
  ErrImagePull: reasons.CANNOT_PULL_CONTAINER_ERROR,
  ImagePullBackOff: reasons.CANNOT_PULL_CONTAINER_ERROR,
  InvalidImageName: reasons.CANNOT_PULL_CONTAINER_ERROR,
  ErrImageNeverPull: reasons.CANNOT_PULL_CONTAINER_ERROR,
  // Most often a missing Secret or ConfigMap: ECS's secrets retrieval failure.
  CreateContainerConfigError: reasons.RESOURCE_INITIALIZATION_ERROR,
  CreateContainerError: reasons.CANNOT_CREATE_CONTAINER_ERROR,
  RunContainerError: reasons.CANNOT_START_CONTAINER_ERROR,
  StartError: reasons.CANNOT_START_CONTAINER_ERROR,
  ContainerCannotRun: reasons.CANNOT_START_CONTAINER_ERROR,
};

/** Any container that cannot be pulled, created or started before the task runs fails the task. */
function startFailure(containers: readonly TaskContainer[], pod: ObservedPod): StopCause | undefined {
  for (const container of containers) {
    const state = findContainerStatus(pod, container.name)?.state;
    const reason = state?.waiting?.reason ?? state?.terminated?.reason;
    const code = reason === undefined ? undefined : START_ERRORS[reason];
    if (code === undefined || reason === undefined) continue;
    const message = state?.waiting?.message ?? state?.terminated?.message ?? reason;
    return { kind: 'startFailure', stopCode: 'TaskFailedToStart', stoppedReason: reasons.clip(reasons.startError(code, message)), container: container.name };
  }
  return undefined;
}

/** A SUCCESS dependency that exited non-zero: the dependent container can never start (1.5). */
function dependencyFailed(containers: readonly TaskContainer[], pod: ObservedPod): StopCause | undefined {
  for (const container of containers) {
    if (hasStarted(pod, container.name)) continue;
    for (const dependency of container.dependsOn ?? []) {
      if (dependency.condition !== 'SUCCESS') continue;
      const exitCode = findContainerStatus(pod, dependency.containerName)?.state?.terminated?.exitCode;
      if (exitCode === undefined || exitCode === 0) continue;
      return {
        kind: 'dependencyFailed',
        stopCode: 'TaskFailedToStart',
        stoppedReason: reasons.dependencyFailed(container.name, dependency.containerName, dependency.condition, exitCode),
        container: dependency.containerName,
        exitCode,
      };
    }
  }
  return undefined;
}

/** 5.2: an essential container stopped, for any reason, stops the task. */
function essentialExit(containers: readonly TaskContainer[], pod: ObservedPod): StopCause | undefined {
  for (const container of containers) {
    if (!container.essential) continue;
    const terminated = findContainerStatus(pod, container.name)?.state?.terminated;
    if (terminated === undefined) continue;
    return { kind: 'essentialExit', stopCode: 'EssentialContainerExited', stoppedReason: reasons.ESSENTIAL_CONTAINER_EXITED, container: container.name, exitCode: terminated.exitCode };
  }
  return undefined;
}

/** The kubelet gave up on the Pod (a failed init container) with no cause above: it never started. */
function podFailed(pod: ObservedPod): StopCause | undefined {
  if (!isPodFinished(pod)) return undefined;
  return { kind: 'podFailed', stopCode: 'TaskFailedToStart', stoppedReason: reasons.TASK_FAILED_TO_START };
}

function hasStarted(pod: ObservedPod, name: string): boolean {
  const state = findContainerStatus(pod, name)?.state;
  return state?.running !== undefined || state?.terminated !== undefined;
}
