// Keeps a ClusterViewState up to date from the shared informers: each change of a Cluster,
// Node, Pod or Task is handed over as it comes (the cache no longer holding an object means it
// was deleted). The Manager calls this once, before the controllers' setup, so every
// controller reads the same view.
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import type { TaskDefinition } from '../../api/v1alpha1/task-definition.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import { clusters, controllerRevisions, nodes, pods, taskDefinitions, tasks } from '../../kube/resources.ts';
import type { V1ControllerRevision, V1Node, V1Pod } from '../../kube/types.ts';
import type { CacheSource } from '../controller-contract.ts';
import { TaskRequirements } from '../task/task-requirements.ts';
import { taskDefinitionLabel } from '../task-definition/revision-names.ts';
import { RevisionStore } from '../task-definition/revision-store.ts';
import { ClusterViewState } from './cluster-view-state.ts';

export function createClusterView(informers: CacheSource): ClusterViewState {
  const clusterCache = informers.informer<Cluster>(clusters);
  const nodeCache = informers.informer<V1Node>(nodes);
  // Every Pod, not only ours: a Node's remaining capacity counts them all.
  const podCache = informers.informer<V1Pod>(pods);
  const taskCache = informers.informer<Task>(tasks);
  const definitionCache = informers.informer<TaskDefinition>(taskDefinitions);
  const revisionCache = informers.informer<V1ControllerRevision>(controllerRevisions, { labelSelector: taskDefinitionLabel });

  const view = new ClusterViewState(new TaskRequirements(new RevisionStore(definitionCache, revisionCache)));
  clusterCache.onChange((cluster) => {
    if (clusterCache.get(cluster.metadata.name) === undefined) view.removeCluster(cluster.metadata.name);
    else view.upsertCluster(cluster);
  });
  nodeCache.onChange((node) => {
    const name = node.metadata?.name ?? '';
    if (nodeCache.get(name) === undefined) view.removeNode(name);
    else view.upsertNode(node);
  });
  podCache.onChange((pod) => {
    const { name = '', namespace } = pod.metadata ?? {};
    if (podCache.get(name, namespace) === undefined) view.removePod(namespace, name);
    else view.upsertPod(pod);
  });
  taskCache.onChange((task) => {
    const { name, namespace } = task.metadata;
    if (taskCache.get(name, namespace) === undefined) view.removeTask(namespace, name);
    else view.upsertTask(task);
  });
  definitionCache.onChange(() => view.definitionsChanged());
  revisionCache.onChange(() => view.definitionsChanged());
  return view;
}
