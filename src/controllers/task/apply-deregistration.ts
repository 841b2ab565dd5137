// Executes decideDeregistration (deregistration.ts) for the Task controller: the one write it
// needs, and how long to wait. Kept apart from task-controller.ts so that its hook there
// (stopTaskPod in apply-task-plan.ts) stays short.
import type { Task } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';
import type { ObjectWriter } from '../controller-contract.ts';
import { servingLabel } from '../../kube/task-pod.ts';
import type { V1Pod } from '../../kube/types.ts';
import { readDeregistrationDelaySeconds } from '../service-networking/task-annotations.ts';
import { decideDeregistration, deregisteredAtAnnotation } from './deregistration.ts';

/**
 * Before the Task controller deletes a task's Pod: takes a serving Pod out of the endpoints
 * and resolves to the milliseconds still to wait, or undefined when the Pod may go now.
 */
export async function applyDeregistration(kube: ObjectWriter, task: Cached<Task>, pod: Cached<V1Pod>, now: Date): Promise<number | undefined> {
  const delaySeconds = readDeregistrationDelaySeconds(task.metadata.annotations as Record<string, string> | undefined);
  const action = decideDeregistration({ pod, delaySeconds, now });
  switch (action.type) {
    case 'deregister':
      // Conditional on the Pod seen (uid): a Pod replaced meanwhile is not relabelled. A null
      // removes the label in a merge patch; the model type has no room for it, hence the cast.
      await kube.patch({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: pod.metadata?.name, namespace: pod.metadata?.namespace, uid: pod.metadata?.uid, labels: { [servingLabel]: null }, annotations: { [deregisteredAtAnnotation]: action.at } },
      } as never);
      return action.waitMs > 0 ? action.waitMs : undefined;
    case 'wait':
      return Math.max(1, action.untilMs - now.getTime());
    case 'delete':
      return undefined;
  }
}
