// A task as the placement engine sees it: where it is, which group it belongs to, what it
// holds on its instance.
import type { TaskRequirement } from './task-requirement.ts';

/** ECS-SEMANTICS 5.1. Every status but STOPPED (and DELETED) holds resources (2.2). */
export type TaskLastStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED'
  | 'DELETED';

export interface TaskView {
  taskArn: string;
  containerInstanceId: string;
  /** `family:<family>` for standalone tasks by default, `service:<name>` for service tasks. */
  group: string;
  lastStatus: TaskLastStatus;
  /**
   * STOPPED once the task is asked to stop. It holds its resources until lastStatus is STOPPED,
   * but no longer counts in its group: ECS "looks at the desired status of the tasks for task
   * placement" (spread, distinctInstance, task:group). Absent means RUNNING.
   */
  desiredStatus?: 'RUNNING' | 'STOPPED';
  requirement: TaskRequirement;
  /** Tasks with scale-in protection are never selected to stop (3.8). */
  protectedFromScaleIn?: boolean;
  /** `family:revision`, for callers that need it back. */
  taskDefinitionArn?: string;
}

/** Whether a task still holds resources, ports and group membership (2.2, Q19). */
export function holdsResources(status: TaskLastStatus): boolean {
  return status !== 'STOPPED' && status !== 'DELETED';
}

/** Whether a task counts in its group for placement: not once it is asked to stop (3.2). */
export function countsInGroup(task: Pick<TaskView, 'lastStatus' | 'desiredStatus'>): boolean {
  return holdsResources(task.lastStatus) && task.desiredStatus !== 'STOPPED';
}

/** ECS's default task group: `family:<family>` (ECS-SEMANTICS 3.7). One definition for every caller. */
export function defaultTaskGroup(family: string): string {
  return `family:${family}`;
}

/**
 * A placed task's status as the engine counts it: a task not yet reported PENDING (its
 * status still PROVISIONING, or none) already holds its reservation as PENDING does.
 */
export function placedTaskStatus(lastStatus: string | undefined): TaskLastStatus {
  return lastStatus === undefined || lastStatus === 'PROVISIONING' ? 'PENDING' : (lastStatus as TaskLastStatus);
}
