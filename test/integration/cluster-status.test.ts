// The Cluster's status as DescribeClusters reports it, end to end: container instance counts,
// registered and remaining resources (what the tasks' reservations leave), running and pending
// task counts, active services, draining instances, and a Node two Clusters claim.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Cluster } from '../../src/api/v1alpha1/cluster.ts';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';
import { kubectl } from './kubectl.ts';
import { eventually } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';
import { apiVersion, createSandbox, suiteLabel, type ServiceSandbox } from './service-helpers.ts';

let operator: RunningOperator;
let s: ServiceSandbox;

beforeAll(async () => {
  operator = await startOperator();
  // Two Nodes of 4 CPUs (4096 units) and 16 GiB (16384 MiB).
  s = await createSandbox('cluster-status', 2, { cpu: '4', memory: '16Gi' });
});

afterAll(async () => {
  kubectl(s.kubeconfig, ['delete', 'clusters.ecs.stevedore.dev', `${s.cluster}-rival`, '--ignore-not-found', '--wait=false']);
  await s.cleanup();
  expect(await operator.stop(), operator.output().slice(-4000)).toBe(0);
});

const readCluster = async (name = s.cluster) => (await s.custom.getClusterCustomObject({ group: GROUP, version: VERSION, plural: 'clusters', name })) as Cluster;
const condition = (c: Cluster, type: string) => c.status?.conditions?.find((x) => x.type === type);

describe('Cluster status', () => {
  it('counts instances, resources, tasks and services, and follows a cordon and a Node two Clusters claim', { timeout: 120_000 }, async () => {
    await eventually(async () => {
      const c = await readCluster();
      expect(c.status).toMatchObject({
        status: 'ACTIVE',
        registeredContainerInstancesCount: 2,
        runningTasksCount: 0,
        pendingTasksCount: 0,
        activeServicesCount: 0,
        containerInstances: { active: 2, draining: 0, disconnected: 0, conflicting: 0, registeredCpu: 8192, registeredMemory: 32768, remainingCpu: 8192, remainingMemory: 32768 },
      });
      expect(condition(c, 'Ready')?.status).toBe('True');
    }, { timeoutMs: 30_000, intervalMs: 250 });

    // A task reserves 512 CPU units and 1024 MiB; a service with no tasks is still active.
    s.registerTaskDefinition('app', [{ name: 'app', image: 'registry.example/app:1', cpu: 512, memory: 1024 }]);
    s.ecs.apply({ apiVersion, kind: 'Task', metadata: { name: 'one' }, spec: { cluster: s.cluster, taskDefinition: 'app' } });
    s.applyService('idle', { taskDefinition: 'app', desiredCount: 0 });
    await s.ecs.waitForTask('one', 'RUNNING');
    await eventually(async () => {
      expect((await readCluster()).status).toMatchObject({
        runningTasksCount: 1,
        activeServicesCount: 1,
        containerInstances: { registeredCpu: 8192, remainingCpu: 8192 - 512, registeredMemory: 32768, remainingMemory: 32768 - 1024 },
      });
    }, { timeoutMs: 30_000, intervalMs: 250 });

    // A cordoned Node is a DRAINING instance, still registered.
    const [first, second] = s.nodes as [string, string];
    expect(kubectl(s.kubeconfig, ['cordon', first]).ok).toBe(true);
    await eventually(async () => expect((await readCluster()).status).toMatchObject({ registeredContainerInstancesCount: 2, containerInstances: { active: 1, draining: 1 } }), { timeoutMs: 30_000, intervalMs: 250 });
    expect(kubectl(s.kubeconfig, ['uncordon', first]).ok).toBe(true);

    // A second Cluster selecting the same Node: neither uses it (it is no longer registered), both say so.
    s.ecs.apply({ apiVersion, kind: 'Cluster', metadata: { name: `${s.cluster}-rival` }, spec: { nodeSelector: { matchLabels: { [suiteLabel]: s.namespace, 'kubernetes.io/hostname': second } } } }, undefined);
    await eventually(async () => {
      const c = await readCluster();
      expect(c.status).toMatchObject({ registeredContainerInstancesCount: 1, containerInstances: { active: 1, draining: 0, conflicting: 1, conflictingNodes: [second] } });
      expect(condition(c, 'Degraded')).toMatchObject({ status: 'True', reason: 'NodesClaimedByAnotherCluster' });
    }, { timeoutMs: 30_000, intervalMs: 250 });
    expect(condition(await readCluster(`${s.cluster}-rival`), 'Degraded')?.status).toBe('True');
  });
});
