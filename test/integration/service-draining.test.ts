// Draining and evictions end to end on the real control plane, through the real operator
// (ECS-SEMANTICS 6.6, 6.13, 7.3; docs/networking.md): a cordoned Node is a DRAINING container
// instance whose service tasks are replaced elsewhere within minimumHealthyPercent and
// maximumPercent while a standalone task there keeps running; min 100 + max 100 blocks with
// ECS's event, but PENDING tasks there stop at once; `kubectl drain` (the real binary) succeeds while the PodDisruptionBudget keeps
// the floor, and an evicted task is replaced; a Node deleted without warning loses its tasks,
// which are replaced; Karpenter's disruption taint drains like a cordon.
//
// The bounds are checked the way a user would see them: the Task list (and the task Pods) is
// sampled over and over while the service converges, and every sample must be within bounds.
import { spawn } from 'node:child_process';
import { PatchStrategy, PolicyV1Api, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';
import type { Task } from '../../src/api/v1alpha1/task.ts';
import { instanceTerminated, POD_DELETED } from '../../src/controllers/task/stop-reasons.ts';
import { servingLabel } from '../../src/kube/task-pod.ts';
import { deploymentConfigurationBlockedMessage, scalingActivityReason } from '../../src/scheduler/messages.ts';
import { kubectl, kubectlPath } from './kubectl.ts';
import { eventually } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';
import { healthyContainer, isHealthy, isLive, kwok, primaryOf, recordTaskStates, sandboxPool, tasksOfService, waitForSteady, type ServiceSandbox } from './service-helpers.ts';

let operator: RunningOperator;
const { sandbox, cleanupAll } = sandboxPool();

beforeAll(async () => {
  operator = await startOperator();
});

afterAll(async () => {
  await cleanupAll();
  expect(await operator.stop(), operator.output().slice(-4000)).toBe(0);
});

const instanceOf = (t: Task): string | undefined => t.status?.containerInstance;
const nameOf = (o: { metadata?: { name?: string } }): string => o.metadata?.name ?? '';

/**
 * Samples `probe` every `intervalMs` until `stop()` is called, and returns every sample.
 * Resolves once the first sample is taken, so that it shows the state before what follows.
 */
async function startSampling<T>(probe: () => Promise<T>, intervalMs = 25): Promise<{ stop(): Promise<T[]> }> {
  const samples: T[] = [await probe()];
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((r) => setTimeout(r, intervalMs));
      samples.push(await probe());
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** The Cluster's container-instance counts (status written by the Cluster controller). */
async function instanceCounts(s: ServiceSandbox): Promise<{ active?: number; draining?: number } | undefined> {
  const cluster = (await s.custom.getClusterCustomObject({ group: GROUP, version: VERSION, plural: 'clusters', name: s.cluster })) as { status?: { containerInstances?: { active?: number; draining?: number } } };
  return cluster.status?.containerInstances;
}

/** Every Task in the sandbox's namespace, the service's and standalone ones, in one read. */
async function allTasks(s: ServiceSandbox): Promise<Task[]> {
  return ((await s.custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace: s.namespace })) as { items: Task[] }).items;
}

/** The service's tasks, counted as 6.6 counts them, and which of them are live on `node`. */
function countService(all: readonly Task[], service: string, node: string) {
  const tasks = tasksOfService(all, service);
  return {
    live: tasks.filter(isLive).length,
    healthy: tasks.filter(isHealthy).length,
    onNode: tasks.filter((t) => instanceOf(t) === node && isLive(t)).map(nameOf),
  };
}

const sampleService = async (s: ServiceSandbox, service: string, node: string) => countService(await allTasks(s), service, node);

/** A task Pod that takes traffic and counts for the PodDisruptionBudget: serving, Ready, not terminating. */
const isServingReady = (p: V1Pod): boolean =>
  p.metadata?.labels?.[servingLabel] === 'true' && p.metadata.deletionTimestamp === undefined && (p.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Runs the real kubectl without blocking the event loop (samplers keep sampling meanwhile). */
function kubectlAsync(kubeconfig: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The Node that runs the most live tasks of the service. */
async function busiestNode(s: ServiceSandbox, service: string): Promise<string> {
  const counts = new Map<string, number>();
  for (const t of (await s.tasksOf(service)).filter(isLive)) counts.set(instanceOf(t) ?? '', (counts.get(instanceOf(t) ?? '') ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0];
}

/** Every task that was on `node` has STOPPED as the service scheduler stops tasks (5.3, 5.4). */
async function expectStoppedByScheduler(s: ServiceSandbox, service: string, names: readonly string[]): Promise<void> {
  const deployment = primaryOf(await s.readService(service))?.id as string;
  await eventually(
    async () => {
      const byName = new Map((await s.tasksOf(service)).map((t) => [nameOf(t), t]));
      for (const name of names) {
        expect(byName.get(name)?.status, name).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: scalingActivityReason(deployment) });
      }
    },
    { timeoutMs: 30_000, intervalMs: 250 },
  );
}

describe.concurrent('draining container instances', () => {
  it('kubectl cordon: service tasks are replaced elsewhere within min/max percent, a standalone task keeps running, uncordon makes it ACTIVE', { timeout: 150_000 }, async () => {
    const s = await sandbox('drain-cordon', 3);
    s.registerTaskDefinition('web', [healthyContainer('registry.example/web:1')]);
    s.registerTaskDefinition('job', [healthyContainer('registry.example/job:1', { cpu: 128, memory: 128 })]);
    // D 4, min 50, max 150: at least ceil(2) healthy, at most floor(6) live (6.6).
    const config = { deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 150 } };
    s.applyService('web', { taskDefinition: 'web', desiredCount: 4, ...config });
    await waitForSteady(s, 'web', 4);
    const victim = await busiestNode(s, 'web');
    const before = await sampleService(s, 'web', victim);
    expect(before.onNode.length).toBeGreaterThanOrEqual(2);

    // A standalone task (RunTask-style, no service) on the same Node.
    s.ecs.apply({ apiVersion: `${GROUP}/${VERSION}`, kind: 'Task', metadata: { name: 'standalone' }, spec: { cluster: s.cluster, taskDefinition: 'job', placementConstraints: [{ type: 'memberOf', expression: `ec2InstanceId == ${victim}` }] } });
    const standalone = await s.ecs.waitForTask('standalone', 'RUNNING');
    expect(instanceOf(standalone)).toBe(victim);
    await eventually(async () => expect(await instanceCounts(s)).toMatchObject({ active: 3, draining: 0 }), { timeoutMs: 30_000 });

    const sampler = await recordTaskStates(s, (all) => {
      const job = all.find((t) => nameOf(t) === 'standalone');
      return { ...countService(all, 'web', victim), standalone: `${job?.spec.desiredStatus ?? 'RUNNING'}/${job?.status?.lastStatus ?? ''}@${job === undefined ? '' : (instanceOf(job) ?? '')}` };
    });
    expect((await kubectlAsync(s.kubeconfig, ['cordon', victim])).code).toBe(0);
    await eventually(async () => expect(await instanceCounts(s)).toMatchObject({ active: 2, draining: 1 }), { timeoutMs: 30_000 });
    await eventually(
      async () => {
        const now = await sampleService(s, 'web', victim);
        expect(now.onNode).toEqual([]);
        await waitForSteady(s, 'web', 4, 1_000);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const samples = sampler.stop();

    // Every state the tasks passed through, from every old task on the Node to none: at least
    // one change per task that left it.
    expect(samples.length).toBeGreaterThan(before.onNode.length);
    expect(samples[0]?.onNode.sort()).toEqual([...before.onNode].sort());
    expect(samples.at(-1)?.onNode).toEqual([]);
    expect(Math.min(...samples.map((x) => x.healthy)), JSON.stringify(samples)).toBeGreaterThanOrEqual(2);
    expect(Math.max(...samples.map((x) => x.live)), JSON.stringify(samples)).toBeLessThanOrEqual(6);
    // Nothing new was placed on the DRAINING instance: only the tasks that were there before.
    for (const sample of samples) for (const name of sample.onNode) expect(before.onNode).toContain(name);
    for (const sample of samples) expect(sample.standalone).toBe(`RUNNING/RUNNING@${victim}`);
    await expectStoppedByScheduler(s, 'web', before.onNode);
    const pods = (await s.core.listNamespacedPod({ namespace: s.namespace, fieldSelector: `spec.nodeName=${victim}` })).items.filter((p) => p.metadata?.deletionTimestamp === undefined);
    expect(pods.map(nameOf)).toEqual(['standalone']);
    expect((await s.ecs.readTask('standalone')).status?.lastStatus).toBe('RUNNING');

    // Uncordon: ACTIVE again, and new tasks may land there.
    expect(kubectl(s.kubeconfig, ['uncordon', victim]).ok).toBe(true);
    await eventually(async () => expect(await instanceCounts(s)).toMatchObject({ active: 3, draining: 0 }), { timeoutMs: 30_000 });
    s.applyService('web', { taskDefinition: 'web', desiredCount: 6, ...config });
    await waitForSteady(s, 'web', 6);
    await eventually(async () => expect((await sampleService(s, 'web', victim)).onNode.length).toBeGreaterThan(0), { timeoutMs: 30_000 });
  });

  it('min 100 + max 100: nothing moves off a cordoned Node and the Service reports the deployment configuration, until it is changed', { timeout: 150_000 }, async () => {
    const s = await sandbox('drain-blocked', 1);
    s.registerTaskDefinition('pinned', [healthyContainer('registry.example/pinned:1')]);
    const spec = (min: number) => ({ taskDefinition: 'pinned', desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: min, maximumPercent: 100 } });
    s.applyService('pinned', spec(100));
    await waitForSteady(s, 'pinned', 2);
    const [cordoned] = s.nodes as [string];
    // In the same zone: AZ rebalancing has no reason to move anything, only the drain has.
    const [free] = await s.addNodes(1, { zones: ['us-east-1a'] });
    const before = (await s.tasksOf('pinned')).map(nameOf).sort();
    expect(before).toHaveLength(2);
    expect(kubectl(s.kubeconfig, ['cordon', cordoned]).ok).toBe(true);

    const blocked = deploymentConfigurationBlockedMessage('pinned');
    await eventually(async () => expect(((await s.readService('pinned')).status?.events ?? []).map((e) => e.message)).toContain(blocked), { timeoutMs: 30_000, intervalMs: 250 });
    // Nothing moves: the same two tasks run on the cordoned Node, none is stopped or added.
    const sampler = await recordTaskStates(s, (all) => tasksOfService(all, 'pinned'));
    await new Promise((r) => setTimeout(r, 3_000));
    for (const tasks of sampler.stop()) {
      expect(tasks.map(nameOf).sort()).toEqual(before);
      for (const t of tasks) expect({ desired: t.spec.desiredStatus ?? 'RUNNING', last: t.status?.lastStatus, on: instanceOf(t) }).toEqual({ desired: 'RUNNING', last: 'RUNNING', on: cordoned });
    }
    // Not steady while tasks run on a DRAINING instance (6.5); stalled until the user acts.
    const stuck = await s.readService('pinned');
    expect(stuck.status?.events?.[0]?.message).toBe(blocked);
    expect(stuck.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'DeploymentConfigurationBlocked' });
    expect(stuck.status?.conditions?.find((c) => c.type === 'Stalled')).toMatchObject({ status: 'True', reason: 'DeploymentConfigurationBlocked' });
    const warnings = await s.core.listNamespacedEvent({ namespace: s.namespace, fieldSelector: 'involvedObject.name=pinned,involvedObject.kind=Service,reason=DeploymentConfigurationBlocked' });
    expect(warnings.items.map((e) => [e.type, e.message])).toEqual([['Warning', blocked]]);

    // Lowering the minimum lets the drain proceed (docs/networking.md).
    s.applyService('pinned', spec(50));
    await eventually(
      async () => {
        const live = (await s.tasksOf('pinned')).filter(isLive);
        expect(live.map(instanceOf)).toEqual([free, free]);
        await waitForSteady(s, 'pinned', 2, 1_000);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    await expectStoppedByScheduler(s, 'pinned', before);
  });

  it('PENDING service tasks on a cordoned Node stop at once, even where min 100 + max 100 holds RUNNING ones', { timeout: 120_000 }, async () => {
    const s = await sandbox('drain-pending', 1);
    s.registerTaskDefinition('slow', [healthyContainer('registry.example/slow:1')]);
    // kwok keeps these Pods Pending for two minutes: the tasks stay PENDING.
    s.applyService('slow', { taskDefinition: 'slow', desiredCount: 2, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 100 }, taskTemplate: { metadata: { annotations: kwok({ 'start-after': '120s' }) } } });
    const [cordoned] = s.nodes as [string];
    const pending = await eventually(
      async () => {
        const tasks = await s.tasksOf('slow');
        expect(tasks.map((t) => `${t.status?.lastStatus ?? ''}@${instanceOf(t) ?? ''}`)).toEqual([`PENDING@${cordoned}`, `PENDING@${cordoned}`]);
        return tasks.map(nameOf).sort();
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const [free] = await s.addNodes(1, { zones: ['us-east-1a'] });
    expect(kubectl(s.kubeconfig, ['cordon', cordoned]).ok).toBe(true);
    await expectStoppedByScheduler(s, 'slow', pending);
    const replacements = await eventually(
      async () => {
        const live = (await s.tasksOf('slow')).filter(isLive);
        expect(live.map(instanceOf)).toEqual([free, free]);
        return live;
      },
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    for (const t of replacements) expect(pending).not.toContain(nameOf(t));
    expect(((await s.readService('slow')).status?.events ?? []).map((e) => e.message)).not.toContain(deploymentConfigurationBlockedMessage('slow'));
  });

  it('kubectl drain succeeds while the PodDisruptionBudget keeps the floor; an evicted task is replaced', { timeout: 180_000 }, async () => {
    const s = await sandbox('drain-kubectl', 3);
    const policy = s.kc.makeApiClient(PolicyV1Api);
    s.registerTaskDefinition('api', [healthyContainer('registry.example/api:1')]);
    // The REPLICA defaults: min 100, max 200. D 3 -> minAvailable 3: no eviction until replacements run.
    s.applyService('api', { taskDefinition: 'api', desiredCount: 3 });
    await waitForSteady(s, 'api', 3);
    const pdbStatus = async () => (await policy.readNamespacedPodDisruptionBudget({ name: 'api', namespace: s.namespace })).status;
    await eventually(async () => expect(await pdbStatus()).toMatchObject({ currentHealthy: 3, desiredHealthy: 3, disruptionsAllowed: 0 }), { timeoutMs: 30_000 });
    const victim = await busiestNode(s, 'api');
    const onVictim = (await s.tasksOf('api')).filter((t) => isLive(t) && instanceOf(t) === victim).map(nameOf);
    expect(onVictim.length).toBeGreaterThan(0);
    // A standalone task there too: a cordon leaves it alone, but kubectl drain evicts every Pod.
    s.ecs.apply({ apiVersion: `${GROUP}/${VERSION}`, kind: 'Task', metadata: { name: 'standalone' }, spec: { cluster: s.cluster, taskDefinition: 'api', placementConstraints: [{ type: 'memberOf', expression: `ec2InstanceId == ${victim}` }] } });
    expect(instanceOf(await s.ecs.waitForTask('standalone', 'RUNNING'))).toBe(victim);

    const sampler = await startSampling(async () => {
      const pods = await s.podsOf('api');
      const pdb = await pdbStatus();
      return { ready: pods.filter(isServingReady).length, disruptionsAllowed: pdb?.disruptionsAllowed ?? -1, desiredHealthy: pdb?.desiredHealthy ?? -1 };
    });
    const started = Date.now();
    const drain = await kubectlAsync(s.kubeconfig, ['drain', victim, '--ignore-daemonsets', '--delete-emptydir-data', '--force', '--timeout=90s']);
    const drainSeconds = (Date.now() - started) / 1000;
    expect(drain.code, `${drain.stdout}\n${drain.stderr}`).toBe(0);
    expect(drain.stdout).toContain(`node/${victim} drained`);
    await waitForSteady(s, 'api', 3, 60_000);
    const samples = await sampler.stop();

    expect(samples.length).toBeGreaterThan(3);
    // At every moment at least minAvailable task Pods were Ready and serving; the budget never went negative.
    expect(Math.min(...samples.map((x) => x.ready)), JSON.stringify(samples)).toBeGreaterThanOrEqual(3);
    for (const x of samples) expect(x).toMatchObject({ desiredHealthy: 3 });
    expect(Math.min(...samples.map((x) => x.disruptionsAllowed))).toBeGreaterThanOrEqual(0);
    expect(drainSeconds).toBeLessThan(90);
    // The drained Node runs no task Pod, and the tasks that were there are STOPPED.
    const left = (await s.core.listNamespacedPod({ namespace: s.namespace, fieldSelector: `spec.nodeName=${victim}` })).items;
    expect(left.map(nameOf)).toEqual([]);
    // kubectl cordons first: the scheduler replaces each task start-first and stops it, unless
    // kubectl's eviction (retried every 5 s after the budget refused it) came first.
    const tasks = await s.tasksOf('api');
    const deployment = primaryOf(await s.readService('api'))?.id as string;
    const byScheduler = { lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: scalingActivityReason(deployment) };
    const byEviction = { lastStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: POD_DELETED };
    for (const name of onVictim) {
      const status = tasks.find((t) => nameOf(t) === name)?.status;
      expect([byScheduler, byEviction]).toContainEqual({ lastStatus: status?.lastStatus, stopCode: status?.stopCode, stoppedReason: status?.stoppedReason });
    }
    expect(tasks.filter(isLive).map(instanceOf)).not.toContain(victim);
    // The evicted standalone task is STOPPED, and nothing replaces it (it has no service).
    expect((await s.ecs.waitForTask('standalone', 'STOPPED')).status).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: POD_DELETED });

    // An eviction (what kubectl drain sends for each Pod) below the floor is refused; within it,
    // the evicted task is a STOPPED task that the service replaces.
    s.applyService('api', { taskDefinition: 'api', desiredCount: 3, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 } });
    await eventually(async () => expect(await pdbStatus()).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 }), { timeoutMs: 30_000 });
    const [evicted, refused] = (await s.tasksOf('api')).filter(isLive).map(nameOf).sort() as [string, string];
    const evict = (name: string) => s.core.createNamespacedPodEviction({ name, namespace: s.namespace, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace: s.namespace } } });
    await evict(evicted);
    await expect(evict(refused)).rejects.toMatchObject({ code: 429 });
    const stopped = await s.ecs.waitForTask(evicted, 'STOPPED', 30_000);
    // ECS has no eviction; the Task controller's text for a Pod deleted behind its back (docs/task-lifecycle.md).
    expect(stopped.status).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: POD_DELETED });
    const replaced = await eventually(
      async () => {
        const live = (await s.tasksOf('api')).filter(isLive);
        expect(live).toHaveLength(3);
        expect(live.map(nameOf)).not.toContain(evicted);
        await waitForSteady(s, 'api', 3, 1_000);
        return live;
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(replaced.map(instanceOf)).not.toContain(victim);
    expect(kubectl(s.kubeconfig, ['uncordon', victim]).ok).toBe(true);
  });

  it('a Node that goes away without a cordon or a taint is a lost instance: its tasks are STOPPED and replaced', { timeout: 120_000 }, async () => {
    const s = await sandbox('drain-lost', 2);
    s.registerTaskDefinition('cache', [healthyContainer('registry.example/cache:1')]);
    s.applyService('cache', { taskDefinition: 'cache', desiredCount: 2 });
    await waitForSteady(s, 'cache', 2);
    const [gone, kept] = s.nodes as [string, string];
    const lost = (await s.tasksOf('cache')).filter((t) => isLive(t) && instanceOf(t) === gone).map(nameOf);
    expect(lost).toHaveLength(1);
    await s.removeNodes([gone]);
    await eventually(
      async () => {
        expect((await s.tasksOf('cache')).filter(isLive).map(instanceOf)).toEqual([kept, kept]);
        await waitForSteady(s, 'cache', 2, 1_000);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const stopped = await s.ecs.waitForTask(lost[0] as string, 'STOPPED');
    expect(stopped.status).toMatchObject({ stopCode: 'TerminationNotice', stoppedReason: instanceTerminated(gone) });
  });

  it('a karpenter.sh/disrupted:NoSchedule taint (no cordon) drains the Node like a cordon, within min/max percent', { timeout: 150_000 }, async () => {
    const s = await sandbox('drain-taint', 3);
    s.registerTaskDefinition('queue', [healthyContainer('registry.example/queue:1')]);
    // min 100, max 200, D 3: never fewer than 3 healthy, never more than 6 live: start-first.
    s.applyService('queue', { taskDefinition: 'queue', desiredCount: 3, deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 } });
    await waitForSteady(s, 'queue', 3);
    const victim = await busiestNode(s, 'queue');
    const before = await sampleService(s, 'queue', victim);
    expect(before.onNode.length).toBeGreaterThan(0);

    const sampler = await recordTaskStates(s, (all) => countService(all, 'queue', victim));
    await s.core.patchNode({ name: victim, body: { spec: { taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }] } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await eventually(async () => expect(await instanceCounts(s)).toMatchObject({ active: 2, draining: 1 }), { timeoutMs: 30_000 });
    await eventually(
      async () => {
        expect((await sampleService(s, 'queue', victim)).onNode).toEqual([]);
        await waitForSteady(s, 'queue', 3, 1_000);
      },
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    const samples = sampler.stop();
    expect(samples.length).toBeGreaterThan(before.onNode.length);
    expect(samples[0]?.onNode.sort()).toEqual([...before.onNode].sort());
    expect(samples.at(-1)?.onNode).toEqual([]);
    expect(Math.min(...samples.map((x) => x.healthy)), JSON.stringify(samples)).toBeGreaterThanOrEqual(3);
    expect(Math.max(...samples.map((x) => x.live)), JSON.stringify(samples)).toBeLessThanOrEqual(6);
    for (const sample of samples) for (const name of sample.onNode) expect(before.onNode).toContain(name);
    await expectStoppedByScheduler(s, 'queue', before.onNode);
    // The Node itself was never cordoned.
    expect((await s.core.readNode({ name: victim })).spec?.unschedulable).not.toBe(true);
  });
});
