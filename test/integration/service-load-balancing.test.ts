// Load-balanced ECS services end to end, through the real service scheduler (ECS-SEMANTICS 6.8,
// 6.9, 6.14): the core Service's EndpointSlices follow scale-out, scale-in and a rolling
// deployment; a task without a container health check counts as healthy once its target is
// (the Pod is Ready), not after the 40-second rule; and a target that fails gets ECS's
// unhealthy-target event and is replaced start-first with the ELB stop reason.
import { DiscoveryV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/api/v1alpha1/task.ts';
import { eventually } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';
import { failReadinessUntilStopped, isLive, primaryOf, sandboxPool, waitForSteady, type ServiceSandbox } from './service-helpers.ts';

let operator: RunningOperator;
const { sandbox, cleanupAll } = sandboxPool();

const targetGroupArn = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067';
/** No healthCheck: the target's health (the Pod's readiness) is the only signal (6.8, row 3). */
const webContainer = (image: string) => ({ name: 'nginx', image, cpu: 128, memory: 128, portMappings: [{ containerPort: 80 }] });
const webService = (desiredCount: number, deploymentConfiguration: Record<string, unknown>) => ({
  taskDefinition: 'web',
  desiredCount,
  deploymentConfiguration,
  loadBalancers: [{ targetGroupArn, containerName: 'nginx', containerPort: 80 }],
  deregistrationDelaySeconds: 1,
});

beforeAll(async () => {
  operator = await startOperator();
});

afterAll(async () => {
  await cleanupAll();
  expect(await operator.stop(), operator.output().slice(-4000)).toBe(0);
});

/** Pod name -> ready, as the core Service's EndpointSlices say. */
async function endpointsOf(s: ServiceSandbox, service: string): Promise<Record<string, boolean>> {
  const slices = await s.kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: s.namespace, labelSelector: `kubernetes.io/service-name=${service}` });
  const out: Record<string, boolean> = {};
  for (const slice of slices.items) for (const e of slice.endpoints ?? []) out[e.targetRef?.name ?? '?'] = e.conditions?.ready === true;
  return out;
}

const readyEndpoints = async (s: ServiceSandbox) => Object.entries(await endpointsOf(s, 'web-nginx-80')).filter(([, ready]) => ready).map(([name]) => name).sort();
const runningTasks = async (s: ServiceSandbox) => (await s.tasksOf('web')).filter((t) => isLive(t) && t.status?.lastStatus === 'RUNNING');
const names = (tasks: readonly Task[]) => tasks.map((t) => t.metadata.name).sort();

describe.concurrent('a load-balanced service', () => {
  it('is healthy once its targets are Ready, and its endpoints follow scale-out, scale-in and a rolling deployment', { timeout: 180_000 }, async () => {
    const s = await sandbox('svc-lb', 3);
    s.registerTaskDefinition('web', [webContainer('nginx:1.27')]);
    s.applyService('web', webService(2, { minimumHealthyPercent: 50, maximumPercent: 200 }));
    const steady = await waitForSteady(s, 'web', 2);
    // Steady on target health, before the 40 seconds a task without any health signal must run.
    const tasks = await runningTasks(s);
    const steadyAt = Date.parse(steady.status?.events?.find((e) => e.message === 'service (web) has reached a steady state.')?.createdAt ?? '');
    const lastStart = Math.max(...tasks.map((t) => Date.parse(t.status?.startedAt ?? '')));
    expect(steadyAt - lastStart).toBeLessThan(40_000);
    await eventually(async () => expect(await readyEndpoints(s)).toEqual(names(tasks)), { timeoutMs: 30_000 });

    // Scale-out and scale-in: the endpoints are exactly the RUNNING tasks' Pods.
    s.applyService('web', webService(4, { minimumHealthyPercent: 50, maximumPercent: 200 }));
    await waitForSteady(s, 'web', 4);
    await eventually(async () => expect(await readyEndpoints(s)).toEqual(names(await runningTasks(s))), { timeoutMs: 30_000 });
    expect(await readyEndpoints(s)).toHaveLength(4);
    s.applyService('web', webService(2, { minimumHealthyPercent: 50, maximumPercent: 200 }));
    await waitForSteady(s, 'web', 2);
    await eventually(async () => expect(Object.keys(await endpointsOf(s, 'web-nginx-80')).sort()).toEqual(names(await runningTasks(s))), { timeoutMs: 30_000 });

    // A rolling deployment: never without a ready endpoint (minimum 1 of 2), ending on the new revision only.
    const before = new Set(names(await runningTasks(s)));
    s.registerTaskDefinition('web', [webContainer('nginx:1.28')]);
    let emptiest = Number.POSITIVE_INFINITY;
    await eventually(
      async () => {
        const ready = await readyEndpoints(s);
        emptiest = Math.min(emptiest, ready.length);
        const service = await s.readService('web');
        expect(service.status?.deployments).toHaveLength(1);
        expect(primaryOf(service)?.taskDefinition).toMatch(/:2$/);
        expect(primaryOf(service)?.rolloutState).toBe('COMPLETED');
        const running = await runningTasks(s);
        expect(running).toHaveLength(2);
        expect(running.every((t) => t.status?.taskDefinition?.endsWith(':2') === true && !before.has(t.metadata.name))).toBe(true);
        expect(ready).toEqual(names(running));
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
    expect(emptiest).toBeGreaterThanOrEqual(1);
  });

  it('reports a failing target with ECS\'s event and replaces its task start-first with the ELB reason', { timeout: 150_000 }, async () => {
    const s = await sandbox('svc-lb-fail', 2);
    s.registerTaskDefinition('web', [webContainer('nginx:1.27')]);
    s.applyService('web', webService(2, { minimumHealthyPercent: 100, maximumPercent: 200 }));
    await waitForSteady(s, 'web', 2);
    const running = await runningTasks(s);
    const before = new Set(names(running));
    const victim = running[0];
    const name = victim?.metadata.name as string;
    const message = `service (web) (instance ${victim?.status?.containerInstance}) (port 80) is unhealthy in (target-group ${targetGroupArn}) due to (reason Health checks failed)`;
    // The target stops answering: its Pod is running but no longer Ready.
    const { stopped, runningBeforeStop } = await failReadinessUntilStopped(s, 'web', name);
    expect(stopped?.spec.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${targetGroupArn})`);
    // Start-first (6.9): one replacement was RUNNING before the stop.
    expect(runningBeforeStop.filter((n) => !before.has(n))).toHaveLength(1);

    const service = await s.readService('web');
    expect((service.status?.events ?? []).map((e) => e.message)).toContain(message);
    const events = await s.core.listNamespacedEvent({ namespace: s.namespace, fieldSelector: 'involvedObject.name=web,involvedObject.kind=Service,reason=UnhealthyTarget' });
    expect(events.items.map((e) => e.message)).toEqual([message]);
    const settled = await waitForSteady(s, 'web', 2);
    expect(settled.status?.runningCount).toBe(2);
    await eventually(async () => expect((await s.tasksOf('web')).find((t) => t.metadata.name === name)?.status?.stopCode).toBe('ServiceSchedulerInitiated'), { timeoutMs: 30_000 });
  });
});
