// stoppedReason texts (ECS-SEMANTICS 5.4). ECS's own texts are reproduced exactly; where ECS's
// wording is unknown the text is ours and says so here (docs/task-lifecycle.md lists them all).

/** [O] ECS's exact text (EventBridge sample, G53). */
export const ESSENTIAL_CONTAINER_EXITED = 'Essential container in task exited';

/** [O] ECS's text for a task that never reached RUNNING; a detail may follow after ": " (ours). */
export const TASK_FAILED_TO_START = 'Task failed to start';

/**
 * StopTask without a reason. ECS-SEMANTICS Q13: the re:Post heading "Task stopped by user",
 * approximate (a third-party report quotes "Stopped by user." instead).
 */
export const TASK_STOPPED_BY_USER = 'Task stopped by user';

/** [F] Prefixes of the stopped-task error codes page; the kubelet's message follows. */
export const CANNOT_PULL_CONTAINER_ERROR = 'CannotPullContainerError';
export const CANNOT_CREATE_CONTAINER_ERROR = 'CannotCreateContainerError';
export const CANNOT_START_CONTAINER_ERROR = 'CannotStartContainerError';
export const RESOURCE_INITIALIZATION_ERROR = 'ResourceInitializationError';
export type StartErrorCode =
  | typeof CANNOT_PULL_CONTAINER_ERROR
  | typeof CANNOT_CREATE_CONTAINER_ERROR
  | typeof CANNOT_START_CONTAINER_ERROR
  | typeof RESOURCE_INITIALIZATION_ERROR;

/** [O] ECS's container reason for an out-of-memory kill, as seen in the field. */
export const OUT_OF_MEMORY = 'OutOfMemoryError: Container killed due to memory usage';

/** Ours: ECS has no Pod; someone deleted or evicted the task's Pod. */
export const POD_DELETED = 'Task stopped because its Pod was deleted';

/** Ours, in the form of ECS's host-termination message, with the Node as the instance id. */
export const instanceTerminated = (node: string): string => `Host EC2 (instance ${node}) terminated.`;

/** "Task failed to start: RESOURCE:MEMORY, RESOURCE:PORTS" (the suffix is ours). */
export const taskFailedToStart = (detail?: string): string => (detail === undefined || detail === '' ? TASK_FAILED_TO_START : `${TASK_FAILED_TO_START}: ${detail}`);

export const startError = (code: StartErrorCode, message: string): string => `${code}: ${message}`;

/** Ours, after ECS's prefix: which dependsOn condition can no longer be met. */
export const dependencyFailed = (container: string, dependency: string, condition: string, exitCode: number): string =>
  taskFailedToStart(`container ${container} depends on ${dependency} (${condition}), which exited with code ${exitCode}`);

/** status.stoppedReason holds at most 1024 characters. */
export const MAX_REASON_LENGTH = 1024;
export const clip = (text: string, max = MAX_REASON_LENGTH): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
