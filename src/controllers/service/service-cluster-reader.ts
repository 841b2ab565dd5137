// What the Service controller reads about a Cluster, behind one narrow interface: the Cluster
// itself, its container instances (with status, zone and attributes), a placement snapshot of
// everything running in it, and the tasks of one service. It reads the Manager's shared cluster
// view, which the Task controller places from: both see the same instances, tasks and assumed
// placements, and nothing is rebuilt per reconcile.
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { ContainerInstanceView } from '../../domain/container-instance.ts';
import type { Cached } from '../../kube/cached.ts';
import type { ObjectCache } from '../../kube/informers.ts';
import type { ClusterSnapshot } from '../../placement/index.ts';
import { objectKey } from '../../runtime/keys.ts';
import { controllerOf, type OwnedObject } from '../../runtime/owners.ts';
import type { ClusterView } from '../cluster/cluster-view.ts';

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
  /** Every task holding resources in the Cluster (all services and standalone tasks, assumed ones included). */
  snapshotOf(clusterName: string): ClusterSnapshot;
  /** The Tasks a Service owns (controller ownerReference with this uid). */
  tasksOf(namespace: string, serviceUid: string): Cached<Task>[];
}

export class ViewServiceClusterReader implements ServiceClusterReader {
  readonly #view: ClusterView;
  readonly #tasks: ObjectCache<Task>;

  constructor(view: ClusterView, tasks: ObjectCache<Task>) {
    this.#view = view;
    this.#tasks = tasks;
  }

  cluster(name: string): Cached<Cluster> | undefined {
    return this.#view.cluster(name);
  }

  instancesOf(clusterName: string): ContainerInstanceView[] {
    const { instances, ineligible } = this.#view.instancesOf(clusterName);
    // A Node with no Pod slot left is full, not gone: its tasks keep running.
    const full = ineligible.flatMap((i) => {
      const instance = i.reason === 'PodsFull' ? this.#view.instance(i.node) : undefined;
      return instance === undefined ? [] : [instance];
    });
    return [...instances, ...full].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  snapshotOf(clusterName: string): ClusterSnapshot {
    return this.#view.snapshotOf(clusterName);
  }

  tasksOf(namespace: string, serviceUid: string): Cached<Task>[] {
    return this.#tasks.list(namespace).filter((t) => controllerOf(t as OwnedObject)?.uid === serviceUid);
  }
}
