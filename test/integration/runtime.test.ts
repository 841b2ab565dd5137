// The operator runtime against the real API server: informers sync and survive a broken
// watch, the write verbs are idempotent and classify answers as documented, Events are
// written and counted up, two Managers elect one leader and hand over, and the probes and
// metrics answer. Needs only the admin kubeconfig the global setup provides.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { CoordinationV1Api, CoreV1Api, V1MicroTime, type KubeConfig, type V1ConfigMap } from '@kubernetes/client-node';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, TerminalError } from '../../src/runtime/errors.ts';
import { nodeInventoryController } from '../../src/controllers/node-inventory-controller.ts';
import { KubeClient } from '../../src/kube/client.ts';
import { KubeEventRecorder, reportingController } from '../../src/kube/events.ts';
import { Informer } from '../../src/kube/informers.ts';
import { tasks, type ResourceType } from '../../src/kube/resources.ts';
import { newMetricsRegistry } from '../../src/metrics/registry.ts';
import type { ControllerRegistration } from '../../src/controllers/controller-contract.ts';
import { Manager } from '../../src/operator/manager.ts';
import { findFreePort } from '../../src/localcluster/free-port.ts';
import { kubectl } from './kubectl.ts';
import { createTestNamespace, eventually, testKubeConfig } from './support/kube.ts';
import { inject } from 'vitest';

const logger = pino({ level: process.env['STEVEDORE_TEST_LOG'] ?? 'silent' });
const configMaps: ResourceType = { apiVersion: 'v1', kind: 'ConfigMap', plural: 'configmaps', namespaced: true };

let kc: KubeConfig;
let core: CoreV1Api;
let namespace: string;

beforeAll(async () => {
  kc = testKubeConfig();
  core = kc.makeApiClient(CoreV1Api);
  namespace = await createTestNamespace(kc, 'runtime');
  const kubeconfig = inject('kubeconfig');
  const root = join(import.meta.dirname, '..', '..');
  const applied = kubectl(kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=runtime-test', '-f', join(root, 'crds')]);
  expect(applied.stderr).toBe('');
  expect(kubectl(kubeconfig, ['wait', '--for', 'condition=Established', 'crd/tasks.ecs.stevedore.dev', '--timeout=60s']).ok).toBe(true);
});

afterAll(async () => {
  await core?.deleteNamespace({ name: namespace });
});

function configMap(name: string, data: Record<string, string> = {}): V1ConfigMap {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace }, data };
}

describe('Informer', () => {
  it('holds the first list once started, then follows the watch', async () => {
    await core.createNamespacedConfigMap({ namespace, body: configMap('before-1') });
    await core.createNamespacedConfigMap({ namespace, body: configMap('before-2') });
    const informer = new Informer<V1ConfigMap>(kc, configMaps, { namespace, logger, labelSelector: undefined });
    const changed: string[] = [];
    informer.onChange((cm) => changed.push(cm.metadata?.name ?? ''));
    try {
      await informer.start();
      expect(informer.hasSynced()).toBe(true);
      expect(informer.list(namespace).map((cm) => cm.metadata?.name).sort()).toEqual(['before-1', 'before-2', 'kube-root-ca.crt']);
      // Timestamps from the list are wire strings, like those from the watch.
      expect(typeof informer.get('before-1', namespace)?.metadata?.creationTimestamp).toBe('string');

      await core.createNamespacedConfigMap({ namespace, body: configMap('after') });
      await eventually(() => expect(informer.get('after', namespace)).toBeDefined());
      await core.deleteNamespacedConfigMap({ name: 'before-1', namespace });
      await eventually(() => expect(informer.get('before-1', namespace)).toBeUndefined());
      expect(changed).toEqual(expect.arrayContaining(['before-1', 'before-2', 'after']));
    } finally {
      await informer.stop();
    }
  });

  it('restarts after its watch breaks and catches up on what changed meanwhile', async () => {
    const informer = new Informer<V1ConfigMap>(kc, configMaps, {
      namespace,
      logger,
      labelSelector: 'test=restart',
      restartBackoff: { baseDelayMs: 200, maxDelayMs: 1000 },
    });
    try {
      await informer.start();
      expect(informer.list()).toEqual([]);
      informer.interruptWatch();
      const body = { ...configMap('while-broken'), metadata: { name: 'while-broken', namespace, labels: { test: 'restart' } } };
      await core.createNamespacedConfigMap({ namespace, body });
      await eventually(() => expect(informer.get('while-broken', namespace)?.metadata?.labels).toEqual({ test: 'restart' }), { timeoutMs: 10_000 });
      expect(informer.restarts).toBeGreaterThanOrEqual(1);
    } finally {
      await informer.stop();
    }
  });

  it('lists and watches a custom resource by its generic path', async () => {
    const client = new KubeClient(kc);
    const informer = new Informer(kc, tasks, { namespace, logger });
    try {
      await informer.start();
      await client.create(taskObject('cr-watch'));
      await eventually(() => expect(informer.get('cr-watch', namespace)).toMatchObject({ kind: 'Task', spec: { taskDefinition: 'web:1' } }));
    } finally {
      await informer.stop();
    }
  });
});

function taskObject(name: string) {
  return { apiVersion: tasks.apiVersion, kind: 'Task', metadata: { name, namespace }, spec: { taskDefinition: 'web:1' } };
}

describe('KubeClient', () => {
  const client = (): KubeClient => new KubeClient(kc);

  it('treats a second create of the same name as done', async () => {
    expect(await client().create(configMap('idempotent'))).toBe('created');
    expect(await client().create(configMap('idempotent'))).toBe('exists');
  });

  it('merge-patches the status subresource, and refuses a stale resourceVersion with ConflictError', async () => {
    await client().create(taskObject('status-patch'));
    const fresh = await client().read<{ metadata: { resourceVersion: string } }>(tasks, { name: 'status-patch', namespace });
    const resourceVersion = fresh?.metadata.resourceVersion;
    await client().patchStatus(tasks, { name: 'status-patch', namespace }, { lastStatus: 'PROVISIONING' }, { resourceVersion });
    // A second merge patch adds to the status instead of replacing it.
    await client().patchStatus(tasks, { name: 'status-patch', namespace }, { observedGeneration: 1 });
    const patched = await client().read<{ metadata?: object; status?: Record<string, unknown> }>(tasks, { name: 'status-patch', namespace });
    expect(patched?.status).toEqual({ lastStatus: 'PROVISIONING', observedGeneration: 1 });
    await expect(
      client().patchStatus(tasks, { name: 'status-patch', namespace }, { lastStatus: 'RUNNING' }, { resourceVersion }),
    ).rejects.toBeInstanceOf(ConflictError);
  });

  it('reports a status the schema refuses as TerminalError', async () => {
    await client().create(taskObject('invalid-status'));
    await expect(client().patchStatus(tasks, { name: 'invalid-status', namespace }, { lastStatus: 'DANCING' })).rejects.toBeInstanceOf(TerminalError);
  });

  it('adds and removes a finalizer once, and deletes an object gone or not', async () => {
    const finalizer = 'ecs.stevedore.dev/test';
    await client().create(taskObject('finalized'));
    const read = async () => (await client().read(tasks, { name: 'finalized', namespace }))?.metadata;
    let meta = await read();
    await client().addFinalizer(tasks, { ...meta, name: 'finalized', namespace }, finalizer);
    await client().addFinalizer(tasks, { ...(await read()), name: 'finalized', namespace }, finalizer);
    expect((await read())?.finalizers).toEqual([finalizer]);

    expect(await client().delete(tasks, { name: 'finalized', namespace })).toBe('deleted');
    meta = await read();
    expect(meta?.deletionTimestamp).toBeDefined();
    await client().removeFinalizer(tasks, { ...meta, name: 'finalized', namespace }, finalizer);
    await eventually(async () => expect(await read()).toBeUndefined());
    expect(await client().delete(tasks, { name: 'finalized', namespace })).toBe('gone');
  });

  it('refuses a delete whose uid precondition no longer holds', async () => {
    await client().create(configMap('precondition'));
    await expect(client().delete(configMaps, { name: 'precondition', namespace }, { preconditions: { uid: 'not-the-uid' } })).rejects.toBeInstanceOf(ConflictError);
  });

  it('server-side applies as the stevedore field manager', async () => {
    const applied = await client().apply({ ...configMap('applied', { a: '1' }) });
    expect(applied.metadata?.managedFields?.map((f) => f.manager)).toContain('stevedore');
    await client().apply({ ...configMap('applied', { a: '2' }) });
    const cm = await core.readNamespacedConfigMap({ name: 'applied', namespace });
    expect(cm.data).toEqual({ a: '2' });
  });
});

describe('KubeEventRecorder', () => {
  it('writes an Event and counts repeats on it', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace, body: configMap('evented') });
    const recorder = new KubeEventRecorder(kc, { logger, instance: 'runtime-test' });
    const subject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: cm.metadata };
    await recorder.normal(subject, 'Reconciled', 'Reconciled ConfigMap');
    await recorder.normal(subject, 'Reconciled', 'Reconciled ConfigMap');
    await recorder.warning(subject, 'FailedPlacement', 'Could not place Task');
    const events = await core.listNamespacedEvent({ namespace, fieldSelector: 'involvedObject.name=evented' });
    const summary = events.items.map((e) => ({ reason: e.reason, type: e.type, count: e.count, component: e.reportingComponent, uid: e.involvedObject.uid }));
    expect(summary.sort((a, b) => (a.reason ?? '').localeCompare(b.reason ?? ''))).toEqual([
      { reason: 'FailedPlacement', type: 'Warning', count: 1, component: reportingController, uid: cm.metadata?.uid },
      { reason: 'Reconciled', type: 'Normal', count: 2, component: reportingController, uid: cm.metadata?.uid },
    ]);
  });
});

describe('Manager', () => {
  const fastLease = { leaseDurationMs: 3000, renewDeadlineMs: 2000, retryPeriodMs: 250 };

  function manager(identity: string, leaseName: string, controllers: ControllerRegistration[] = [nodeInventoryController]) {
    const lostLeadership: string[] = [];
    const m = new Manager({
      kubeConfig: kc,
      logger: logger.child({ identity }),
      registry: newMetricsRegistry({ processMetrics: false }),
      controllers,
      leaderElection: { namespace, name: leaseName, identity, timings: fastLease },
      metricsBindAddress: '127.0.0.1:0',
      healthProbeBindAddress: '127.0.0.1:0',
      onLostLeadership: () => lostLeadership.push(identity),
    });
    return { m, lostLeadership };
  }

  it('serves /healthz, /readyz and /metrics with the controllers\' metrics', async () => {
    const { m } = manager('probe', 'probe-lease');
    try {
      await m.start();
      const health = await fetch(`http://127.0.0.1:${m.healthProbePort}/healthz`);
      const ready = await fetch(`http://127.0.0.1:${m.healthProbePort}/readyz`);
      expect([health.status, ready.status]).toEqual([200, 200]);
      await eventually(async () => {
        const metrics = await (await fetch(`http://127.0.0.1:${m.metricsPort}/metrics`)).text();
        // The global setup runs six Ready simulated Nodes; the inventory counts them once leading.
        expect(metrics).toMatch(/^stevedore_container_instances\{ready="true"\} [1-9]\d*$/m);
        expect(metrics).toMatch(/^stevedore_workqueue_depth\{controller="node-inventory"\} \d+$/m);
        expect(metrics).toMatch(/^stevedore_reconcile_duration_seconds_count\{controller="node-inventory",result="success"\} [1-9]/m);
        expect(metrics).toMatch(/^stevedore_leader_election_status 1$/m);
        expect(metrics).toMatch(/^stevedore_informers_synced 1$/m);
      }, { timeoutMs: 15_000 });
    } finally {
      await m.stop();
    }
  });

  it('elects one leader of two, and hands over when the leader stops', async () => {
    const a = manager('replica-a', 'handover');
    const b = manager('replica-b', 'handover');
    try {
      await Promise.all([a.m.start(), b.m.start()]);
      await eventually(() => expect([a.m.isLeader, b.m.isLeader].filter(Boolean)).toHaveLength(1), { timeoutMs: 10_000 });
      const [leader, standby] = a.m.isLeader ? [a, b] : [b, a];
      // A synced standby is ready: it can take over at once.
      expect(standby.m.isReady).toBe(true);
      const stoppedAt = Date.now();
      await leader.m.stop();
      await eventually(() => expect(standby.m.isLeader).toBe(true), { timeoutMs: fastLease.leaseDurationMs });
      expect(Date.now() - stoppedAt).toBeLessThanOrEqual(fastLease.leaseDurationMs);
      expect([...a.lostLeadership, ...b.lostLeadership]).toEqual([]);
      const lease = await kc.makeApiClient(CoordinationV1Api).readNamespacedLease({ name: 'handover', namespace });
      expect(lease.spec?.holderIdentity).toBe(standby === a ? 'replica-a' : 'replica-b');
    } finally {
      await Promise.all([a.m.stop(), b.m.stop()]);
    }
  });

  it('steps down and stops its controllers when another holder takes the Lease', async () => {
    const { m, lostLeadership } = manager('deposed', 'usurped');
    try {
      await m.start();
      await eventually(() => expect(m.isLeader).toBe(true), { timeoutMs: 10_000 });
      const coordination = kc.makeApiClient(CoordinationV1Api);
      const lease = await coordination.readNamespacedLease({ name: 'usurped', namespace });
      await coordination.replaceNamespacedLease({
        name: 'usurped',
        namespace,
        body: { ...lease, spec: { ...lease.spec, holderIdentity: 'usurper', leaseDurationSeconds: 60, renewTime: new V1MicroTime(Date.now()) } },
      });
      await eventually(() => expect(lostLeadership).toEqual(['deposed']), { timeoutMs: fastLease.renewDeadlineMs + 3000 });
      expect(m.isLeader).toBe(false);
      expect(m.isReady).toBe(false);
    } finally {
      await m.stop();
    }
  });

  it('takes over a Lease whose holder stopped renewing once it expires', async () => {
    const coordination = kc.makeApiClient(CoordinationV1Api);
    await coordination.createNamespacedLease({
      namespace,
      body: {
        metadata: { name: 'abandoned', namespace },
        spec: { holderIdentity: 'crashed-replica', leaseDurationSeconds: 2, renewTime: new V1MicroTime(Date.now()), leaseTransitions: 0 },
      },
    });
    const { m } = manager('survivor', 'abandoned');
    try {
      const startedAt = Date.now();
      await m.start();
      expect(m.isLeader).toBe(false);
      await eventually(() => expect(m.isLeader).toBe(true), { timeoutMs: 10_000 });
      // It waited out the crashed holder's lease duration, measured from when it first saw it.
      expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2000);
      const lease = await coordination.readNamespacedLease({ name: 'abandoned', namespace });
      expect(lease.spec).toMatchObject({ holderIdentity: 'survivor', leaseTransitions: 1 });
    } finally {
      await m.stop();
    }
  });
});

describe('stevedore operator', () => {
  it('becomes ready, leads, and on SIGTERM releases the Lease and exits 0', async () => {
    const [metricsPort, probePort] = [await findFreePort(), await findFreePort()];
    const root = join(import.meta.dirname, '..', '..');
    const child = spawn(
      join(root, 'bin', 'stevedore'),
      [
        'operator',
        '--kubeconfig', inject('kubeconfig'),
        '--leader-election-namespace', namespace,
        '--leader-election-id', 'command-test',
        '--metrics-bind-address', `127.0.0.1:${metricsPort}`,
        '--health-probe-bind-address', `127.0.0.1:${probePort}`,
        '--log-level', 'warn',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const coordination = kc.makeApiClient(CoordinationV1Api);
    try {
      await eventually(async () => expect((await fetch(`http://127.0.0.1:${probePort}/readyz`)).status).toBe(200), { timeoutMs: 30_000 });
      await eventually(async () => {
        const lease = await coordination.readNamespacedLease({ name: 'command-test', namespace });
        expect(lease.spec?.holderIdentity).toMatch(/_[0-9a-f]{8}$/);
      });
      expect(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()).toContain('process_cpu_seconds_total');
      child.kill('SIGTERM');
      expect(await exited, output).toBe(0);
      const released = await coordination.readNamespacedLease({ name: 'command-test', namespace });
      expect(released.spec?.holderIdentity ?? '').toBe('');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
