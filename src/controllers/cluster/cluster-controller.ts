// The Cluster controller: reports each Cluster as ECS's DescribeClusters shows it: its
// container instances (the Nodes it selects), task and service counts, and a Degraded
// condition for Nodes that two Clusters claim (those are used by neither).
import type { Cluster, ClusterStatus } from '../../api/v1alpha1/cluster.ts';
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import type { Service } from '../../api/v1alpha1/service.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';
import { bytesToMiB, cpuMillicores, memoryBytes, millicoresToCpuUnits } from '../../kube/quantity.ts';
import { clusters, nodes, services, tasks } from '../../kube/resources.ts';
import type { V1Node } from '../../kube/types.ts';
import type { ControllerRegistration } from '../controller-contract.ts';
import { done, requeueAfter } from '../../runtime/result.ts';
import { isDeepEqual } from '../../util/deep-equal.ts';
import { setCondition } from '../status/conditions.ts';

const maxConflictingNodesListed = 100;
/** How often the task and service counters are refreshed. */
const countsRefreshMs = 5_000;

export const clusterController: ControllerRegistration = {
  name: 'cluster',
  kind: 'Cluster',
  workers: 1,
  setup({ informers, kube, events, clock, view }, enqueue) {
    const clusterCache = informers.informer<Cluster>(clusters);
    const nodeCache = informers.informer<V1Node>(nodes);
    const taskCache = informers.informer<Task>(tasks);
    const serviceCache = informers.informer<Service>(services);

    const enqueueAll = () => {
      for (const c of clusterCache.list()) enqueue(c.metadata.name);
    };
    // Only what the spec says matters here (selector, tolerations, deletion): our own status
    // writes must not wake us, or a burst of tasks becomes a loop of counter writes.
    const clusterFingerprints = new Map<string, string>();
    clusterCache.onChange((c) => {
      const name = c.metadata.name;
      const live = clusterCache.get(name);
      const fingerprint = live === undefined ? '' : JSON.stringify([live.metadata.generation, live.metadata.deletionTimestamp ?? null, live.metadata.labels ?? null]);
      if (clusterFingerprints.get(name) === fingerprint) return;
      if (live === undefined) clusterFingerprints.delete(name);
      else clusterFingerprints.set(name, fingerprint);
      // Membership is relative: another Cluster's selector moves Nodes between Clusters.
      enqueueAll();
      enqueue(name);
    });
    // The view reports Node changes that matter (labels, allocatable, readiness...), not heartbeats.
    view.onNodeChange(enqueueAll);
    serviceCache.onChange((s) => enqueue(s.spec.cluster ?? DEFAULT_CLUSTER_NAME));
    // Task counts are read again on a timer rather than on every Task change: a burst of
    // thousands of Tasks would otherwise mean as many status writes for a few counters.

    return async (name) => {
      const cluster = clusterCache.get(name);
      if (cluster === undefined || cluster.metadata.deletionTimestamp !== undefined) return done;
      const now = new Date(clock.now());
      // The shared view, kept incrementally: nothing here walks every Pod. Remaining capacity is
      // what other Pods and the tasks' ECS reservations leave of each Node (as placement sees it).
      const { instances, ineligible, conflicting } = view.instancesOf(name);
      const members = [...instances.map((i) => i.id), ...ineligible.map((i) => i.node)];

      let active = 0;
      let draining = 0;
      let disconnected = 0;
      let registeredCpu = 0;
      let registeredMemory = 0;
      let remainingCpu = 0;
      let remainingMemory = 0;
      for (const nodeName of members) {
        const node = nodeCache.get(nodeName);
        const instance = view.instance(nodeName);
        if (node === undefined || instance === undefined) continue;
        // A cordon or a disruption taint, the same rule as the placement view.
        if (instance.status === 'DRAINING') draining++;
        else active++;
        if (!instance.agentConnected) disconnected++;
        registeredCpu += millicoresToCpuUnits(cpuMillicores(node.status?.allocatable?.cpu ?? '0'));
        registeredMemory += bytesToMiB(memoryBytes(node.status?.allocatable?.memory ?? '0'));
        let cpu = instance.registeredResources.cpu;
        let memory = instance.registeredResources.memory;
        for (const task of view.tasksOn(nodeName)) {
          cpu -= task.requirement.cpu;
          memory -= task.requirement.memory;
        }
        remainingCpu += Math.max(0, cpu);
        remainingMemory += Math.max(0, memory);
      }
      const ofCluster = (t: Cached<Task>) => (t.spec.cluster ?? DEFAULT_CLUSTER_NAME) === name;
      const clusterTasks = taskCache.list().filter(ofCluster);
      const generation = cluster.metadata.generation as number | undefined;
      let conditions = setCondition(cluster.status?.conditions, { type: 'Ready', status: 'True', reason: 'Active', message: `${members.length} container instances` }, generation, now);
      conditions = setCondition(
        conditions,
        conflicting.length === 0
          ? { type: 'Degraded', status: 'False', reason: 'NoConflicts', message: 'No Node is claimed by another Cluster' }
          : { type: 'Degraded', status: 'True', reason: 'NodesClaimedByAnotherCluster', message: `Nodes also selected by another Cluster are used by neither: ${conflicting.slice(0, 10).join(', ')}${conflicting.length > 10 ? ', ...' : ''}` },
        generation,
        now,
      );
      const status: ClusterStatus = {
        observedGeneration: generation,
        status: 'ACTIVE',
        registeredContainerInstancesCount: members.length,
        runningTasksCount: clusterTasks.filter((t) => t.status?.lastStatus === 'RUNNING').length,
        pendingTasksCount: clusterTasks.filter((t) => t.status?.lastStatus === 'PENDING').length,
        activeServicesCount: serviceCache.list().filter((s) => s.metadata.deletionTimestamp === undefined && (s.spec.cluster ?? DEFAULT_CLUSTER_NAME) === name).length,
        containerInstances: {
          active,
          draining,
          disconnected,
          conflicting: conflicting.length,
          conflictingNodes: conflicting.slice(0, maxConflictingNodesListed),
          registeredCpu,
          registeredMemory,
          remainingCpu,
          remainingMemory,
        },
        conditions,
      };
      if (isDeepEqual(status, cluster.status)) return requeueAfter(countsRefreshMs);
      const wasDegraded = cluster.status?.conditions?.find((c) => c.type === 'Degraded')?.status === 'True';
      if (conflicting.length > 0 && !wasDegraded) {
        await events.warning(cluster, 'NodesClaimedByAnotherCluster', `Nodes also selected by another Cluster are used by neither: ${conflicting.slice(0, 10).join(', ')}`);
      }
      await kube.patchStatus(clusters, { name }, status);
      return requeueAfter(countsRefreshMs);
    };
  },
};
