// One read of the cluster as plain lists (Clusters, Nodes, Pods, Tasks, TaskDefinitions and
// their revisions), turned into what the ECS verbs need: container instances per Cluster,
// the placement engine's snapshot, and what each Task reserves. It reuses the operator's own
// ClusterState, placed-task views and revision store over list-backed caches, so the CLI's
// run-task sees the cluster exactly as the Task controller would at that moment.
import { DEFAULT_CLUSTER_NAME, type Cluster } from '../api/v1alpha1/cluster.ts';
import { API_VERSION } from '../api/v1alpha1/meta.ts';
import type { Task } from '../api/v1alpha1/task.ts';
import type { TaskDefinition } from '../api/v1alpha1/task-definition.ts';
import { ClusterState, type ClusterInstances } from '../controllers/cluster/cluster-state.ts';
import { nodesOfCluster } from '../controllers/cluster/membership.ts';
import { isTaskPodOf, placedTaskViews } from '../controllers/cluster/placed-tasks.ts';
import { RevisionStore } from '../controllers/task-definition/revision-store.ts';
import { TaskRequirements } from '../controllers/task/task-requirements.ts';
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import type { TaskRequirement } from '../domain/task-requirement.ts';
import type { Cached } from '../kube/cached.ts';
import { toContainerInstance } from '../kube/container-instances.ts';
import { listCache } from '../kube/list-cache.ts';
import type { V1ControllerRevision, V1Node, V1Pod } from '../kube/types.ts';
import { ClusterSnapshot } from '../placement/index.ts';
import { matchesLabelSelector } from '../util/label-selector.ts';

export interface ClusterObjects {
  clusters: readonly Cluster[];
  nodes: readonly V1Node[];
  pods: readonly V1Pod[];
  /** Every Task in every namespace: all of them hold capacity. */
  tasks: readonly Task[];
  taskDefinitions: readonly TaskDefinition[];
  revisions: readonly V1ControllerRevision[];
}

/** The `default` Cluster as the operator creates it on first use. */
export const implicitDefaultCluster: Cluster = {
  apiVersion: API_VERSION as Cluster['apiVersion'],
  kind: 'Cluster',
  metadata: { name: DEFAULT_CLUSTER_NAME },
  spec: { securityPolicy: { allowPrivileged: false, allowHostNetwork: false, allowHostPath: false }, stoppedTaskRetention: '1h', placementTimeout: '30m' },
};

export class ClusterView {
  readonly objects: ClusterObjects;
  readonly revisions: RevisionStore;
  readonly #requirements: TaskRequirements;
  readonly #state: ClusterState;
  readonly #nodes: Map<string, V1Node>;

  constructor(objects: ClusterObjects) {
    // ECS creates `default` on first use; until the operator has, it exists with defaults.
    const clusters = objects.clusters.some((c) => c.metadata.name === DEFAULT_CLUSTER_NAME) ? objects.clusters : [...objects.clusters, implicitDefaultCluster];
    this.objects = { ...objects, clusters };
    this.revisions = new RevisionStore(listCache(objects.taskDefinitions as TaskDefinition[]), listCache(objects.revisions as V1ControllerRevision[]));
    this.#requirements = new TaskRequirements(this.revisions);
    const taskCache = listCache(objects.tasks as Task[]);
    this.#state = new ClusterState(
      { clusters: listCache(clusters as Cluster[]), nodes: listCache(objects.nodes as V1Node[]), pods: listCache(objects.pods as V1Pod[]) },
      isTaskPodOf(taskCache, (t) => this.requirementOf(t)),
    );
    this.#nodes = new Map(objects.nodes.map((n) => [n.metadata?.name ?? '', n]));
  }

  cluster(name: string): Cluster | undefined {
    return this.objects.clusters.find((c) => c.metadata.name === name);
  }

  node(name: string): V1Node | undefined {
    return this.#nodes.get(name);
  }

  /** The Cluster a Node serves, if exactly one. */
  clusterOfNode(node: string): string | undefined {
    return this.#state.membership.clusterOf.get(node);
  }

  requirementOf(task: Cached<Task>): TaskRequirement | undefined {
    return this.#requirements.of(task);
  }

  /** The member Nodes that may take tasks, and those that may not (with why). */
  eligibleInstancesOf(cluster: string): ClusterInstances {
    return this.#state.instancesOf(cluster);
  }

  /** Every member Node as a container instance, eligible or not (describe and list). */
  allInstancesOf(cluster: string): ContainerInstanceView[] {
    const spec = this.cluster(cluster)?.spec;
    return nodesOfCluster(this.#state.membership, cluster).members.flatMap((name) => {
      const node = this.#nodes.get(name);
      if (node === undefined) return [];
      return [
        toContainerInstance(node as Cached<V1Node>, this.#state.usageOf(name), {
          reservedPorts: spec?.reservedPorts,
          capacityProviderOf: (n) => spec?.capacityProviders?.find((p) => matchesLabelSelector(p.nodeSelector, n.metadata?.labels ?? {}))?.name,
        }),
      ];
    });
  }

  /** The engine's snapshot of `instances` with every placed, not stopped Task on them. */
  snapshotOf(instances: readonly ContainerInstanceView[]): ClusterSnapshot {
    const ids = new Set(instances.map((i) => i.id));
    return ClusterSnapshot.build(instances, placedTaskViews(this.objects.tasks as Cached<Task>[], ids, (t) => this.requirementOf(t)));
  }
}
