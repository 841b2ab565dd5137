// What the Service controller tells the Task controller through a Task's metadata:
//   - the Task's labels travel to its Pod, as its annotations do, so a Service's
//     `spec.taskTemplate.metadata.labels` reach every task Pod (Prometheus, meshes,
//     NetworkPolicies select on them). The labels the Pod builder sets win, so a user label
//     can never untie a Pod from its Task;
//   - a stop the service scheduler asked for carries `stopInitiatorAnnotation`, so the task
//     stops with stopCode ServiceSchedulerInitiated rather than UserInitiated (ECS-SEMANTICS 5.3).
import type { Cached } from '../../kube/cached.ts';
import type { V1Pod } from '../../kube/types.ts';
import type { StopInitiator } from './stop-cause.ts';

export const stopInitiatorAnnotation = 'ecs.stevedore.dev/stop-initiator';

export function withTaskLabels(pod: V1Pod, taskLabels: Cached<Record<string, string>> | undefined): V1Pod {
  if (taskLabels === undefined || Object.keys(taskLabels).length === 0) return pod;
  pod.metadata = { ...pod.metadata, labels: { ...taskLabels, ...pod.metadata?.labels } };
  return pod;
}

/** Who asked for the stop: the service scheduler when it says so, else the user. */
export function stopInitiatorOf(annotations: Cached<Record<string, string>> | undefined): StopInitiator {
  return annotations?.[stopInitiatorAnnotation] === 'ServiceSchedulerInitiated' ? 'ServiceSchedulerInitiated' : 'UserInitiated';
}
