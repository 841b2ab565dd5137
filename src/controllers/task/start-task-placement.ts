// StartTask for a Task that names its container instance (`spec.containerInstances`, as DAEMON
// service tasks do): no constraints or strategies, only ECS's StartTask checks of the named
// instance (ECS-SEMANTICS 4.1: MISSING, INACTIVE, AGENT, RESOURCE:*). An instance that is not
// an eligible member of the Task's Cluster is not in the snapshot, so it is MISSING. The Task
// waits in PROVISIONING with the reason and is tried again when capacity appears, as ECS keeps
// retrying a daemon task on its instance until room appears (6.3).
//
// Kept apart from task-controller.ts so that the Task controller's only change is which engine
// entry point its `place` calls.
import type { Task } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';
import { checkStartTask, type ClusterSnapshot, type RunTaskOutcome, type TaskRequirement } from '../../placement/index.ts';

export interface NamedInstanceRequest {
  task: Cached<Task>;
  /** The Task's key, its "ARN" in the engine. */
  key: string;
  group: string;
  requirement: TaskRequirement;
  taskDefinitionArn: string;
}

/** The container instance a Task names (StartTask), if it names one. */
export function namedInstanceOf(task: Cached<Task>): string | undefined {
  return task.spec.containerInstances?.[0];
}

/** StartTask on the named instance, in the shape of runTask's outcome. */
export function startTaskOnNamedInstance(request: NamedInstanceRequest, snapshot: ClusterSnapshot): RunTaskOutcome {
  const instance = namedInstanceOf(request.task);
  const outcome = checkStartTask(
    {
      containerInstanceIds: instance === undefined ? [] : [instance],
      group: request.group,
      requirement: request.requirement,
      taskArns: [request.key],
      taskDefinitionArn: request.taskDefinitionArn,
    },
    snapshot,
  );
  if ('error' in outcome) return outcome;
  const unplaced = outcome.placements.length === 0 ? 1 : 0;
  return { ...outcome, unplacedCount: unplaced, explanations: [] };
}
