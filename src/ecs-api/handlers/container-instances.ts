// DescribeContainerInstances, ListContainerInstances and UpdateContainerInstancesState over
// Nodes: a container instance is a Node of the Cluster; DRAINING is a cordoned Node.
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import type { ContainerInstanceView } from '../../domain/container-instance.ts';
import { nodes as nodeResource } from '../../kube/resources.ts';
import { compileQuery } from '../../placement/index.ts';
import { containerInstanceArn, parseClusterIdentifier, parseContainerInstanceIdentifier } from '../arn.ts';
import { ClusterView } from '../cluster-view.ts';
import type { EcsContext } from '../context.ts';
import { clusterNotFound, invalidParameter } from '../errors.ts';
import { toEcsContainerInstance, usageOf } from '../mapping/container-instance.ts';
import { missing } from '../mapping/failure.ts';
import type { EcsContainerInstance, EcsFailure } from '../shapes.ts';

export async function clusterView(ctx: EcsContext, identifier: string | undefined): Promise<{ view: ClusterView; cluster: string }> {
  const cluster = identifier === undefined ? DEFAULT_CLUSTER_NAME : parseClusterIdentifier(identifier);
  const view = new ClusterView(await ctx.kube.clusterObjects());
  if (view.cluster(cluster) === undefined) throw clusterNotFound();
  return { view, cluster };
}

/** Every container instance of `cluster` in ECS's shape, by Node name. */
export function describeAll(view: ClusterView, cluster: string): Map<string, EcsContainerInstance> {
  const all = view.allInstancesOf(cluster);
  const snapshot = view.snapshotOf(all);
  const { ineligible } = view.eligibleInstancesOf(cluster);
  const reasons = new Map(ineligible.map((i) => [i.node, i.message]));
  return new Map(all.map((instance) => [instance.id, toEcsContainerInstance(cluster, instance, usageOf(instance, snapshot.instance(instance.id)), reasons.get(instance.id))]));
}

export async function describeContainerInstances(ctx: EcsContext, request: { cluster?: string; containerInstances: string[] }): Promise<{ containerInstances: EcsContainerInstance[]; failures: EcsFailure[] }> {
  if (request.containerInstances.length === 0) throw invalidParameter('ContainerInstances cannot be empty.');
  if (request.containerInstances.length > 100) throw invalidParameter('ContainerInstances cannot contain more than 100 elements.');
  const { view, cluster } = await clusterView(ctx, request.cluster);
  const described = describeAll(view, cluster);
  const result: { containerInstances: EcsContainerInstance[]; failures: EcsFailure[] } = { containerInstances: [], failures: [] };
  for (const identifier of request.containerInstances) {
    const ref = parseContainerInstanceIdentifier(identifier);
    const instance = ref.cluster === undefined || ref.cluster === cluster ? described.get(ref.node) : undefined;
    if (instance === undefined) result.failures.push(missing(containerInstanceArn(cluster, ref.node)));
    else result.containerInstances.push(instance);
  }
  return result;
}

export async function listContainerInstances(ctx: EcsContext, request: { cluster?: string; filter?: string; status?: string }): Promise<{ containerInstanceArns: string[] }> {
  const { view, cluster } = await clusterView(ctx, request.cluster);
  let instances: ContainerInstanceView[] = view.allInstancesOf(cluster);
  if (request.status !== undefined) instances = instances.filter((i) => i.status === request.status);
  if (request.filter !== undefined) {
    const compiled = (() => {
      try {
        return compileQuery(request.filter);
      } catch (err) {
        throw invalidParameter(`Invalid filter expression '${request.filter}': ${(err as Error).message}`);
      }
    })();
    const snapshot = view.snapshotOf(instances);
    const facts = {
      view: (i: number) => snapshot.instances[i]!.view,
      runningTasksCount: (i: number) => snapshot.instances[i]!.runningTasksCount,
      hasTaskInGroup: (i: number, group: string) => (snapshot.instances[i]!.groupCounts.get(group) ?? 0) > 0,
    };
    instances = instances.filter((_, i) => compiled.matches(i, facts));
  }
  return { containerInstanceArns: instances.map((i) => containerInstanceArn(cluster, i.id)).sort() };
}

export async function updateContainerInstancesState(ctx: EcsContext, request: { cluster?: string; containerInstances: string[]; status: string }): Promise<{ containerInstances: EcsContainerInstance[]; failures: EcsFailure[] }> {
  if (request.status !== 'ACTIVE' && request.status !== 'DRAINING') throw invalidParameter('Container instance status must be ACTIVE or DRAINING.');
  const { view, cluster } = await clusterView(ctx, request.cluster);
  const members = new Set(view.allInstancesOf(cluster).map((i) => i.id));
  const failures: EcsFailure[] = [];
  const changed: string[] = [];
  for (const identifier of request.containerInstances) {
    const { node } = parseContainerInstanceIdentifier(identifier);
    if (!members.has(node)) {
      failures.push(missing(containerInstanceArn(cluster, node)));
      continue;
    }
    // kubectl cordon / uncordon.
    await ctx.kube.patch(nodeResource, node, undefined, { spec: { unschedulable: request.status === 'DRAINING' ? true : null } });
    changed.push(node);
  }
  const after = describeAll(new ClusterView(await ctx.kube.clusterObjects()), cluster);
  return { containerInstances: changed.flatMap((n) => after.get(n) ?? []), failures };
}
