// The container instances of every Cluster, observed from the caches: which Nodes each Cluster
// holds, how much of each Node is left after the Pods that are not tasks, and which Nodes cannot
// take tasks at all. Read-only; rebuilt for each reconcile that needs it (level-triggered).
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import type { ContainerInstanceView } from '../../domain/container-instance.ts';
import type { Cached } from '../../kube/cached.ts';
import { checkInstanceEligibility, computeNodeUsage, toContainerInstance, type ForeignUsage } from '../../kube/container-instances.ts';
import type { ObjectCache } from '../../kube/informers.ts';
import type { V1Node, V1Pod } from '../../kube/types.ts';
import { matchesLabelSelector } from '../../util/label-selector.ts';
import { computeMembership, nodesOfCluster, type Membership } from './membership.ts';

export interface ClusterCaches {
  clusters: ObjectCache<Cluster>;
  nodes: ObjectCache<V1Node>;
  pods: ObjectCache<V1Pod>;
}

export interface IneligibleNode {
  node: string;
  reason: string;
  message: string;
}

export interface ClusterInstances {
  /** Member Nodes that may take tasks, as container instances. */
  instances: ContainerInstanceView[];
  /** Member Nodes that may not (untolerated taints, no Pod slot left). */
  ineligible: IneligibleNode[];
  /** Nodes this Cluster claims together with another one: used by neither. */
  conflicting: string[];
}

export class ClusterState {
  readonly membership: Membership;
  readonly #caches: ClusterCaches;
  readonly #usage: Map<string, ForeignUsage>;

  /**
   * `isTaskPod` says which Pods are counted as tasks (by their ECS reservation) rather than
   * as plain Pods.
   */
  constructor(caches: ClusterCaches, isTaskPod: (pod: Cached<V1Pod>) => boolean) {
    this.#caches = caches;
    const clusters = caches.clusters.list().filter((c) => c.metadata.deletionTimestamp === undefined);
    const nodes = caches.nodes.list().map((n) => ({ name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} }));
    this.membership = computeMembership(
      clusters.map((c) => ({ name: c.metadata.name, nodeSelector: c.spec.nodeSelector })),
      nodes,
    );
    this.#usage = computeNodeUsage(caches.pods.list(), isTaskPod);
  }

  /** What the Pods not counted as tasks take from a Node. */
  usageOf(node: string): ForeignUsage | undefined {
    return this.#usage.get(node);
  }

  cluster(name: string): Cached<Cluster> | undefined {
    return this.#caches.clusters.get(name);
  }

  instancesOf(clusterName: string): ClusterInstances {
    const cluster = this.cluster(clusterName);
    const { members, conflicting } = nodesOfCluster(this.membership, clusterName);
    const instances: ContainerInstanceView[] = [];
    const ineligible: IneligibleNode[] = [];
    for (const name of members) {
      const node = this.#caches.nodes.get(name);
      if (node === undefined) continue;
      const usage = this.#usage.get(name);
      const eligibility = checkInstanceEligibility(node, usage, cluster?.spec.tolerations);
      if (!eligibility.eligible) {
        ineligible.push({ node: name, reason: eligibility.reason, message: eligibility.message });
        continue;
      }
      instances.push(
        toContainerInstance(node, usage, {
          reservedPorts: cluster?.spec.reservedPorts,
          capacityProviderOf: (n) => cluster?.spec.capacityProviders?.find((p) => matchesLabelSelector(p.nodeSelector, n.metadata?.labels ?? {}))?.name,
        }),
      );
    }
    return { instances, ineligible, conflicting };
  }
}
