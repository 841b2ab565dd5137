// The ECS task lifecycle end to end on the real control plane, with kwok as the kubelets:
// essential and non-essential exits (G53), StopTask with a stop timeout, health aggregation
// (G47), dependsOn order (G55), start failures, placement timeout and retention, a Pod deleted
// behind the operator's back, the stop-task finalizer, an operator crash mid-lifecycle, Events
// and metrics. Every test creates its own TaskDefinitions, Tasks and Clusters.
import { CoreV1Api, CustomObjectsApi, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';
import type { Task } from '../../src/api/v1alpha1/task.ts';
import { taskFinalizer } from '../../src/controllers/task/task-controller.ts';
import { createSimulatedNodes, defaultNodeSet, deleteSimulatedNodes, planNodeSet } from '../../src/localcluster/simulated-nodes.ts';
import { EMPTY_CLUSTER_MESSAGE } from '../../src/placement/run-task.ts';
import { applyObject, kubectl } from './kubectl.ts';
import { createTestNamespace, eventually, testKubeConfig } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';
import { EcsNamespace } from './support/ecs.ts';

let kc: KubeConfig;
let kubeconfig: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
let namespace: string;
let operator: RunningOperator;
let ecs: EcsNamespace;
/** Makes Cluster and Node names (cluster-scoped) unique to this run. */
const suffix = randomBytes(3).toString('hex');
const clustersToDelete: string[] = [];
const nodesToDelete: string[] = [];

const kwok = (annotations: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(annotations).map(([key, value]) => [`kwok.stevedore.dev/${key}`, value]));

type Container = Record<string, unknown> & { name: string };
const container = (name: string, extra: Record<string, unknown> = {}): Container => ({ name, image: `registry.example/${name}:1`, cpu: 128, memory: 128, ...extra });

function registerTaskDefinition(name: string, containerDefinitions: Container[]): void {
  apply({ apiVersion: `${GROUP}/${VERSION}`, kind: 'TaskDefinition', metadata: { name }, spec: { containerDefinitions } });
}
const taskManifest = (name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}) => ({
  apiVersion: `${GROUP}/${VERSION}`,
  kind: 'Task',
  metadata: { name, annotations },
  spec,
});
function runTask(name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}): void {
  apply(taskManifest(name, spec, annotations));
}
/** StopTask: the same manifest with desiredStatus STOPPED and a reason. */
function stopTask(name: string, spec: Record<string, unknown>, annotations: Record<string, string>, reason: string): void {
  apply(taskManifest(name, { ...spec, desiredStatus: 'STOPPED', stoppedReason: reason }, annotations));
}
const apply = (object: unknown, inNamespace: string | undefined = namespace) => ecs.apply(object, inNamespace);
const readTask = (name: string) => ecs.readTask(name);
const waitForTask = (name: string, lastStatus: string, timeoutMs?: number) => ecs.waitForTask(name, lastStatus, timeoutMs);
const containerOf = (t: Task, name: string) => t.status?.containers?.find((c) => c.name === name);
const readPod = (name: string): Promise<V1Pod> => core.readNamespacedPod({ name, namespace });
async function expectGone(read: () => Promise<unknown>): Promise<void> {
  await expect(read()).rejects.toMatchObject({ code: 404 });
}
async function waitUntilGone(read: () => Promise<unknown>, timeoutMs = 30_000): Promise<void> {
  await eventually(() => expectGone(read), { timeoutMs });
}
interface TaskEvent {
  reason: string;
  type: string;
  message: string;
  /** When it first happened (ms). */
  at: number;
  /** How many times it happened (the recorder aggregates repeats into one Event). */
  count: number;
}
async function eventsOf(name: string): Promise<TaskEvent[]> {
  const list = await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name},involvedObject.kind=Task` });
  return list.items.map((e) => ({
    reason: e.reason ?? '',
    type: e.type ?? '',
    message: e.message ?? '',
    at: new Date(e.eventTime ?? e.firstTimestamp ?? 0).getTime(),
    count: e.series?.count ?? e.count ?? 1,
  }));
}
/** How many times the Task had an Event with this reason. */
async function timesOf(name: string, reason: string): Promise<number> {
  return (await eventsOf(name)).filter((e) => e.reason === reason).reduce((sum, e) => sum + e.count, 0);
}

/** A Cluster of its own (cluster-scoped), removed after the file. */
function createCluster(name: string, spec: Record<string, unknown>): void {
  clustersToDelete.push(name);
  apply({ apiVersion: `${GROUP}/${VERSION}`, kind: 'Cluster', metadata: { name }, spec }, undefined);
}

/** Records every watch event of one Pod, so a test can see states that pass quickly. */
async function watchPod(name: string): Promise<{ seen: { type: string; pod: V1Pod }[]; stop: () => void }> {
  const seen: { type: string; pod: V1Pod }[] = [];
  const controller = await new Watch(kc).watch(
    `/api/v1/namespaces/${namespace}/pods`,
    { fieldSelector: `metadata.name=${name}` },
    (type, pod: V1Pod) => seen.push({ type, pod }),
    () => undefined,
  );
  return { seen, stop: () => controller.abort() };
}

async function scrapeMetrics(): Promise<string> {
  const url = operator.metricsUrl;
  if (url === undefined) throw new Error('the operator was started without metrics');
  const response = await fetch(url);
  expect(response.status).toBe(200);
  return response.text();
}
/** The value of one sample, e.g. `stevedore_tasks{last_status="RUNNING"}`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const start = () => startOperator([], { metrics: true });

beforeAll(async () => {
  kc = testKubeConfig();
  kubeconfig = inject('kubeconfig');
  core = kc.makeApiClient(CoreV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  namespace = await createTestNamespace(kc, 'lifecycle');
  ecs = new EcsNamespace(kc, kubeconfig, namespace);
  operator = await start();
});

afterAll(async () => {
  for (const name of clustersToDelete) kubectl(kubeconfig, ['delete', 'clusters.ecs.stevedore.dev', name, '--ignore-not-found', '--wait=false']);
  if (nodesToDelete.length > 0) await deleteSimulatedNodes(kc, nodesToDelete);
  expect(await operator.stop(), operator.output()).toBe(0);
});

describe('essential and non-essential containers (G53)', () => {
  it('keeps the task RUNNING when a non-essential container exits, and stops it when an essential one does', async () => {
    registerTaskDefinition('g53', [container('app'), container('sidecar', { essential: false })]);
    const annotations = kwok({
      'exit-container': 'sidecar',
      'exit-code': '0',
      'exit-after': '1s',
      // Long enough for the test to see the task RUNNING with its sidecar stopped.
      'exit-container-2': 'app',
      'exit-code-2': '1',
      'exit-after-2': '4s',
    });
    runTask('g53', { taskDefinition: 'g53' }, annotations);

    const sidecarStopped = await eventually(async () => {
      const t = await readTask('g53');
      expect(containerOf(t, 'sidecar')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 0 });
      return t;
    });
    expect(sidecarStopped.status).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    expect(sidecarStopped.status?.stopCode).toBeUndefined();
    expect(containerOf(sidecarStopped, 'app')?.lastStatus).toBe('RUNNING');

    const stopped = await waitForTask('g53', 'STOPPED');
    expect(stopped.status).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(containerOf(stopped, 'app')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 1 });
    expect(containerOf(stopped, 'sidecar')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 0 });
    const exited = await eventually(async () => {
      const list = (await eventsOf('g53')).filter((e) => e.reason === 'EssentialContainerExited');
      expect(list).toHaveLength(1);
      return list[0];
    });
    expect(exited).toMatchObject({ type: 'Warning', message: 'Essential container app exited with code 1' });
    // The Pod is stopped: every container terminated (it is kept for its logs, or already gone).
    const pod = await readPod('g53').catch(() => undefined);
    if (pod !== undefined) {
      expect(pod.status?.phase).toBe('Failed');
      for (const s of pod.status?.containerStatuses ?? []) expect(s.state?.terminated, s.name).toBeDefined();
    }
  });

  it('stops the containers still running when an essential container exits', async () => {
    registerTaskDefinition('g53', [container('app'), container('sidecar', { essential: false })]);
    // The sidecar takes 2s to stop once the Pod is deleted, with code 143 (SIGTERM).
    runTask('g53-running-sidecar', { taskDefinition: 'g53' }, kwok({ 'exit-container': 'app', 'exit-code': '1', 'stop-after': '2s', 'stop-exit-code': '143' }));

    const stopping = await waitForTask('g53-running-sidecar', 'STOPPING');
    expect(stopping.status).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(containerOf(stopping, 'app')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 1 });
    expect(containerOf(stopping, 'sidecar')?.lastStatus).toBe('RUNNING');
    expect((await readPod('g53-running-sidecar')).metadata?.deletionTimestamp).toBeDefined();

    const stopped = await waitForTask('g53-running-sidecar', 'STOPPED');
    expect(stopped.status).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(containerOf(stopped, 'app')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 1 });
    expect(containerOf(stopped, 'sidecar')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 143 });
    await waitUntilGone(() => readPod('g53-running-sidecar'));
  });
});

describe('StopTask', () => {
  it('stops through STOPPING with UserInitiated and the reason, deleting the Pod with the stopTimeout as grace period', async () => {
    registerTaskDefinition('graceful', [container('app', { stopTimeout: 45 })]);
    const spec = { taskDefinition: 'graceful' };
    // kwok lets the containers take 3s to exit after the deletion: the task is STOPPING meanwhile.
    const annotations = kwok({ 'stop-after': '3s' });
    runTask('graceful', spec, annotations);
    await waitForTask('graceful', 'RUNNING');
    expect((await readPod('graceful')).spec?.terminationGracePeriodSeconds).toBe(45);

    const watch = await watchPod('graceful');
    try {
      stopTask('graceful', spec, annotations, 'maintenance window');
      const stopping = await waitForTask('graceful', 'STOPPING', 10_000);
      expect(stopping.status).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'maintenance window' });

      const stopped = await waitForTask('graceful', 'STOPPED');
      expect(stopped.status).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'maintenance window' });
      expect(containerOf(stopped, 'app')?.lastStatus).toBe('STOPPED');
      // Every lifecycle timestamp is set, in lifecycle order. Two chains: the pull times are when
      // the operator saw the Pod (docs/task-lifecycle.md, an approximation), startedAt is the
      // kubelet's time in whole seconds, so the two are not ordered against each other.
      const chains = [
        ['createdAt', 'pullStartedAt', 'pullStoppedAt', 'stoppingAt'],
        ['createdAt', 'startedAt', 'stoppingAt', 'executionStoppedAt', 'stoppedAt'],
      ] as const;
      for (const chain of chains) {
        const times = chain.map((field) => [field, stopped.status?.[field]] as const);
        for (const [field, value] of times) expect(value, field).toBeDefined();
        for (let i = 1; i < times.length; i++) {
          const [earlier, later] = [times[i - 1]!, times[i]!];
          expect(Date.parse(String(earlier[1])), `${earlier[0]} <= ${later[0]}`).toBeLessThanOrEqual(Date.parse(String(later[1])));
        }
      }

      await waitUntilGone(() => readPod('graceful'));
      await eventually(() => expect(watch.seen.some((e) => e.type === 'DELETED')).toBe(true));
      const deleting = watch.seen.find((e) => e.pod.metadata?.deletionTimestamp !== undefined);
      expect(deleting?.pod.metadata?.deletionGracePeriodSeconds).toBe(45);
    } finally {
      watch.stop();
    }
  });
});

describe('health (5.5, G47)', () => {
  const healthCheck = { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 5, timeout: 2, retries: 1 };

  it('reports UNHEALTHY after the health window when an essential check fails, and keeps the standalone task RUNNING', async () => {
    registerTaskDefinition('checked', [container('app', { healthCheck })]);
    runTask('unhealthy', { taskDefinition: 'checked' }, kwok({ 'unready-container': 'app' }));
    const unhealthy = await eventually(async () => {
      const t = await readTask('unhealthy');
      expect(t.status?.healthStatus).toBe('UNHEALTHY');
      return t;
    });
    expect(unhealthy.status).toMatchObject({ lastStatus: 'RUNNING', desiredStatus: 'RUNNING' });
    expect(containerOf(unhealthy, 'app')).toMatchObject({ lastStatus: 'RUNNING', healthStatus: 'UNHEALTHY' });
    // UNKNOWN (evaluating) for startPeriod + interval × retries = 5s after the container started.
    const decided = await eventually(async () => {
      const event = (await eventsOf('unhealthy')).find((e) => e.reason === 'HealthStatusChanged');
      expect(event).toMatchObject({ type: 'Warning', message: 'Task health changed from UNKNOWN to UNHEALTHY' });
      return event!;
    });
    // Event times have whole seconds.
    expect(decided.at).toBeGreaterThanOrEqual(Date.parse(String(unhealthy.status?.startedAt)) + 4_000);
    expect(unhealthy.status?.stopCode).toBeUndefined();
  });

  it('reports HEALTHY when every essential check passes', async () => {
    registerTaskDefinition('checked', [container('app', { healthCheck })]);
    runTask('healthy', { taskDefinition: 'checked' });
    const healthy = await eventually(async () => {
      const t = await readTask('healthy');
      expect(t.status?.healthStatus).toBe('HEALTHY');
      return t;
    });
    expect(healthy.status?.lastStatus).toBe('RUNNING');
    expect(containerOf(healthy, 'app')?.healthStatus).toBe('HEALTHY');
  });

  it('reports UNKNOWN when only a non-essential container has a check', async () => {
    registerTaskDefinition('side-checked', [container('app'), container('probe', { essential: false, healthCheck })]);
    runTask('side-checked', { taskDefinition: 'side-checked' });
    const t = await eventually(async () => {
      const current = await readTask('side-checked');
      expect(containerOf(current, 'probe')?.healthStatus).toBe('HEALTHY');
      return current;
    });
    expect(t.status).toMatchObject({ lastStatus: 'RUNNING', healthStatus: 'UNKNOWN' });
  });
});

describe('dependsOn (1.5, G55)', () => {
  const ordered = () => registerTaskDefinition('ordered', [container('init', { essential: false }), container('app', { dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] })]);

  it('runs a SUCCESS dependency as an init container before the app, and the task reaches RUNNING', async () => {
    ordered();
    runTask('ordered', { taskDefinition: 'ordered' });
    const running = await waitForTask('ordered', 'RUNNING');
    const pod = await readPod('ordered');
    expect(pod.spec?.initContainers?.map((c) => c.name)).toEqual(['init']);
    // An ordinary init container (it must exit 0), not a restarting sidecar.
    expect(pod.spec?.initContainers?.[0]?.restartPolicy).toBeUndefined();
    expect(pod.spec?.containers.map((c) => c.name)).toEqual(['app']);
    expect(containerOf(running, 'init')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 0 });
    expect(containerOf(running, 'app')?.lastStatus).toBe('RUNNING');
  });

  it('fails to start when the SUCCESS dependency exits non-zero: the dependent never starts', async () => {
    ordered();
    runTask('ordered-fails', { taskDefinition: 'ordered' }, kwok({ 'init-exit-container': 'init', 'init-exit-code': '1' }));
    const stopped = await waitForTask('ordered-fails', 'STOPPED');
    expect(stopped.status).toMatchObject({
      stopCode: 'TaskFailedToStart',
      stoppedReason: 'Task failed to start: container app depends on init (SUCCESS), which exited with code 1',
    });
    expect(stopped.status?.startedAt).toBeUndefined();
    expect(containerOf(stopped, 'init')).toMatchObject({ lastStatus: 'STOPPED', exitCode: 1 });
    expect(containerOf(stopped, 'app')?.lastStatus).toBe('STOPPED');
    expect(containerOf(stopped, 'app')?.exitCode).toBeUndefined();
  });

  it('refuses a SUCCESS dependency on an essential container', () => {
    const result = applyObject(
      kubeconfig,
      {
        apiVersion: `${GROUP}/${VERSION}`,
        kind: 'TaskDefinition',
        metadata: { name: 'ordered-essential' },
        spec: { containerDefinitions: [container('init'), container('app', { dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] })] },
      },
      namespace,
    );
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/essential/i);
  });
});

describe('start failures', () => {
  it('stops with TaskFailedToStart and CannotPullContainerError when an image cannot be pulled', async () => {
    registerTaskDefinition('pull', [container('app')]);
    runTask('pull', { taskDefinition: 'pull' }, kwok({ 'image-pull-error': 'app' }));
    const stopped = await waitForTask('pull', 'STOPPED');
    expect(stopped.status?.stopCode).toBe('TaskFailedToStart');
    expect(stopped.status?.stoppedReason).toMatch(/^CannotPullContainerError: /);
    expect(stopped.status?.startedAt).toBeUndefined();
    // The Pod, stuck pulling, is deleted.
    await waitUntilGone(() => readPod('pull'));
    const events = await eventually(async () => {
      const list = await eventsOf('pull');
      expect(list.map((e) => e.reason)).toEqual(expect.arrayContaining(['ImagePullFailed', 'Stopped']));
      return list;
    });
    expect(events.find((e) => e.reason === 'ImagePullFailed')).toMatchObject({ type: 'Warning', message: `Container app: ${stopped.status?.stoppedReason}` });
    expect(events.map((e) => e.reason)).not.toContain('Started');
  });
});

describe('Cluster timeouts', () => {
  it('stops a task that cannot be placed within the placementTimeout', async () => {
    const cluster = `lifecycle-empty-${suffix}`;
    createCluster(cluster, { nodeSelector: { matchLabels: { 'stevedore.test/pool': `nowhere-${suffix}` } }, placementTimeout: '3s' });
    registerTaskDefinition('stranded', [container('app')]);
    runTask('stranded', { taskDefinition: 'stranded', cluster });

    const stopped = await waitForTask('stranded', 'STOPPED');
    expect(stopped.status).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: `Task failed to start: ${EMPTY_CLUSTER_MESSAGE}` });
    expect(stopped.status?.containerInstance).toBeUndefined();
    const waited = Date.parse(String(stopped.status?.stoppedAt)) - Date.parse(String(stopped.metadata.creationTimestamp));
    expect(waited).toBeGreaterThanOrEqual(2_000); // creationTimestamp has whole seconds
    await expectGone(() => readPod('stranded'));
    const events = await eventually(async () => {
      const list = await eventsOf('stranded');
      expect(list.map((e) => e.reason)).toEqual(expect.arrayContaining(['PlacementFailed', 'Stopped']));
      return list;
    });
    expect(events.find((e) => e.reason === 'Stopped')).toMatchObject({ type: 'Warning', message: `Task stopped: TaskFailedToStart: ${stopped.status?.stoppedReason}` });
  });

  it('deletes a STOPPED task, and the Pod kept for its logs, after the stoppedTaskRetention', async () => {
    const pool = `retain-${suffix}`;
    const [node] = planNodeSet({ ...defaultNodeSet, count: 1, prefix: `lifecycle-${suffix}`, labels: { 'stevedore.test/pool': pool } });
    nodesToDelete.push(node!.name);
    await createSimulatedNodes(kc, [node!]);
    const cluster = `lifecycle-retain-${suffix}`;
    createCluster(cluster, { nodeSelector: { matchLabels: { 'stevedore.test/pool': pool } }, stoppedTaskRetention: '2s' });
    registerTaskDefinition('retained', [container('app')]);
    runTask('retained', { taskDefinition: 'retained', cluster }, kwok({ 'exit-container': 'app', 'exit-code': '2' }));

    const stopped = await waitForTask('retained', 'STOPPED');
    expect(stopped.status?.containerInstance).toBe(node!.name);
    expect(stopped.status?.stopCode).toBe('EssentialContainerExited');
    // Every container exited on its own: the Pod stays for the retention period.
    expect((await readPod('retained')).status?.phase).toBe('Failed');

    await waitUntilGone(() => readTask('retained'), 15_000);
    const deletedAfter = Date.now() - Date.parse(String(stopped.status?.stoppedAt));
    expect(deletedAfter).toBeGreaterThanOrEqual(2_000);
    await waitUntilGone(() => readPod('retained'));
  });
});

describe('the Pod and the Task', () => {
  it('stops the task when its Pod is deleted behind the operator\'s back, and creates no new Pod', async () => {
    registerTaskDefinition('orphan', [container('app')]);
    runTask('orphan', { taskDefinition: 'orphan' });
    await waitForTask('orphan', 'RUNNING');
    const original = await readPod('orphan');
    await core.deleteNamespacedPod({ name: 'orphan', namespace });

    const stopped = await waitForTask('orphan', 'STOPPED');
    // docs/task-lifecycle.md, cause 6: a task that ran reports its loss as an essential exit.
    expect(stopped.status).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Task stopped because its Pod was deleted' });
    await waitUntilGone(() => readPod('orphan'));
    // A negative: give the operator time to (wrongly) recreate it, which no state can signal.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const pods = await core.listNamespacedPod({ namespace, labelSelector: `ecs.stevedore.dev/task=orphan` });
    expect(pods.items.filter((p) => p.metadata?.uid !== original.metadata?.uid)).toEqual([]);
    await expectGone(() => readPod('orphan'));
    expect((await readTask('orphan')).status?.lastStatus).toBe('STOPPED');
  });

  it('holds a deleted Task with its finalizer until the Pod is gone, stopping it gracefully', async () => {
    registerTaskDefinition('finalized', [container('app', { stopTimeout: 20 })]);
    runTask('finalized', { taskDefinition: 'finalized' }, kwok({ 'stop-after': '3s' }));
    const running = await waitForTask('finalized', 'RUNNING');
    expect(running.metadata.finalizers).toContain(taskFinalizer);

    await custom.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace, name: 'finalized' });
    // The Task waits, deleting and STOPPING as after a StopTask, while its Pod's containers take their 3s to stop.
    const [held, pod] = await eventually(async () => {
      const [t, p] = await Promise.all([readTask('finalized'), readPod('finalized')]);
      expect(t.metadata.deletionTimestamp).toBeDefined();
      expect(p.metadata?.deletionTimestamp).toBeDefined();
      expect(t.status?.lastStatus).toBe('STOPPING');
      return [t, p] as const;
    });
    expect(held.status).toMatchObject({ desiredStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'Task stopped by user' });
    expect(held.status?.stoppingAt).toBeDefined();
    expect(pod.metadata?.deletionGracePeriodSeconds).toBe(20);
    expect((await eventsOf('finalized')).find((e) => e.reason === 'Stopping')).toMatchObject({ type: 'Normal', message: 'Stopping task: UserInitiated: Task stopped by user' });

    // The finalizer goes only once the Pod is gone: when the Task is gone, so is the Pod.
    await waitUntilGone(() => readTask('finalized'));
    await expectGone(() => readPod('finalized'));
  });
});

describe('operator restart', () => {
  it('continues PENDING, RUNNING and STOPPING tasks after the operator is killed: no duplicate Pod, no lost task', { timeout: 120_000 }, async () => {
    registerTaskDefinition('restart', [container('app')]);
    const spec = { taskDefinition: 'restart' };
    // PENDING: kwok holds the containers back for 20s.
    runTask('r-pending', spec, kwok({ 'start-after': '20s' }));
    runTask('r-running', spec);
    const stoppingAnnotations = kwok({ 'stop-after': '6s' });
    runTask('r-stopping', spec, stoppingAnnotations);
    await waitForTask('r-running', 'RUNNING');
    await waitForTask('r-stopping', 'RUNNING');
    stopTask('r-stopping', spec, stoppingAnnotations, 'stopped across a crash');
    await waitForTask('r-stopping', 'STOPPING', 10_000);
    await waitForTask('r-pending', 'PENDING');
    const names = ['r-pending', 'r-running', 'r-stopping'];
    const uids = new Map(await Promise.all(names.map(async (n) => [n, (await readPod(n)).metadata?.uid] as const)));

    await operator.kill();
    operator = await start();

    const stopped = await waitForTask('r-stopping', 'STOPPED');
    expect(stopped.status).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'stopped across a crash' });
    await waitUntilGone(() => readPod('r-stopping'));
    const pending = await waitForTask('r-pending', 'RUNNING', 40_000);
    expect(pending.status?.startedAt).toBeDefined();
    const running = await readTask('r-running');
    expect(running.status?.lastStatus).toBe('RUNNING');

    // Each task was placed and started once, across both operators.
    for (const name of names) expect(await timesOf(name, 'Placed'), name).toBe(1);
    await eventually(async () => expect(await timesOf('r-stopping', 'Stopped')).toBe(1));
    expect(await timesOf('r-stopping', 'Stopping')).toBe(1);
    await eventually(async () => expect(await timesOf('r-pending', 'Started')).toBe(1));
    expect(await timesOf('r-running', 'Started')).toBe(1);
    // The same Pods as before the crash, one per task, on the Node each task names.
    for (const [name, t] of [['r-pending', pending], ['r-running', running]] as const) {
      const pods = (await core.listNamespacedPod({ namespace, labelSelector: `ecs.stevedore.dev/task=${name}` })).items;
      expect(pods.map((p) => p.metadata?.uid)).toEqual([uids.get(name)]);
      expect(pods[0]?.spec?.nodeName).toBe(t.status?.containerInstance);
    }
  });
});

describe('Events', () => {
  it('records Placed, Started, Stopping and Stopped on the Task', async () => {
    registerTaskDefinition('evented', [container('app')]);
    const annotations = kwok({ 'stop-after': '1s' });
    runTask('evented', { taskDefinition: 'evented' }, annotations);
    const running = await waitForTask('evented', 'RUNNING');
    stopTask('evented', { taskDefinition: 'evented' }, annotations, 'done with events');
    await waitForTask('evented', 'STOPPED');

    const node = String(running.status?.containerInstance);
    const events = await eventually(async () => {
      const list = await eventsOf('evented');
      expect(list.map((e) => e.reason)).toEqual(expect.arrayContaining(['Placed', 'Started', 'Stopping', 'Stopped']));
      return list;
    });
    const byReason = (reason: string) => events.find((e) => e.reason === reason);
    expect(byReason('Placed')).toMatchObject({ type: 'Normal', message: `Placed task on container instance ${node}` });
    expect(byReason('Started')).toMatchObject({ type: 'Normal', message: `Task started on container instance ${node}` });
    expect(byReason('Stopping')).toMatchObject({ type: 'Normal', message: 'Stopping task: UserInitiated: done with events' });
    expect(byReason('Stopped')).toMatchObject({ type: 'Normal', message: 'Task stopped: UserInitiated: done with events' });
    // Each transition once, however many reconciles saw it.
    for (const reason of ['Placed', 'Started', 'Stopping', 'Stopped']) expect(await timesOf('evented', reason), reason).toBe(1);
  });
});

describe('metrics', () => {
  it('exposes tasks by status, placement latency, and placement failures by ECS reason', async () => {
    registerTaskDefinition('measured', [container('app')]);
    registerTaskDefinition('huge', [container('app', { memory: 60_000 })]);
    runTask('measured', { taskDefinition: 'measured' });
    runTask('huge', { taskDefinition: 'huge' });
    await waitForTask('measured', 'RUNNING');
    await eventually(async () => expect((await readTask('huge')).status?.placementFailures?.[0]?.reason).toBe('RESOURCE:MEMORY'));

    const text = await eventually(async () => {
      const scraped = await scrapeMetrics();
      expect(sample(scraped, 'stevedore_tasks{last_status="RUNNING"}')).toBeGreaterThanOrEqual(1);
      expect(sample(scraped, 'stevedore_tasks{last_status="PROVISIONING"}')).toBeGreaterThanOrEqual(1);
      expect(sample(scraped, 'stevedore_placement_failures_total{reason="RESOURCE:MEMORY"}')).toBeGreaterThanOrEqual(1);
      return scraped;
    });
    expect(text).toMatch(/^stevedore_task_placement_latency_seconds_bucket\{le="\+Inf"\} [1-9]/m);
    expect(sample(text, 'stevedore_task_placement_latency_seconds_count')).toBeGreaterThanOrEqual(1);

    stopTask('huge', { taskDefinition: 'huge' }, {}, 'unplaceable');
    await waitForTask('huge', 'STOPPED');
  });
});
