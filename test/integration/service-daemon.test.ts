// DAEMON services end to end: one task pinned (StartTask) to each ACTIVE instance of the
// Cluster that meets the constraints; a new Node gets one, a cordoned (DRAINING) Node has its
// task stopped, a removed Node's task is gone, and status.desiredCount follows (6.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';
import { createSandbox, healthyContainer, isLive, suiteLabel, type ServiceSandbox } from './service-helpers.ts';
import { kubectl } from './kubectl.ts';

let operator: RunningOperator;
let s: ServiceSandbox;

beforeAll(async () => {
  operator = await startOperator();
  s = await createSandbox('svc-daemon', 2);
});

afterAll(async () => {
  await s.cleanup();
  expect(await operator.stop(), operator.output().slice(-4000)).toBe(0);
});

describe('DAEMON services', () => {
  it('runs one task per eligible instance as Nodes are added, cordoned and removed', async () => {
    s.registerTaskDefinition('agent', [healthyContainer('registry.example/agent:1', { cpu: 128, memory: 128 })]);
    s.applyService('agent', { taskDefinition: 'agent', schedulingStrategy: 'DAEMON' });

    const placement = async () => {
      const live = (await s.tasksOf('agent')).filter(isLive);
      return live.map((t) => t.status?.containerInstance ?? t.spec.containerInstances?.[0] ?? '?').sort();
    };
    const expectDaemon = async (nodes: string[]) =>
      eventually(
        async () => {
          const svc = await s.readService('agent');
          expect(svc.status?.desiredCount).toBe(nodes.length);
          expect(svc.status?.runningCount).toBe(nodes.length);
          expect(await placement()).toEqual([...nodes].sort());
        },
        { timeoutMs: 45_000, intervalMs: 250 },
      );

    await expectDaemon(s.nodes);
    for (const t of (await s.tasksOf('agent')).filter(isLive)) {
      expect(t.spec.containerInstances).toHaveLength(1);
      expect(t.status?.containerInstance).toBe(t.spec.containerInstances?.[0]);
      expect(t.spec.group).toBe('service:agent');
    }

    const [added] = await s.addNodes(1);
    await expectDaemon([...s.nodes]);
    expect(s.nodes).toContain(added);

    const [cordoned] = s.nodes;
    expect(kubectl(s.kubeconfig, ['cordon', cordoned as string]).ok).toBe(true);
    await expectDaemon(s.nodes.filter((n) => n !== cordoned));
    const drained = (await s.tasksOf('agent')).filter((t) => t.status?.containerInstance === cordoned);
    for (const t of drained) expect(t.spec.desiredStatus).toBe('STOPPED');

    expect(kubectl(s.kubeconfig, ['uncordon', cordoned as string]).ok).toBe(true);
    await expectDaemon(s.nodes);

    await s.removeNodes([added as string]);
    await expectDaemon(s.nodes);

    // A Node that stops meeting a memberOf constraint has its task stopped.
    s.applyService('agent', { taskDefinition: 'agent', schedulingStrategy: 'DAEMON', placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone != us-east-1a' }] });
    const zones = await s.core.listNode({ labelSelector: `${suiteLabel}=${s.namespace}` });
    const outside = zones.items.filter((n) => n.metadata?.labels?.['topology.kubernetes.io/zone'] !== 'us-east-1a').map((n) => n.metadata?.name as string);
    await expectDaemon(outside);
  });
});
