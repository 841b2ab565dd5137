// ECS services end to end on the real control plane, with kwok as the kubelets: REPLICA spread
// and scaling, a rolling deployment sampled throughout, the circuit breaker with rollback, an
// unhealthy task replaced start-first, bad input, and deleting a Service. Every test has its
// own namespace, Cluster and Nodes, so the tests run side by side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Task } from '../../src/api/v1alpha1/task.ts';
import { kubectl } from './kubectl.ts';
import { eventually } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';
import {
  conditionOf,
  countBy,
  failReadinessUntilStopped,
  healthyContainer,
  isHealthy,
  isLive,
  kwok,
  primaryOf,
  recordTaskStates,
  sandboxPool,
  tasksOfService,
  waitForSettled,
  waitForSteady,
  zonesOf,
} from './service-helpers.ts';

let operator: RunningOperator;
const { sandbox, cleanupAll } = sandboxPool();

beforeAll(async () => {
  operator = await startOperator([], { metrics: true });
});

afterAll(async () => {
  await cleanupAll();
  expect(await operator.stop(), operator.output().slice(-4000)).toBe(0);
});

describe.concurrent('REPLICA services', () => {
  it('spreads tasks over zones and instances, scales out and in, and keeps one deployment', async () => {
    const s = await sandbox('svc-replica', 3);
    s.registerTaskDefinition('web', [healthyContainer('registry.example/web:1')]);
    s.applyService('web', { taskDefinition: 'web', desiredCount: 6 });
    const steady = await waitForSteady(s, 'web', 6);
    expect(steady.status).toMatchObject({ desiredCount: 6, pendingCount: 0, taskDefinition: 'web:1', status: 'ACTIVE' });
    const firstDeployment = primaryOf(steady)?.id;
    expect(firstDeployment).toMatch(/^ecs-svc\/\d+$/);
    expect(steady.status?.events?.[0]?.message).toBe('service (web) has reached a steady state.');
    const zones = await zonesOf(s);
    const live = async () => (await s.tasksOf('web')).filter(isLive);
    const perZone = (tasks: Task[]) => Object.values(countBy(tasks, (t) => zones.get(t.status?.containerInstance ?? '') ?? '?')).sort();
    expect(perZone(await live())).toEqual([2, 2, 2]);
    for (const t of await live()) {
      expect(t.spec).toMatchObject({ group: 'service:web', startedBy: firstDeployment, taskDefinition: 'web:1' });
      expect((t.metadata as { ownerReferences?: unknown[] }).ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true });
    }

    s.applyService('web', { taskDefinition: 'web', desiredCount: 9 });
    const scaledOut = await waitForSteady(s, 'web', 9);
    expect(primaryOf(scaledOut)?.id).toBe(firstDeployment);
    expect(perZone(await live())).toEqual([3, 3, 3]);

    s.applyService('web', { taskDefinition: 'web', desiredCount: 3 });
    await eventually(async () => expect((await live()).length).toBe(3), { timeoutMs: 30_000 });
    const scaledIn = await waitForSteady(s, 'web', 3);
    expect(primaryOf(scaledIn)?.id).toBe(firstDeployment);
    expect(perZone(await live())).toEqual([1, 1, 1]);
    const stopped = await eventually(async () => {
      const list = (await s.tasksOf('web')).filter((t) => t.status?.lastStatus === 'STOPPED');
      expect(list).toHaveLength(6);
      return list;
    });
    for (const t of stopped) expect(t.status).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', stoppedReason: `Scaling activity initiated by (deployment ${firstDeployment})` });
  });

  it('rolls out a new revision within minimumHealthyPercent and maximumPercent, copying taskTemplate metadata to tasks and Pods', async () => {
    const s = await sandbox('svc-rolling', 3);
    s.registerTaskDefinition('api', [healthyContainer('registry.example/api:1')]);
    const spec = (image: string) => ({
      taskDefinition: 'api',
      desiredCount: 4,
      deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 150 },
      taskTemplate: { metadata: { labels: { team: 'payments' }, annotations: { 'prometheus.io/scrape': 'true', image } } },
    });
    s.applyService('api', spec('1'));
    const first = await waitForSteady(s, 'api', 4);

    // ceil(4 × 50%) = 2 healthy at least; floor(4 × 150%) = 6 tasks at most (6.6).
    const sampler = await recordTaskStates(s, (all) => {
      const tasks = tasksOfService(all, 'api');
      return { live: tasks.filter(isLive).length, healthy: tasks.filter(isHealthy).length };
    });
    s.registerTaskDefinition('api', [healthyContainer('registry.example/api:2')]);
    const done = await eventually(
      async () => {
        const svc = await s.readService('api');
        expect(svc.status?.taskDefinition).toBe('api:2');
        expect(svc.status?.deployments).toHaveLength(1);
        expect(primaryOf(svc)).toMatchObject({ rolloutState: 'COMPLETED', runningCount: 4 });
        return svc;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const samples = sampler.stop();
    expect(primaryOf(done)?.id).not.toBe(primaryOf(first)?.id);
    expect(primaryOf(done)?.rolloutStateReason).toBe(`ECS deployment ${primaryOf(done)?.id} completed.`);
    // At least one change per old task stopped, and the recording starts before the first.
    expect(samples.length).toBeGreaterThan(4);
    expect(Math.max(...samples.map((x) => x.live))).toBeLessThanOrEqual(6);
    expect(Math.min(...samples.map((x) => x.healthy))).toBeGreaterThanOrEqual(2);
    // It did roll: at some point more than 4 tasks held a place.
    expect(Math.max(...samples.map((x) => x.live))).toBeGreaterThan(4);

    const { live } = await waitForSettled(s, 'api', 4);
    for (const t of live) {
      expect(t.spec.taskDefinition).toBe('api:2');
      expect(t.metadata?.labels).toMatchObject({ team: 'payments' });
      expect(t.metadata?.annotations).toMatchObject({ 'prometheus.io/scrape': 'true' });
    }
    const pods = (await s.podsOf('api')).filter((p) => live.some((t) => t.metadata?.name === p.metadata?.name));
    expect(pods).toHaveLength(4);
    for (const p of pods) {
      expect(p.metadata?.labels).toMatchObject({ team: 'payments' });
      expect(p.metadata?.annotations).toMatchObject({ 'prometheus.io/scrape': 'true' });
    }

    // A taskTemplate change is a new configuration: a new deployment on the same revision.
    s.applyService('api', spec('2'));
    await eventually(
      async () => {
        const svc = await s.readService('api');
        expect(primaryOf(svc)?.id).not.toBe(primaryOf(done)?.id);
        expect(primaryOf(svc)?.rolloutState).toBe('COMPLETED');
        expect(svc.status?.deployments).toHaveLength(1);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    // forceNewDeployment: a new annotation value starts another deployment of the same configuration.
    const before = primaryOf(await s.readService('api'))?.id;
    s.applyService('api', spec('2'), { 'ecs.stevedore.dev/force-new-deployment': '2026-12-01T00:00:00Z' });
    await eventually(
      async () => {
        const svc = await s.readService('api');
        expect(primaryOf(svc)?.id).not.toBe(before);
        expect(primaryOf(svc)?.rolloutState).toBe('COMPLETED');
        expect(svc.status?.deployments).toHaveLength(1);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
  });

  it('trips the circuit breaker on a revision whose image never pulls, and rolls back', { timeout: 150_000 }, async () => {
    const s = await sandbox('svc-breaker', 3);
    s.registerTaskDefinition('pay', [healthyContainer('registry.example/pay:1')]);
    const config = { deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } } };
    s.applyService('pay', { taskDefinition: 'pay', desiredCount: 3, ...config });
    const good = await waitForSteady(s, 'pay', 3);
    const goodId = primaryOf(good)?.id as string;

    s.applyService('pay', { taskDefinition: 'pay', desiredCount: 3, ...config, taskTemplate: { metadata: { annotations: kwok({ 'image-pull-error': 'app' }) } } });
    const rolledBack = await eventually(
      async () => {
        const svc = await s.readService('pay');
        const primary = primaryOf(svc);
        expect(primary?.rollbackOf).toBeDefined();
        expect(primary?.rolloutState).toBe('COMPLETED');
        expect(svc.status?.deployments).toHaveLength(1);
        return svc;
      },
      { timeoutMs: 90_000, intervalMs: 250 },
    );
    const messages = (rolledBack.status?.events ?? []).map((e) => e.message);
    expect(rolledBack.status?.taskDefinition).toBe('pay:1');
    expect(conditionOf(rolledBack, 'Stalled')).toMatchObject({ status: 'True', reason: 'RolledBack' });
    expect(messages).toContain('service (pay) has reached a steady state.');
    // Every live task is a good one or the rollback's: the failed ones never became healthy.
    const { live } = await waitForSettled(s, 'pay', 3);
    for (const t of live) expect(t.spec.startedBy === goodId || t.spec.startedBy === primaryOf(rolledBack)?.id).toBe(true);
    const failed = (await s.tasksOf('pay')).filter((t) => t.status?.stopCode === 'TaskFailedToStart');
    expect(failed.length).toBeGreaterThanOrEqual(3);
    const metrics = await (await fetch(operator.metricsUrl as string)).text();
    expect(metrics).toMatch(new RegExp(`stevedore_service_circuit_breaker_trips_total\\{namespace="${s.namespace}",service="pay"\\} 1`));
  });

  it('during a rollout that cannot progress, a task of the running revision that exits is replaced with that revision', { timeout: 120_000 }, async () => {
    const s = await sandbox('svc-keep', 3);
    s.registerTaskDefinition('keep', [healthyContainer('registry.example/keep:1')]);
    const config = { deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 } };
    s.applyService('keep', { taskDefinition: 'keep', desiredCount: 3, ...config });
    const steady = await waitForSteady(s, 'keep', 3);
    const runningId = primaryOf(steady)?.id as string;
    // The new configuration's tasks never get past PENDING: the rollout stands still.
    s.applyService('keep', { taskDefinition: 'keep', desiredCount: 3, ...config, taskTemplate: { metadata: { annotations: kwok({ 'start-after': '1h' }) } } });
    await eventually(async () => expect((await s.tasksOf('keep')).filter((t) => isLive(t) && t.spec.startedBy !== runningId)).toHaveLength(3), { timeoutMs: 30_000 });
    const original = (await s.tasksOf('keep')).filter((t) => isLive(t) && t.spec.startedBy === runningId).map((t) => t.metadata.name);
    const name = original[0] as string;
    // Its essential container exits, as a kubelet would report it.
    const pod = await s.core.readNamespacedPod({ name, namespace: s.namespace });
    const exited = (pod.status?.containerStatuses ?? []).map((c) => ({ ...c, ready: false, state: { terminated: { exitCode: 1, reason: 'Error', startedAt: c.state?.running?.startedAt, finishedAt: new Date().toISOString() } } }));
    expect(kubectl(s.kubeconfig, ['patch', 'pod', name, '-n', s.namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: { containerStatuses: exited } })]).stderr).toBe('');
    const replaced = await eventually(
      async () => {
        const tasks = await s.tasksOf('keep');
        expect(tasks.find((t) => t.metadata.name === name)?.status).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited' });
        const running = tasks.filter((t) => isLive(t) && t.spec.startedBy === runningId && t.status?.lastStatus === 'RUNNING');
        expect(running).toHaveLength(3);
        return running;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    // The replacement runs the running revision, not the stuck one.
    const replacement = replaced.filter((t) => !original.includes(t.metadata.name));
    expect(replacement).toHaveLength(1);
    expect(replacement[0]?.spec).toMatchObject({ taskDefinition: 'keep:1', startedBy: runningId });
    expect(Object.keys((replacement[0]?.metadata as { annotations?: Record<string, string> }).annotations ?? {})).not.toContain('kwok.stevedore.dev/start-after');
  });

  it('replaces an unhealthy task start-first, then stops it with ECS\'s reason', async () => {
    const s = await sandbox('svc-unhealthy', 2);
    s.registerTaskDefinition('worker', [healthyContainer('registry.example/worker:1')]);
    s.applyService('worker', { taskDefinition: 'worker', desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 } });
    await waitForSteady(s, 'worker', 2);
    const live = (await s.tasksOf('worker')).filter(isLive);
    const before = new Set(live.map((t) => t.metadata.name));
    const name = live[0]?.metadata?.name as string;
    // Its health check starts failing: the Pod's container is no longer ready.
    const { stopped, runningBeforeStop } = await failReadinessUntilStopped(s, 'worker', name);
    expect(stopped?.spec.stoppedReason).toBe('Task failed container health checks');
    // Start-first (6.9): one replacement was RUNNING before the stop, in the API server's order.
    expect(runningBeforeStop.filter((n) => !before.has(n))).toHaveLength(1);
    await eventually(async () => expect((await s.readService('worker')).status?.runningCount).toBe(2), { timeoutMs: 30_000 });
    const settled = await eventually(async () => {
      const t = (await s.tasksOf('worker')).find((x) => x.metadata?.name === name);
      expect(t?.status?.lastStatus).toBe('STOPPED');
      return t;
    });
    expect(settled?.status?.stopCode).toBe('ServiceSchedulerInitiated');
  });
});

describe.concurrent('bad input and deletion', () => {
  it('reports a missing task definition and a missing Cluster with a condition and ECS\'s text, then proceeds once they exist', async () => {
    const s = await sandbox('svc-bad', 1);
    s.applyService('lost', { taskDefinition: 'nope', desiredCount: 1 });
    const missing = await eventually(async () => {
      const svc = await s.readService('lost');
      expect(conditionOf(svc, 'Ready')).toMatchObject({ status: 'False', reason: 'TaskDefinitionNotFound', message: 'Unable to describe task definition.' });
      return svc;
    });
    expect(conditionOf(missing, 'Stalled')?.status).toBe('True');
    expect(missing.status?.events?.[0]?.message).toBe('service (lost) was unable to start tasks: Unable to describe task definition.');
    s.registerTaskDefinition('nope', [healthyContainer('registry.example/nope:1')]);
    await waitForSteady(s, 'lost', 1);

    s.applyService('nowhere', { taskDefinition: 'nope', desiredCount: 1, cluster: `${s.namespace}-missing` });
    await eventually(async () => {
      const svc = await s.readService('nowhere');
      expect(conditionOf(svc, 'Ready')).toMatchObject({ status: 'False', reason: 'ClusterNotFound' });
    });
    expect(await s.tasksOf('nowhere')).toHaveLength(0);
  });

  it('deletes a Service: DRAINING while its tasks stop (ServiceSchedulerInitiated), then gone with its tasks', async () => {
    const s = await sandbox('svc-delete', 2);
    s.registerTaskDefinition('old', [healthyContainer('registry.example/old:1')]);
    // Slow stops, so DRAINING can be seen.
    s.applyService('old', { taskDefinition: 'old', desiredCount: 2, taskTemplate: { metadata: { annotations: kwok({ 'stop-after': '2s' }) } } });
    await waitForSteady(s, 'old', 2);
    const names = (await s.tasksOf('old')).map((t) => t.metadata?.name as string);
    await s.custom.deleteNamespacedCustomObject({ group: 'ecs.stevedore.dev', version: 'v1alpha1', plural: 'services', namespace: s.namespace, name: 'old' });
    await eventually(async () => expect((await s.readService('old')).status?.status).toBe('DRAINING'), { timeoutMs: 20_000, intervalMs: 100 });
    const stopping = await eventually(async () => {
      const tasks = await s.tasksOf('old');
      expect(tasks.length).toBe(2);
      for (const t of tasks) expect(t.status?.stopCode).toBe('ServiceSchedulerInitiated');
      return tasks;
    });
    expect(stopping.map((t) => t.metadata?.name).sort()).toEqual(names.sort());
    await eventually(async () => expect(s.readService('old')).rejects.toMatchObject({ code: 404 }), { timeoutMs: 30_000 });
    expect(await s.tasksOf('old')).toHaveLength(0);
    expect(await s.podsOf('old')).toHaveLength(0);
  });
});
