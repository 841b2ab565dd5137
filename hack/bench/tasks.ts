// bench:tasks — how fast Stevedore turns Tasks into running Pods, next to kube-scheduler doing
// the same for plain Pods, on the same control plane in the same run (the machine is shared and
// noisy, so only the ratio measured side by side means much).
//
//   npm run bench:tasks [-- --tasks 2000 --nodes 200 --runs 3 --workers 8]
//
// Each run creates N objects (64 at a time) and measures from the first create until every Task
// is RUNNING (every Pod Running), as lists polled every second show it, then deletes them and waits until they are gone. Runs alternate
// Stevedore / kube-scheduler; medians are printed at the end.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { spawn } from 'node:child_process';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { repoRoot, ensureBinaries } from '../../src/localcluster/binaries.ts';
import { startControlPlane } from '../../src/localcluster/control-plane.ts';
import { loadKubeConfig } from '../../src/localcluster/kubeconfig.ts';
import { findFreePort } from '../../src/localcluster/free-port.ts';
import { createSimulatedNodes, defaultNodeSet, planNodeSet, waitForNodesReady } from '../../src/localcluster/simulated-nodes.ts';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';

const { values } = parseArgs({
  options: { tasks: { type: 'string', default: '2000' }, nodes: { type: 'string', default: '200' }, runs: { type: 'string', default: '3' }, workers: { type: 'string', default: '8' } },
});
const taskCount = Number(values.tasks);
const nodeCount = Number(values.nodes);
const runs = Number(values.runs);
const concurrency = 64;
const log = (message: string) => process.stdout.write(`${message}\n`);

// Ctrl-C or a timeout still stops the control plane (see startControlPlane's exit hook).
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

const binaries = await ensureBinaries({ build: true });
const dir = await mkdtemp(join(tmpdir(), 'stevedore-bench-tasks-'));
const controlPlane = await startControlPlane({ dir, scheduler: true, build: false });
const kc = loadKubeConfig(controlPlane.kubeconfig);
const core = kc.makeApiClient(CoreV1Api);
const custom = kc.makeApiClient(CustomObjectsApi);
let operator: ReturnType<typeof spawn> | undefined;
process.once('exit', () => operator?.kill('SIGKILL'));
try {
  log(`Control plane up; creating ${nodeCount} simulated Nodes`);
  const nodes = planNodeSet({ ...defaultNodeSet, count: nodeCount, prefix: 'bench' });
  await createSimulatedNodes(kc, nodes);
  await waitForNodesReady(kc, nodes.map((n) => n.name), 120_000);
  await run(binaries.kubectl, ['--kubeconfig', controlPlane.kubeconfig, 'apply', '--server-side', '-f', join(repoRoot, 'crds')]);
  await run(binaries.kubectl, ['--kubeconfig', controlPlane.kubeconfig, 'wait', '--for', 'condition=Established', 'crd', '-l', 'app.kubernetes.io/part-of=stevedore']);

  const probePort = await findFreePort();
  operator = spawn(join(repoRoot, 'bin', 'stevedore'), ['operator', '--kubeconfig', controlPlane.kubeconfig, '--leader-elect=false', '--metrics-bind-address=0', `--health-probe-bind-address=127.0.0.1:${probePort}`, '--log-level=warn', `--workers=${values.workers}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
    // e.g. OPERATOR_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the operator under load.
    env: { ...process.env, NODE_OPTIONS: process.env['OPERATOR_NODE_OPTIONS'] ?? '' },
  });
  await until(async () => (await fetch(`http://127.0.0.1:${probePort}/readyz`).catch(() => undefined))?.status === 200, 60_000);

  const namespace = 'bench';
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  await until(async () => (await core.readNamespacedServiceAccount({ name: 'default', namespace }).catch(() => undefined)) !== undefined, 30_000);
  await custom.createNamespacedCustomObject({
    group: GROUP, version: VERSION, plural: 'taskdefinitions', namespace,
    body: { apiVersion: `${GROUP}/${VERSION}`, kind: 'TaskDefinition', metadata: { name: 'bench' }, spec: { containerDefinitions: [{ name: 'app', image: 'registry.example/app:1', cpu: 32, memory: 32 }] } },
  });
  await until(async () => ((await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'taskdefinitions', namespace, name: 'bench' })) as { status?: { revision?: number } }).status?.revision === 1, 30_000);

  const stevedore: number[] = [];
  const scheduler: number[] = [];
  for (let i = 0; i < runs; i++) {
    stevedore.push(await measure(`Stevedore Tasks, run ${i + 1}`, namespace, 'tasks', (n) => createTask(namespace, n)));
    scheduler.push(await measure(`kube-scheduler Pods, run ${i + 1}`, namespace, 'pods', (n) => createPod(namespace, n)));
  }
  const ms = median(stevedore);
  const mp = median(scheduler);
  log('');
  log(`${taskCount} objects on ${nodeCount} Nodes, median of ${runs} runs (each from the first create to all running):`);
  log(`  Stevedore (Task -> placement -> bound Pod -> RUNNING): ${(ms / 1000).toFixed(2)} s, ${(taskCount / (ms / 1000)).toFixed(0)} tasks/s`);
  log(`  kube-scheduler (plain Pod -> bind -> Running):         ${(mp / 1000).toFixed(2)} s, ${(taskCount / (mp / 1000)).toFixed(0)} pods/s`);
  log(`  ratio Stevedore / kube-scheduler time: ${(ms / mp).toFixed(2)}`);
} finally {
  operator?.kill('SIGTERM');
  await controlPlane.stop();
  await rm(dir, { recursive: true, force: true });
}

function createTask(namespace: string, n: number): Promise<unknown> {
  return custom.createNamespacedCustomObject({
    group: GROUP, version: VERSION, plural: 'tasks', namespace,
    body: { apiVersion: `${GROUP}/${VERSION}`, kind: 'Task', metadata: { name: `t-${n}` }, spec: { taskDefinition: 'bench:1' } },
  });
}

function createPod(namespace: string, n: number): Promise<unknown> {
  return core.createNamespacedPod({
    namespace,
    body: {
      metadata: { name: `p-${n}` },
      spec: {
        restartPolicy: 'Never',
        automountServiceAccountToken: false,
        enableServiceLinks: false,
        containers: [{ name: 'app', image: 'registry.example/app:1', resources: { requests: { cpu: '32m', memory: '32Mi' }, limits: { memory: '32Mi' } } }],
      },
    },
  });
}

/** Creates `taskCount` objects and resolves with the ms until all run; then removes them. */
async function measure(label: string, namespace: string, kind: 'tasks' | 'pods', create: (n: number) => Promise<unknown>): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < taskCount) await withRetries(create.bind(undefined, next++));
  }));
  const created = performance.now();
  // Counted from lists every second: the same cost and resolution for both sides, and light
  // enough (a list of 2,000 objects is megabytes) not to slow down what it measures.
  await until(async () => (await countRunning(namespace, kind)) >= taskCount, 900_000, 1000);
  const elapsed = performance.now() - started;
  log(`${label}: created in ${((created - started) / 1000).toFixed(2)} s, all running after ${(elapsed / 1000).toFixed(2)} s (${(taskCount / (elapsed / 1000)).toFixed(0)}/s)`);

  // Clean up before the next run so both sides start from the same, empty namespace.
  // A collection delete of thousands may outlast the request timeout; what it started goes on.
  if (kind === 'tasks') await withRetries(() => custom.deleteCollectionNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace })).catch(() => {});
  else await withRetries(() => core.deleteCollectionNamespacedPod({ namespace, gracePeriodSeconds: 0 })).catch(() => {});
  await until(async () => {
    const remaining = kind === 'tasks'
      ? ((await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace })) as { items: unknown[] }).items.length
      : 0;
    const pods = (await core.listNamespacedPod({ namespace })).items.length;
    return remaining === 0 && pods === 0;
  }, 600_000);
  return elapsed;
}

async function countRunning(namespace: string, kind: 'tasks' | 'pods'): Promise<number> {
  if (kind === 'pods') return (await core.listNamespacedPod({ namespace })).items.filter((p) => p.status?.phase === 'Running').length;
  const list = (await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace })) as { items: { status?: { lastStatus?: string } }[] };
  return list.items.filter((t) => t.status?.lastStatus === 'RUNNING').length;
}

async function until(probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A loaded API server sometimes resets a stream; a create that failed that way is tried again. */
async function withRetries(request: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await request();
      return;
    } catch (err) {
      if ((err as { code?: number }).code === 409) return; // created by the attempt that seemed to fail
      if (attempt === 5) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
    }
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}
