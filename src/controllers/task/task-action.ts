// What the Task controller must do after a status derivation: data, executed by the controller
// (STYLE.md 7 and 9: plan in the pure core, apply at the edge). All of them are idempotent.

export type TaskEventReason = 'Started' | 'Stopping' | 'Stopped' | 'ImagePullFailed' | 'EssentialContainerExited' | 'HealthStatusChanged' | 'AgentDisconnected';

export interface TaskEvent {
  type: 'event';
  eventType: 'Normal' | 'Warning';
  reason: TaskEventReason;
  message: string;
}

export type TaskAction =
  /** Stop the task's containers: SIGTERM, then SIGKILL after the grace period (ECS stopTimeout). A 404 is success. */
  | { type: 'deletePod'; gracePeriodSeconds: number }
  /** The stopped task's retention is over: garbage-collect the Task (its Pod goes with it). */
  | { type: 'deleteTask' }
  /** Reconcile again after this long even if nothing changes (a timer is due). */
  | { type: 'requeueAfter'; ms: number }
  | TaskEvent;
