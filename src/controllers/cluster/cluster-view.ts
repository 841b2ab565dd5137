// The cluster view: what every controller that places or stops tasks sees of the container
// instances, as kube-scheduler's cache is shared by its plugins. The Manager builds one and
// hands it to every controller through the controller context; the CLI builds one from plain
// lists (`ClusterViewState.fromLists`, cluster-view-state.ts).
//
// It holds, per Cluster:
//   - the container instances (Nodes) with their registered resources, ports and attributes,
//     less what the Pods that are not tasks take, kept incrementally: a Pod, Task or Node
//     change updates that Node only;
//   - the tasks on each instance with their ECS reservation, group, startedBy and lastStatus;
//   - assumed placements: placements committed (or being committed) that the caches do not
//     show yet. Every placement reads them, so two controllers never overbook a Node;
//   - the engine snapshot (`snapshotOf`), fed from the above with withTasks/withoutTasks rather
//     than rebuilt per decision.
// Reads are synchronous and consistent with each other: nothing interleaves between them.
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import type { Cached } from '../../kube/cached.ts';
import type { ClusterSnapshot, ContainerInstanceView, TaskLastStatus, TaskRequirement } from '../../placement/index.ts';

/** A task that holds resources on a container instance: placed, not STOPPED. */
export interface ViewTask {
  /** `namespace/name` of the Task object; also its taskArn in snapshots. */
  readonly key: string;
  /** The container instance (Node name) it holds. */
  readonly containerInstance: string;
  /** `family:<family>` by default, `service:<name>` for service tasks. */
  readonly group: string;
  readonly startedBy?: string;
  /** PENDING while only assumed or not yet reported by the Task's status. */
  readonly lastStatus: TaskLastStatus;
  /** STOPPED once asked to stop: it still holds resources but no longer counts in its group. */
  readonly desiredStatus?: 'RUNNING' | 'STOPPED';
  /** What the task reserves, in ECS units. */
  readonly requirement: TaskRequirement;
  /** `family:revision`. */
  readonly taskDefinition?: string;
  /** True while this is an assumption the caches do not show yet. */
  readonly assumed: boolean;
}

/** A placement to hold until the caches show it committed. */
export interface AssumedPlacement {
  /** `namespace/name` of the Task. */
  key: string;
  containerInstance: string;
  group: string;
  startedBy?: string;
  requirement: TaskRequirement;
  taskDefinition?: string;
}

/** A member Node that may not take tasks at all, and why. */
export interface IneligibleInstance {
  node: string;
  reason: 'UntoleratedTaint' | 'PodsFull';
  message: string;
}

export interface ClusterInstances {
  /** Member Nodes that may take tasks (ACTIVE, or DRAINING when cordoned), sorted by id. */
  readonly instances: readonly ContainerInstanceView[];
  /** Member Nodes that may not (untolerated NoSchedule/NoExecute taints, no Pod slot left). */
  readonly ineligible: readonly IneligibleInstance[];
  /** Nodes this Cluster claims together with another one: used by neither. */
  readonly conflicting: readonly string[];
}

/** Why capacity may have changed: waiting tasks deserve another try. */
export type CapacityChangeReason =
  | 'TaskEnded' // a task reached STOPPED or was deleted
  | 'PodEnded' // a Pod finished, is being deleted, or is gone
  | 'NodeAdded'
  | 'NodeChanged' // allocatable, labels, schedulability, taints or readiness changed
  | 'NodeRemoved'
  | 'ClusterChanged' // a Cluster's spec (selector, tolerations, reserved ports...) changed
  | 'AssumptionForgotten'; // a placement that was held failed to commit

export interface CapacityChange {
  reason: CapacityChangeReason;
  /** The Cluster concerned when known; undefined may concern any Cluster. */
  cluster?: string;
  node?: string;
}

/** The read side and the assumption cache, as controllers use them. */
export interface ClusterView {
  /** The Cluster object, unless absent or being deleted. */
  cluster(name: string): Cached<Cluster> | undefined;
  /** The Cluster a Node serves; undefined for Nodes of no Cluster and for conflicts. */
  clusterOf(node: string): string | undefined;
  /** The container instances of a Cluster, eligible or not. */
  instancesOf(cluster: string): ClusterInstances;
  /** One Node as a container instance (whatever its eligibility); undefined when it is not a Node of any Cluster. */
  instance(node: string): ContainerInstanceView | undefined;
  /** Whether the Node exists at all (its tasks are lost when it does not). */
  hasNode(node: string): boolean;
  /** Tasks holding resources on a Node, assumed ones included. */
  tasksOn(node: string): readonly ViewTask[];
  /** Tasks holding resources in a Cluster, assumed ones included. */
  tasksOf(cluster: string): readonly ViewTask[];
  /** One task as the view holds it, if it holds resources. */
  task(key: string): ViewTask | undefined;
  /**
   * The engine's snapshot of a Cluster: its eligible instances with every task holding
   * resources there, assumed ones included. Cheap when nothing changed since the last call.
   */
  snapshotOf(cluster: string): ClusterSnapshot;

  /** Holds a placement until the Task cache shows it (then it is confirmed) or `forget`. */
  assume(placement: AssumedPlacement): void;
  /** Drops an assumption (the commit failed, or the Task is gone). Idempotent. */
  forget(key: string): void;
  /** True while a placement for the Task is assumed and not yet in the cache. */
  isAssumed(key: string): boolean;

  /** Calls `listener` whenever capacity may have changed (never for a mere Node heartbeat). */
  onCapacityChange(listener: (change: CapacityChange) => void): void;
  /**
   * Calls `listener` when a Node's container-instance view changed (readiness, labels,
   * allocatable, schedulability, taints) or the Node went away: its tasks may need a look.
   */
  onNodeChange(listener: (node: string) => void): void;
}
