// A Cluster custom resource as ECS's Cluster (DescribeClusters). Pure.
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import { clusterArn } from '../arn.ts';
import type { EcsCluster } from '../shapes.ts';

export interface ClusterCounts {
  registeredContainerInstancesCount: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
}

/** Counts come from the view (always current); the Cluster controller's status shows the same. */
export function toEcsCluster(cluster: Cluster, counts: ClusterCounts): EcsCluster {
  const name = cluster.metadata.name;
  return {
    clusterArn: clusterArn(name),
    clusterName: name,
    status: cluster.metadata.deletionTimestamp === undefined ? (cluster.status?.status ?? 'ACTIVE') : 'INACTIVE',
    ...counts,
    statistics: [],
    tags: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: (cluster.spec.capacityProviders ?? []).map((p) => p.name),
    defaultCapacityProviderStrategy: (cluster.spec.defaultCapacityProviderStrategy ?? []).map((s) => ({ ...s })),
  };
}
