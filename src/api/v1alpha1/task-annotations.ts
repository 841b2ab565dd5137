// Annotations on a Task that other controllers set and the Task controller reads. Named once,
// here, never as literals at call sites.

/**
 * Who asked the task to stop, set together with `spec.desiredStatus: STOPPED`:
 * `ServiceSchedulerInitiated` when the service scheduler stops it (scale-in, replacement,
 * deployment); absent or `UserInitiated` for StopTask. It becomes the task's stopCode.
 */
export const STOP_INITIATOR_ANNOTATION = 'ecs.stevedore.dev/stop-initiator';
