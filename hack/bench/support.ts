// What bench:tasks and bench:scale share: a control plane with simulated Nodes, kube-scheduler
// and the operator; the three ways to turn N objects into running Pods ("sides"); timing one
// side from its first create until all of it runs; and counting the API writes it cost, from
// kube-apiserver's own request counter so that every side is counted the same way.
import { rmSync } from 'node:fs';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { CoreV1Api, CustomObjectsApi, Watch, type KubeConfig } from '@kubernetes/client-node';
import { z } from 'zod';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';
import { ensureBinaries, repoRoot } from '../../src/localcluster/binaries.ts';
import { startControlPlane, type ControlPlane } from '../../src/localcluster/control-plane.ts';
import { loadKubeConfig } from '../../src/localcluster/kubeconfig.ts';
import { sleep } from '../../src/localcluster/managed-process.ts';
import { startOperatorProcess, type OperatorProcess } from '../../src/localcluster/operator-process.ts';
import { createSimulatedNodes, defaultNodeSet, planNodeSet, waitForNodesReady } from '../../src/localcluster/simulated-nodes.ts';
import { samples } from './prometheus.ts';

export const log = (message: string) => process.stdout.write(`${message}\n`);

/** A positive integer flag (parseArgs gives strings). */
export function positiveInt(name: string, value: string | undefined): number {
  const parsed = z.coerce.number().int().positive().safeParse(value);
  if (!parsed.success) throw new Error(`--${name} must be a positive integer, not ${JSON.stringify(value)}`);
  return parsed.data;
}

/**
 * Ctrl-C, SIGTERM or an uncaught error ends the process; the exit hooks of the control plane
 * and the operator then kill what is still running.
 */
export function exitOnSignals(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => process.exit(130));
}

/**
 * Every wait of a benchmark is bounded, but a request to a wedged API server may hang; past
 * `minutes` the whole benchmark gives up (and the exit hooks stop every process).
 */
export function exitAfter(minutes: number): void {
  setTimeout(() => {
    process.stderr.write(`giving up after ${minutes} minutes (--max-minutes)\n`);
    process.exit(124);
  }, minutes * 60_000).unref();
}

// ---------------------------------------------------------------------------------------------
// The cluster

export interface BenchClusterOptions {
  nodes: number;
  /** Start kube-scheduler (default true; without it only Stevedore and pre-bound Pods run). */
  scheduler?: boolean;
  /** kube-scheduler's client limits; default as scheduler_perf runs it (5,000/s, burst 5,000). */
  schedulerClientLimits?: { qps: number; burst: number };
  /** kwok's parallelism (Pod and Node stages, Leases); default 16, against kwok's 4. */
  kwokParallelism?: number;
}

export interface BenchCluster {
  kubeconfig: string;
  kc: KubeConfig;
  controlPlane: ControlPlane;
  nodeNames: string[];
  stop(): Promise<void>;
}

export const benchNamespace = 'bench';

/**
 * A control plane with kube-scheduler, `nodes` simulated Nodes (4 CPU, 16Gi, 110 Pods each),
 * Stevedore's CRDs and the `bench` namespace with TaskDefinition bench:1. Never builds the
 * control plane: run hack/controlplane/build.sh first.
 */
export async function startBenchCluster(options: BenchClusterOptions): Promise<BenchCluster> {
  const binaries = await ensureBinaries({ build: false });
  const dir = await mkdtemp(join(tmpdir(), 'stevedore-bench-'));
  const limits = options.schedulerClientLimits ?? { qps: 5000, burst: 5000 };
  // On Ctrl-C the control plane's own exit hook kills its processes; this removes their files.
  process.once('exit', () => {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a process still dying may hold a file; the directory is under the system's tmpdir
    }
  });
  const scheduler = options.scheduler ?? true;
  const controlPlane = await startControlPlane({
    dir, scheduler, schedulerClientLimits: limits, kwokParallelism: options.kwokParallelism ?? 16, build: false,
    // Start-up on a shared, loaded machine can take minutes.
    readyTimeoutMs: 300_000,
  }).catch(async (error: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw error;
  });
  const stop = async () => {
    await controlPlane.stop();
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const kc = loadKubeConfig(controlPlane.kubeconfig);
    log(`Control plane up (${scheduler ? `kube-scheduler client ${limits.qps}/s, burst ${limits.burst}` : 'no kube-scheduler'}); creating ${options.nodes} simulated Nodes`);
    const nodes = planNodeSet({ ...defaultNodeSet, count: options.nodes, prefix: 'bench' });
    await createSimulatedNodes(kc, nodes);
    await waitForNodesReady(kc, nodes.map((n) => n.name), 60_000 + options.nodes * 100);
    await run(binaries.kubectl, ['--kubeconfig', controlPlane.kubeconfig, 'apply', '--server-side', '-f', join(repoRoot, 'crds')]);
    await run(binaries.kubectl, ['--kubeconfig', controlPlane.kubeconfig, 'wait', '--for', 'condition=Established', 'crd', '-l', 'app.kubernetes.io/part-of=stevedore']);
    await prepareNamespace(kc);
    return { kubeconfig: controlPlane.kubeconfig, kc, controlPlane, nodeNames: nodes.map((n) => n.name), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function prepareNamespace(kc: KubeConfig): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const namespace = benchNamespace;
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  // kube-controller-manager creates the default ServiceAccount; Pods are refused until it exists.
  await until('the default ServiceAccount', () => core.readNamespacedServiceAccount({ name: 'default', namespace }).then(() => true), 30_000);
  await custom.createNamespacedCustomObject({
    group: GROUP, version: VERSION, plural: 'taskdefinitions', namespace,
    body: { apiVersion: `${GROUP}/${VERSION}`, kind: 'TaskDefinition', metadata: { name: 'bench' }, spec: { containerDefinitions: [{ name: 'app', image: 'registry.example/app:1', cpu: 32, memory: 32 }] } },
  });
}

/** The operator with /metrics on, started once the TaskDefinition is there; waits until bench:1 is registered. */
export async function startBenchOperator(cluster: BenchCluster, workers: number): Promise<OperatorProcess> {
  const operator = await startOperatorProcess({
    kubeconfig: cluster.kubeconfig,
    args: ['--log-level=warn', `--workers=${workers}`],
    metrics: true,
    // e.g. OPERATOR_NODE_OPTIONS='--cpu-prof --cpu-prof-dir=/tmp/prof' to profile the operator under load.
    env: { ...process.env, NODE_OPTIONS: process.env['OPERATOR_NODE_OPTIONS'] ?? '' },
    maxOutputChars: 200_000,
    readyTimeoutMs: 120_000,
  });
  const custom = cluster.kc.makeApiClient(CustomObjectsApi);
  await until('TaskDefinition bench:1', async () => {
    const definition = (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'taskdefinitions', namespace: benchNamespace, name: 'bench' })) as { status?: { revision?: number } };
    return definition.status?.revision === 1;
  }, 60_000);
  return operator;
}

/** SIGTERM, and SIGKILL if the operator has not exited within `graceMs`. */
export async function stopOperator(operator: OperatorProcess, graceMs = 30_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([operator.stop(), new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  await operator.kill();
}

// ---------------------------------------------------------------------------------------------
// Sides: ways to get N running Pods

export interface Side {
  label: string;
  /** What is created and waited for: Tasks until RUNNING, or Pods until Running. */
  kind: 'tasks' | 'pods';
  create(n: number): Promise<unknown>;
}

const podSpec = {
  restartPolicy: 'Never',
  automountServiceAccountToken: false,
  enableServiceLinks: false,
  containers: [{ name: 'app', image: 'registry.example/app:1', resources: { requests: { cpu: '32m', memory: '32Mi' }, limits: { memory: '32Mi' } } }],
};

/** Tasks of bench:1: Stevedore places each and creates its Pod bound to the chosen Node. */
export function stevedoreSide(kc: KubeConfig): Side {
  const custom = kc.makeApiClient(CustomObjectsApi);
  return {
    label: 'Stevedore',
    kind: 'tasks',
    create: (n) => custom.createNamespacedCustomObject({
      group: GROUP, version: VERSION, plural: 'tasks', namespace: benchNamespace,
      body: { apiVersion: `${GROUP}/${VERSION}`, kind: 'Task', metadata: { name: `t-${n}` }, spec: { taskDefinition: 'bench:1' } },
    }),
  };
}

/** Plain Pods with the same requests: kube-scheduler binds each. */
export function schedulerSide(kc: KubeConfig): Side {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    label: 'kube-scheduler',
    kind: 'pods',
    create: (n) => core.createNamespacedPod({ namespace: benchNamespace, body: { metadata: { name: `p-${n}` }, spec: podSpec } }),
  };
}

/** Pods created already bound (spec.nodeName, round-robin): no scheduler at all, the ceiling of this control plane. */
export function preBoundSide(kc: KubeConfig, nodeNames: string[]): Side {
  const core = kc.makeApiClient(CoreV1Api);
  return {
    label: 'pre-bound Pods',
    kind: 'pods',
    create: (n) => core.createNamespacedPod({ namespace: benchNamespace, body: { metadata: { name: `b-${n}` }, spec: { ...podSpec, nodeName: nodeNames[n % nodeNames.length] } } }),
  };
}

// ---------------------------------------------------------------------------------------------
// Measuring one side

export interface SideRun {
  /** From the first create until the last create returned. */
  createMs: number;
  /** From the first create until every object ran, as a watch saw it. */
  runningMs: number;
  writes: WriteCounts;
}

export interface MeasureOptions {
  count: number;
  /** Bound on the wait for all running, and again on the clean-up. */
  timeoutMs: number;
  /** Creates in flight at once. */
  concurrency?: number;
  /** Called before the first create and after all run (e.g. to scrape the operator's metrics). */
  hooks?: { before?(): Promise<void>; after?(): Promise<void> };
}

/** How long after all objects run the write count is taken, so that trailing writes (Events) are in. */
const settleMs = 3_000;

/**
 * Creates `count` objects of `side`, waits until all of them run and counts the API writes.
 * Call `clearNamespace` next, so that every run of every side starts from the same state.
 */
export async function measureSide(kc: KubeConfig, side: Side, options: MeasureOptions): Promise<SideRun> {
  const watch = await RunningWatch.start(kc, side.kind, options.count);
  let result: SideRun;
  try {
    await options.hooks?.before?.();
    const before = await scrapeWrites(kc);
    const started = performance.now();
    let next = 0;
    await Promise.all(Array.from({ length: options.concurrency ?? 64 }, async () => {
      while (next < options.count) await withRetries(side.create.bind(undefined, next++));
    }));
    const createMs = performance.now() - started;
    const reachedAt = await watch.reached(options.timeoutMs, side.label);
    // The watch is what times the run; one list confirms that the server agrees.
    const listed = await countRunning(kc, side.kind);
    if (listed < options.count) throw new Error(`${side.label}: the watch saw ${options.count} running, a list only ${listed}`);
    await sleep(settleMs);
    const after = await scrapeWrites(kc);
    await options.hooks?.after?.();
    result = { createMs, runningMs: reachedAt - started, writes: writesBetween(before, after) };
  } finally {
    watch.stop();
  }
  return result;
}

function objectPath(kind: Side['kind']): string {
  return kind === 'pods' ? `/api/v1/namespaces/${benchNamespace}/pods` : `/apis/${GROUP}/${VERSION}/namespaces/${benchNamespace}/tasks`;
}

interface Listed {
  metadata?: { name?: string; resourceVersion?: string; deletionTimestamp?: unknown };
  status?: { phase?: string; lastStatus?: string };
}

function isRunning(kind: Side['kind'], object: Listed): boolean {
  return kind === 'pods' ? object.status?.phase === 'Running' : object.status?.lastStatus === 'RUNNING';
}

/**
 * Follows one kind in the bench namespace and notes the moment `target` objects run. A watch
 * costs the server one event per change, where polling lists of thousands of objects every
 * second costs megabytes each time and only tells the time to a second.
 */
class RunningWatch {
  readonly #running = new Set<string>();
  readonly #kc: KubeConfig;
  readonly #kind: Side['kind'];
  readonly #target: number;
  #resourceVersion = '';
  #reachedAt: number | undefined;
  #abort: AbortController | undefined;
  #stopped = false;

  private constructor(kc: KubeConfig, kind: Side['kind'], target: number) {
    this.#kc = kc;
    this.#kind = kind;
    this.#target = target;
  }

  static async start(kc: KubeConfig, kind: Side['kind'], target: number): Promise<RunningWatch> {
    const watch = new RunningWatch(kc, kind, target);
    await watch.#relist();
    await watch.#watch();
    return watch;
  }

  /** Resolves with performance.now() at the moment the target was reached. */
  async reached(timeoutMs: number, label: string): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.#reachedAt === undefined) {
      if (Date.now() > deadline) throw new Error(`${label}: only ${this.#running.size} of ${this.#target} running after ${timeoutMs / 1000}s`);
      await sleep(50);
    }
    return this.#reachedAt;
  }

  stop(): void {
    this.#stopped = true;
    this.#abort?.abort();
  }

  #see(object: Listed, deleted = false): void {
    const name = object.metadata?.name ?? '';
    if (!deleted && isRunning(this.#kind, object)) this.#running.add(name);
    else this.#running.delete(name);
    if (this.#reachedAt === undefined && this.#running.size >= this.#target) this.#reachedAt = performance.now();
  }

  async #resume(relist: boolean): Promise<void> {
    if (this.#stopped) return;
    try {
      if (relist) await this.#relist();
      await this.#watch();
    } catch {
      setTimeout(() => void this.#resume(true), 1_000);
    }
  }

  async #relist(): Promise<void> {
    const list = await listAll(this.#kc, this.#kind);
    this.#running.clear();
    for (const object of list.items) this.#see(object);
    this.#resourceVersion = list.resourceVersion;
  }

  async #watch(): Promise<void> {
    let expired = false;
    this.#abort = await new Watch(this.#kc).watch(
      objectPath(this.#kind),
      { resourceVersion: this.#resourceVersion, allowWatchBookmarks: true },
      (type: string, object: Listed & { code?: number }) => {
        if (type === 'ERROR') {
          expired = object.code === 410;
          return;
        }
        if (object.metadata?.resourceVersion !== undefined) this.#resourceVersion = object.metadata.resourceVersion;
        if (type !== 'BOOKMARK') this.#see(object, type === 'DELETED');
      },
      // A watch ends (an idle timeout, a reset stream, an error): resume where it was, or list
      // again if the server no longer has that version.
      (err: { statusCode?: number } | null) => {
        if (err?.statusCode === 410) expired = true;
        if (!this.#stopped) setTimeout(() => void this.#resume(expired), err === null ? 100 : 1_000);
      },
    );
  }
}

/**
 * A read the server may shed while it is saturated: 429 (max in flight) and 504 (its watch
 * cache behind the version asked for, "Too large resource version") say "try again in a
 * second". bench:scale once died of a 504 between its two sides.
 */
async function retryTransient<T>(read: () => Promise<T>, attempts = 60): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (attempt >= attempts || (code !== 429 && code !== 504 && code !== 503)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

/** Lists every object of `kind` in the bench namespace, in pages (a list of 20,000 is tens of MB). */
async function listAll(kc: KubeConfig, kind: Side['kind']): Promise<{ items: Listed[]; resourceVersion: string }> {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const items: Listed[] = [];
  let resourceVersion = '';
  let _continue: string | undefined;
  do {
    if (kind === 'pods') {
      const page = await retryTransient(() => core.listNamespacedPod({ namespace: benchNamespace, limit: 1000, _continue }));
      items.push(...(page.items as Listed[]));
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      _continue = page.metadata?._continue;
    } else {
      const page = (await retryTransient(() => custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace: benchNamespace, limit: 1000, _continue }))) as { items: Listed[]; metadata?: { continue?: string; resourceVersion?: string } };
      items.push(...page.items);
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      _continue = page.metadata?.continue;
    }
  } while (_continue !== undefined && _continue !== '');
  return { items, resourceVersion };
}

async function countRunning(kc: KubeConfig, kind: Side['kind']): Promise<number> {
  return (await listAll(kc, kind)).items.filter((o) => isRunning(kind, o)).length;
}

/**
 * Deletes every object of `kind` in the bench namespace (Tasks: the operator then stops their
 * Pods) and waits until no Task and no Pod is left; resolves with the ms it took. Objects are
 * deleted one by one, 64 at a time, and whatever is still there without a deletion mark is
 * deleted again on the next pass: a collection delete of thousands outlasts its request and the
 * server then stops half-way (seen with 2,000 Tasks on a loaded machine).
 */
export async function clearNamespace(kc: KubeConfig, kind: Side['kind'], timeoutMs: number): Promise<number> {
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const remove = (name: string) => (kind === 'tasks'
    ? custom.deleteNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace: benchNamespace, name })
    : core.deleteNamespacedPod({ namespace: benchNamespace, name, gracePeriodSeconds: 0 })).catch(() => {}); // gone already, or the next pass tries again
  const started = performance.now();
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [objects, pods] = await Promise.all([listAll(kc, kind), kind === 'pods' ? undefined : listAll(kc, 'pods')]);
    if (objects.items.length === 0 && (pods?.items.length ?? 0) === 0) return performance.now() - started;
    if (Date.now() > deadline) throw new Error(`${objects.items.length} ${kind}${pods === undefined ? '' : ` and ${pods.items.length} pods`} still there after ${timeoutMs / 1000}s of deleting`);
    const unmarked = objects.items.filter((o) => o.metadata?.deletionTimestamp === undefined).map((o) => o.metadata?.name ?? '');
    let next = 0;
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (next < unmarked.length) await remove(unmarked[next++] ?? '');
    }));
    await sleep(2_000);
  }
}

// ---------------------------------------------------------------------------------------------
// API writes, as kube-apiserver counts them

/** Writes by resource (`pods`, `pods/binding`, `tasks/status`, ...), conflicts included. */
export type WriteCounts = Map<string, number>;

const writeVerbs = new Set(['POST', 'PUT', 'PATCH', 'APPLY', 'DELETE', 'DELETECOLLECTION']);
/** kwok's Node heartbeats and Leases: a cost of time, not of tasks, the same for every side. */
const heartbeatResources = new Set(['nodes', 'leases']);

/** kube-apiserver's apiserver_request_total, the write verbs only, by resource. */
export async function scrapeWrites(kc: KubeConfig): Promise<WriteCounts> {
  const text = await getApiServer(kc, '/metrics');
  const counts: WriteCounts = new Map();
  for (const { labels, value } of samples(text, 'apiserver_request_total')) {
    const resource = labels['resource'] ?? '';
    if (!writeVerbs.has(labels['verb'] ?? '') || heartbeatResources.has(resource)) continue;
    const key = labels['subresource'] ? `${resource}/${labels['subresource']}` : resource;
    counts.set(key, (counts.get(key) ?? 0) + value);
  }
  return counts;
}

function writesBetween(before: WriteCounts, after: WriteCounts): WriteCounts {
  const delta: WriteCounts = new Map();
  for (const [key, value] of after) {
    const d = value - (before.get(key) ?? 0);
    if (d > 0) delta.set(key, d);
  }
  return delta;
}

export function totalWrites(writes: WriteCounts): number {
  return [...writes.values()].reduce((a, b) => a + b, 0);
}

/** "6.02 (tasks 1.00, tasks/status 2.00, pods 1.00, ...)" per object, largest first. */
export function formatWritesPerObject(writes: WriteCounts, count: number): string {
  const parts = [...writes].sort((a, b) => b[1] - a[1]).map(([key, value]) => `${key} ${(value / count).toFixed(2)}`);
  return `${(totalWrites(writes) / count).toFixed(2)} (${parts.join(', ')})`;
}

async function getApiServer(kc: KubeConfig, path: string): Promise<string> {
  const server = kc.getCurrentCluster()?.server;
  if (server === undefined) throw new Error('the kubeconfig names no cluster');
  const options: Parameters<typeof request>[1] = { timeout: 30_000 };
  await kc.applyToHTTPSOptions(options);
  return new Promise((resolve, reject) => {
    const req = request(new URL(path, server), options, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`GET ${path}: ${res.statusCode}`))));
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** Peak resident set size of a process (VmHWM), in bytes. */
export async function peakRssBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return Number(kb) * 1024;
}

export async function until(what: string, probe: () => Promise<boolean>, timeoutMs: number, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`);
    await sleep(intervalMs);
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
      await sleep(100 * attempt);
    }
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))));
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
export const perSecond = (count: number, ms: number, unit = '/s') => `${(count / (ms / 1000)).toFixed(0)}${unit}`;
