// A Task's Pod, translated once per change of what it is made of (the Task's spec, labels and
// annotations, its revision, its Cluster's policy) rather than on every reconcile. The
// translation is made with no Node; the Node is filled in when the Pod is created.
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';
import { buildTaskPod, serviceLabel, type TaskPodResult } from '../../kube/task-pod.ts';
import { readLoadBalancerTargets } from '../service-networking/task-annotations.ts';
import { withTaskLabels } from './service-task-metadata.ts';

export interface TranslationRequest {
  task: Cached<Task>;
  taskDefinition: NormalizedTaskDefinition;
  revision: number;
  clusterName: string;
  cluster: Cached<Cluster> | undefined;
  group: string;
}

export class TaskPodTranslations {
  readonly #byUid = new Map<string, { fingerprint: string; result: TaskPodResult }>();

  of(request: TranslationRequest): TaskPodResult {
    const uid = request.task.metadata.uid as string;
    const fingerprint = fingerprintOf(request);
    const known = this.#byUid.get(uid);
    if (known?.fingerprint === fingerprint) return known.result;
    const result = translate(request);
    this.#byUid.set(uid, { fingerprint, result });
    return result;
  }

  forget(uid: string): void {
    this.#byUid.delete(uid);
  }
}

/** Everything the Pod depends on; the spec is immutable, so its generation stands for it. */
function fingerprintOf({ task, revision, clusterName, cluster, group }: TranslationRequest): string {
  const annotations = Object.entries((task.metadata.annotations ?? {}) as Record<string, string>).sort(([a], [b]) => a.localeCompare(b));
  const labels = Object.entries((task.metadata.labels ?? {}) as Record<string, string>).sort(([a], [b]) => a.localeCompare(b));
  return JSON.stringify([task.metadata.generation, revision, clusterName, cluster?.metadata.uid, cluster?.metadata.generation, group, labels, annotations]);
}

function translate({ task, taskDefinition, revision, clusterName, cluster, group }: TranslationRequest): TaskPodResult {
  const result = buildTaskPod({
    task: { name: task.metadata.name, namespace: task.metadata.namespace as string, uid: task.metadata.uid as string },
    taskDefinition,
    revision,
    cluster: clusterName,
    group,
    node: '',
    service: (task.metadata.labels as Record<string, string> | undefined)?.[serviceLabel],
    tolerations: cluster?.spec.tolerations as never,
    securityPolicy: cluster?.spec.securityPolicy as never,
    networkConfiguration: task.spec.networkConfiguration as never,
    // The service's loadBalancers[] pairs: a readiness check stands in for the target group's.
    loadBalancerTargets: readLoadBalancerTargets(task.metadata.annotations as Record<string, string> | undefined),
  });
  if (!result.ok) return result;
  // Task annotations travel to the Pod (Prometheus scraping, meshes, test hooks), kubectl's own excepted.
  const annotations = Object.entries((task.metadata.annotations ?? {}) as Record<string, string>).filter(([k]) => !k.startsWith('kubectl.kubernetes.io/'));
  result.pod.metadata = { ...result.pod.metadata, annotations: { ...Object.fromEntries(annotations), ...result.pod.metadata?.annotations } };
  withTaskLabels(result.pod, task.metadata.labels as Record<string, string> | undefined);
  return result;
}
