// Which Cluster each Node belongs to (DESIGN.md): a Node belongs to at most one Cluster. A Node
// selected by two Clusters is a conflict, reported on both and used by neither. The Cluster
// named `default` holds every Node that no other Cluster selects (narrowed by its own selector
// if it has one).
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import { isEmptySelector, matchesLabelSelector, type LabelSelector } from '../../util/label-selector.ts';

export interface ClusterSelector {
  name: string;
  nodeSelector?: LabelSelector;
}

export interface NodeLabels {
  name: string;
  labels: Readonly<Record<string, string>>;
}

export interface Membership {
  /** Node name to the Cluster it serves; absent for Nodes of no Cluster and for conflicts. */
  clusterOf: Map<string, string>;
  /** Node name to the Clusters that all claim it. */
  conflicts: Map<string, string[]>;
}

export function computeMembership(clusters: readonly ClusterSelector[], nodes: readonly NodeLabels[]): Membership {
  const explicit = clusters.filter((c) => c.name !== DEFAULT_CLUSTER_NAME);
  const defaultCluster = clusters.find((c) => c.name === DEFAULT_CLUSTER_NAME);
  const clusterOf = new Map<string, string>();
  const conflicts = new Map<string, string[]>();
  for (const node of nodes) {
    const claims = explicit.filter((c) => matchesLabelSelector(c.nodeSelector, node.labels)).map((c) => c.name);
    if (claims.length > 1) conflicts.set(node.name, claims.sort());
    else if (claims.length === 1) clusterOf.set(node.name, claims[0]!);
    else if (defaultCluster !== undefined && (isEmptySelector(defaultCluster.nodeSelector) || matchesLabelSelector(defaultCluster.nodeSelector, node.labels))) {
      clusterOf.set(node.name, DEFAULT_CLUSTER_NAME);
    }
  }
  return { clusterOf, conflicts };
}

/** The Nodes of one Cluster, and the Nodes it claims together with another Cluster. */
export function nodesOfCluster(membership: Membership, cluster: string): { members: string[]; conflicting: string[] } {
  const members = [...membership.clusterOf].filter(([, c]) => c === cluster).map(([n]) => n);
  const conflicting = [...membership.conflicts].filter(([, cs]) => cs.includes(cluster)).map(([n]) => n);
  return { members: members.sort(), conflicting: conflicting.sort() };
}
