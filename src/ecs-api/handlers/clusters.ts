// DescribeClusters and ListClusters over Cluster custom resources, with ECS's counters
// computed from the same view of the cluster that placement uses.
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import { clusterArn, parseClusterIdentifier } from '../arn.ts';
import { ClusterView } from '../cluster-view.ts';
import type { EcsContext } from '../context.ts';
import { invalidParameter } from '../errors.ts';
import { toEcsCluster, type ClusterCounts } from '../mapping/cluster.ts';
import { missing } from '../mapping/failure.ts';
import { serviceClusterOf } from '../mapping/service.ts';
import { taskClusterOf } from '../mapping/task.ts';
import type { EcsCluster, EcsFailure } from '../shapes.ts';
import type { Service } from '../../api/v1alpha1/service.ts';

/** ECS's counters of one Cluster (7.1), from the view and the Services (pure). */
export function countsOf(view: ClusterView, services: readonly Service[], cluster: string): ClusterCounts {
  const instances = view.allInstancesOf(cluster);
  const tasks = view.objects.tasks.filter((t) => taskClusterOf(t) === cluster);
  return {
    registeredContainerInstancesCount: instances.filter((i) => i.status === 'ACTIVE' || i.status === 'DRAINING').length,
    runningTasksCount: tasks.filter((t) => t.status?.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((t) => t.status?.lastStatus === 'PENDING').length,
    activeServicesCount: services.filter((s) => serviceClusterOf(s) === cluster && s.metadata.deletionTimestamp === undefined).length,
  };
}

export async function describeClusters(ctx: EcsContext, request: { clusters?: string[] }): Promise<{ clusters: EcsCluster[]; failures: EcsFailure[] }> {
  const identifiers = request.clusters === undefined || request.clusters.length === 0 ? [DEFAULT_CLUSTER_NAME] : request.clusters;
  if (identifiers.length > 100) throw invalidParameter('Clusters cannot contain more than 100 elements.');
  const [objects, services] = await Promise.all([ctx.kube.clusterObjects(), ctx.kube.services()]);
  // Only Clusters that exist are described; the implicit default is not one until created.
  const existing = new Set(objects.clusters.map((c) => c.metadata.name));
  const view = new ClusterView(objects);
  const result: { clusters: EcsCluster[]; failures: EcsFailure[] } = { clusters: [], failures: [] };
  for (const identifier of identifiers) {
    const name = parseClusterIdentifier(identifier);
    const cluster = view.cluster(name);
    if (cluster === undefined || !existing.has(name)) result.failures.push(missing(clusterArn(name)));
    else result.clusters.push(toEcsCluster(cluster, countsOf(view, services, name)));
  }
  return result;
}

export async function listClusters(ctx: EcsContext): Promise<{ clusterArns: string[] }> {
  const clusters = await ctx.kube.clusters();
  return { clusterArns: clusters.map((c) => clusterArn(c.metadata.name)).sort() };
}
