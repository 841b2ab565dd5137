// What the Service controller reads about a Cluster, behind one narrow interface: the Cluster
// itself, its container instances (with status, zone and attributes), a placement snapshot of
// everything running in it, and the tasks of one service. The Manager's shared cluster view
// (branch `view`) will implement the same interface; until then `CacheServiceClusterReader`
// builds it from the informer caches with the Cluster controller's membership rules.
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { ContainerInstanceView } from '../../domain/container-instance.ts';
import type { Cached } from '../../kube/cached.ts';
import { checkInstanceEligibility, computeNodeUsage, toContainerInstance } from '../../kube/container-instances.ts';
import type { ObjectCache } from '../../kube/informers.ts';
import { taskLabel } from '../../kube/task-pod.ts';
import type { V1Node, V1Pod } from '../../kube/types.ts';
import { ClusterSnapshot } from '../../placement/index.ts';
import { matchesLabelSelector } from '../../util/label-selector.ts';
import { computeMembership, nodesOfCluster } from '../cluster/membership.ts';
import { placedTaskViews } from '../cluster/placed-tasks.ts';
import { objectKey } from '../../runtime/keys.ts';
import { controllerOf, type OwnedObject } from '../../runtime/owners.ts';
import type { TaskRequirements } from '../task/task-requirements.ts';

/** A task's "ARN" for the planner and the placement snapshot alike: `namespace/name`. */
export const taskKeyOf = (task: Cached<Task>): string => objectKey({ namespace: task.metadata.namespace, name: task.metadata.name });

export interface ServiceClusterReader {
  cluster(name: string): Cached<Cluster> | undefined;
  /**
   * The Cluster's container instances: ACTIVE and DRAINING (cordoned) Nodes, with agentConnected
   * false for Nodes that are not Ready. Nodes the Cluster's tolerations do not allow are left
   * out: no task may run there, so the scheduler treats their tasks as lost.
   */
  instancesOf(clusterName: string): ContainerInstanceView[];
  /** Every task holding resources in the Cluster (all services and standalone tasks). */
  snapshotOf(clusterName: string, instances: readonly ContainerInstanceView[]): ClusterSnapshot;
  /** The Tasks a Service owns (controller ownerReference with this uid). */
  tasksOf(namespace: string, serviceUid: string): Cached<Task>[];
}

export interface ServiceClusterCaches {
  clusters: ObjectCache<Cluster>;
  nodes: ObjectCache<V1Node>;
  pods: ObjectCache<V1Pod>;
  tasks: ObjectCache<Task>;
}

export class CacheServiceClusterReader implements ServiceClusterReader {
  readonly #caches: ServiceClusterCaches;
  readonly #requirements: TaskRequirements;

  constructor(caches: ServiceClusterCaches, requirements: TaskRequirements) {
    this.#caches = caches;
    this.#requirements = requirements;
  }

  cluster(name: string): Cached<Cluster> | undefined {
    return this.#caches.clusters.get(name);
  }

  instancesOf(clusterName: string): ContainerInstanceView[] {
    const clusters = this.#caches.clusters.list().filter((c) => c.metadata.deletionTimestamp === undefined);
    const nodes = this.#caches.nodes.list();
    const membership = computeMembership(
      clusters.map((c) => ({ name: c.metadata.name, nodeSelector: c.spec.nodeSelector })),
      nodes.map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} })),
    );
    const { members } = nodesOfCluster(membership, clusterName);
    const cluster = this.cluster(clusterName);
    const usage = computeNodeUsage(this.#caches.pods.list(), (pod) => this.#isTaskPod(pod));
    const instances: ContainerInstanceView[] = [];
    for (const name of members) {
      const node = this.#caches.nodes.get(name);
      if (node === undefined) continue;
      const eligibility = checkInstanceEligibility(node, usage.get(name), cluster?.spec.tolerations);
      // A Node with no Pod slot left is full, not gone: its tasks keep running.
      if (!eligibility.eligible && eligibility.reason !== 'PodsFull') continue;
      instances.push(
        toContainerInstance(node, usage.get(name), {
          reservedPorts: cluster?.spec.reservedPorts,
          capacityProviderOf: (n) => cluster?.spec.capacityProviders?.find((p) => matchesLabelSelector(p.nodeSelector, n.metadata?.labels ?? {}))?.name,
        }),
      );
    }
    return instances;
  }

  snapshotOf(_clusterName: string, instances: readonly ContainerInstanceView[]): ClusterSnapshot {
    const ids = new Set(instances.map((i) => i.id));
    return ClusterSnapshot.build(instances, placedTaskViews(this.#caches.tasks.list(), ids, (task) => this.#requirements.of(task)));
  }

  tasksOf(namespace: string, serviceUid: string): Cached<Task>[] {
    return this.#caches.tasks.list(namespace).filter((t) => controllerOf(t as OwnedObject)?.uid === serviceUid);
  }

  /** As the Task controller counts them: a task Pod is counted by its Task's reservation. */
  #isTaskPod(pod: Cached<V1Pod>): boolean {
    const name = pod.metadata?.labels?.[taskLabel];
    if (name === undefined) return false;
    const task = this.#caches.tasks.get(name, pod.metadata?.namespace);
    return task !== undefined && task.status?.containerInstance === pod.spec?.nodeName && task.status?.lastStatus !== 'STOPPED' && this.#requirements.of(task) !== undefined;
  }
}
