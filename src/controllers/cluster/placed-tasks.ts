// The tasks that hold resources on a Cluster's container instances, as the placement engine
// sees them, and which Pods are those tasks. Shared by the Task controller (from its caches)
// and the ECS API layer (from one list of each kind), so both build the same snapshot.
import type { Task } from '../../api/v1alpha1/task.ts';
import { placedTaskStatus, type TaskView } from '../../domain/task.ts';
import type { TaskRequirement } from '../../domain/task-requirement.ts';
import type { Cached } from '../../kube/cached.ts';
import type { ObjectCache } from '../../kube/informers.ts';
import { taskLabel } from '../../kube/task-pod.ts';
import type { V1Pod } from '../../kube/types.ts';
import { objectKey } from '../../runtime/keys.ts';

/** What a placed Task reserves; undefined while its revision is not known. */
export type RequirementOf = (task: Cached<Task>) => TaskRequirement | undefined;

/** The engine's view of a Task on `node`; a Task not yet PENDING counts as PENDING. */
export function taskViewOf(task: Cached<Task>, node: string, requirement: TaskRequirement): TaskView {
  const status = task.status;
  return {
    taskArn: objectKey({ namespace: task.metadata.namespace, name: task.metadata.name }),
    containerInstanceId: node,
    group: status?.group ?? task.spec.group ?? 'family:unknown',
    lastStatus: placedTaskStatus(status?.lastStatus),
    ...(task.spec.desiredStatus === 'STOPPED' ? { desiredStatus: 'STOPPED' as const } : {}),
    requirement,
  };
}

/**
 * The Tasks placed on one of `instanceIds` and not STOPPED. A Task whose requirement is not
 * known yet is left out: its Pod is counted by its requests instead (see isTaskPodOf).
 */
export function placedTaskViews(tasks: Iterable<Cached<Task>>, instanceIds: ReadonlySet<string>, requirementOf: RequirementOf): TaskView[] {
  const placed: TaskView[] = [];
  for (const task of tasks) {
    const node = task.status?.containerInstance;
    if (node === undefined || !instanceIds.has(node) || task.status?.lastStatus === 'STOPPED') continue;
    const requirement = requirementOf(task);
    if (requirement === undefined) continue;
    placed.push(taskViewOf(task, node, requirement));
  }
  return placed;
}

/** A Pod counts as a task (by its ECS reservation) only while its Task holds the Node. */
export function isTaskPodOf(tasks: ObjectCache<Task>, requirementOf: RequirementOf): (pod: Cached<V1Pod>) => boolean {
  return (pod) => {
    const name = pod.metadata?.labels?.[taskLabel];
    if (name === undefined) return false;
    const task = tasks.get(name, pod.metadata?.namespace);
    return task !== undefined && task.status?.containerInstance === pod.spec?.nodeName && task.status?.lastStatus !== 'STOPPED' && requirementOf(task) !== undefined;
  };
}
