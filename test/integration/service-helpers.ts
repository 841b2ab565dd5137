// Helpers for the Service end-to-end tests: each test gets its own namespace, its own Cluster
// and its own kwok Nodes (selected by a label only they carry), so tests can run side by side
// and count tasks per Node and zone exactly.
import { CoreV1Api, CustomObjectsApi, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { expect, inject } from 'vitest';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';
import type { Service } from '../../src/api/v1alpha1/service.ts';
import type { Task } from '../../src/api/v1alpha1/task.ts';
import { serviceLabel } from '../../src/kube/task-pod.ts';
import { createSimulatedNodes, deleteSimulatedNodes, planNodeSet, waitForNodesReady } from '../../src/localcluster/simulated-nodes.ts';
import { kubectl } from './kubectl.ts';
import { EcsNamespace } from './support/ecs.ts';
import { createTestNamespace, eventually, testKubeConfig } from './support/kube.ts';

export const apiVersion = `${GROUP}/${VERSION}`;
export const suiteLabel = 'attr.ecs.stevedore.dev/suite';

export const kwok = (annotations: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(annotations).map(([key, value]) => [`kwok.stevedore.dev/${key}`, value]));

/** A container whose health check passes as soon as kwok reports it ready (health is immediate). */
export const healthyContainer = (image: string, extra: Record<string, unknown> = {}) => ({
  name: 'app',
  image,
  cpu: 256,
  memory: 256,
  healthCheck: { command: ['CMD-SHELL', 'true'], interval: 5, retries: 1, timeout: 2 },
  ...extra,
});

export interface ServiceSandbox {
  kc: KubeConfig;
  kubeconfig: string;
  namespace: string;
  cluster: string;
  ecs: EcsNamespace;
  core: CoreV1Api;
  custom: CustomObjectsApi;
  nodes: string[];
  addNodes(count: number, options?: { zones?: string[]; cpu?: string; memory?: string }): Promise<string[]>;
  removeNodes(names: string[]): Promise<void>;
  registerTaskDefinition(name: string, containers: unknown[]): void;
  applyService(name: string, spec: Record<string, unknown>, annotations?: Record<string, string>): void;
  readService(name: string): Promise<Service>;
  tasksOf(service: string): Promise<Task[]>;
  podsOf(service: string): Promise<V1Pod[]>;
  cleanup(): Promise<void>;
}

/** A namespace, a Cluster named after it, and `nodeCount` Nodes round-robin over three zones. */
export async function createSandbox(prefix: string, nodeCount: number, options: { zones?: string[]; cpu?: string; memory?: string } = {}): Promise<ServiceSandbox> {
  const kc = testKubeConfig();
  const kubeconfig = inject('kubeconfig');
  const namespace = await createTestNamespace(kc, prefix);
  const cluster = namespace;
  const ecs = new EcsNamespace(kc, kubeconfig, namespace);
  const core = kc.makeApiClient(CoreV1Api);
  const custom = kc.makeApiClient(CustomObjectsApi);
  const id = randomBytes(3).toString('hex');
  // The Cluster first, so the `default` Cluster never claims the new Nodes.
  ecs.apply({ apiVersion, kind: 'Cluster', metadata: { name: cluster }, spec: { nodeSelector: { matchLabels: { [suiteLabel]: namespace } } } }, undefined);
  const nodes: string[] = [];
  let next = 0;
  const sandbox: ServiceSandbox = {
    kc,
    kubeconfig,
    namespace,
    cluster,
    ecs,
    core,
    custom,
    nodes,
    async addNodes(count, nodeOptions = {}) {
      const specs = planNodeSet({
        count,
        zones: nodeOptions.zones ?? options.zones ?? ['us-east-1a', 'us-east-1b', 'us-east-1c'],
        cpu: nodeOptions.cpu ?? options.cpu ?? '4',
        memory: nodeOptions.memory ?? options.memory ?? '16Gi',
        pods: 110,
        instanceType: 'm5.xlarge',
        labels: { [suiteLabel]: namespace },
        prefix: `svc-${id}`,
        startIndex: next,
      });
      next += count;
      await createSimulatedNodes(kc, specs);
      await waitForNodesReady(kc, specs.map((s) => s.name));
      nodes.push(...specs.map((s) => s.name));
      return specs.map((s) => s.name);
    },
    async removeNodes(names) {
      await deleteSimulatedNodes(kc, names);
      for (const n of names) nodes.splice(nodes.indexOf(n), 1);
    },
    registerTaskDefinition(name, containerDefinitions) {
      ecs.apply({ apiVersion, kind: 'TaskDefinition', metadata: { name }, spec: { containerDefinitions } });
    },
    applyService(name, spec, annotations = {}) {
      ecs.apply({ apiVersion, kind: 'Service', metadata: { name, annotations }, spec: { cluster, ...spec } });
    },
    async readService(name) {
      return (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'services', namespace, name })) as Service;
    },
    async tasksOf(service) {
      const list = (await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace, labelSelector: `${serviceLabel}=${service}` })) as { items: Task[] };
      return list.items;
    },
    async podsOf(service) {
      return (await core.listNamespacedPod({ namespace, labelSelector: `${serviceLabel}=${service}` })).items;
    },
    async cleanup() {
      kubectl(kubeconfig, ['delete', 'services.ecs.stevedore.dev', '--all', '-n', namespace, '--wait=false']);
      kubectl(kubeconfig, ['delete', 'clusters.ecs.stevedore.dev', cluster, '--ignore-not-found', '--wait=false']);
      await deleteSimulatedNodes(kc, [...nodes]);
    },
  };
  if (nodeCount > 0) await sandbox.addNodes(nodeCount);
  return sandbox;
}

/** Tasks that hold a place: not STOPPED and not asked to stop. */
export const isLive = (t: Task): boolean => t.status?.lastStatus !== 'STOPPED' && t.spec.desiredStatus !== 'STOPPED';
/** Counted by minimumHealthyPercent when the task definition has a health check (6.8). */
export const isHealthy = (t: Task): boolean => isLive(t) && t.status?.lastStatus === 'RUNNING' && t.status?.healthStatus === 'HEALTHY';

export const primaryOf = (s: Service) => s.status?.deployments?.find((d) => d.status === 'PRIMARY');
export const conditionOf = (s: Service, type: string) => s.status?.conditions?.find((c) => c.type === type);

/** Waits until the Service is steady at `running` tasks with one COMPLETED deployment. */
export async function waitForSteady(sandbox: ServiceSandbox, name: string, running: number, timeoutMs = 60_000): Promise<Service> {
  return eventually(
    async () => {
      const s = await sandbox.readService(name);
      expect(s.status?.runningCount, JSON.stringify(s.status?.deployments)).toBe(running);
      expect(s.status?.deployments).toHaveLength(1);
      expect(primaryOf(s)?.rolloutState).toBe('COMPLETED');
      expect(conditionOf(s, 'Ready')?.status).toBe('True');
      return s;
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/**
 * Waits until the Service is steady and exactly `count` tasks are live, read in one pass. A
 * service can leave a steady state again right after reaching it (AZ rebalancing starts from a
 * steady service, 6.12), so a test that counts tasks must see both at once.
 */
export async function waitForSettled(sandbox: ServiceSandbox, name: string, count: number, timeoutMs = 60_000): Promise<{ service: Service; live: Task[] }> {
  return eventually(
    async () => {
      const service = await waitForSteady(sandbox, name, count, 1_000);
      const live = (await sandbox.tasksOf(name)).filter(isLive);
      expect(live.map((t) => t.metadata.name).sort(), JSON.stringify(service.status?.events?.slice(0, 3))).toHaveLength(count);
      return { service, live };
    },
    { timeoutMs, intervalMs: 250 },
  );
}

/** Zone of each Node, from its labels. */
export async function zonesOf(sandbox: ServiceSandbox): Promise<Map<string, string>> {
  const list = await sandbox.core.listNode({ labelSelector: `${suiteLabel}=${sandbox.namespace}` });
  return new Map(list.items.map((n) => [n.metadata?.name ?? '', n.metadata?.labels?.['topology.kubernetes.io/zone'] ?? '']));
}

export function countBy<T>(items: readonly T[], keyOf: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[keyOf(item)] = (counts[keyOf(item)] ?? 0) + 1;
  return counts;
}

export interface StartFirstWatch {
  /** Tasks other than the victim that were RUNNING before the victim was asked to stop, in the API server's order. */
  runningBeforeStop(): string[];
  stopped(): boolean;
  close(): void;
}

/**
 * Watches a namespace's Tasks to tell whether a replacement ran before `victim` was asked to
 * stop (6.9 start-first). Sampling lists can miss a window of a few milliseconds; the watch
 * sees every change in resourceVersion order. Its first events list what already exists.
 */
export async function watchStartFirst(sandbox: ServiceSandbox, victim: string): Promise<StartFirstWatch> {
  const running: string[] = [];
  let stopped = false;
  const watch = await new Watch(sandbox.kc).watch(`/apis/${GROUP}/${VERSION}/namespaces/${sandbox.namespace}/tasks`, {}, (_type, t: Task) => {
    if (stopped) return;
    if (t.metadata.name === victim) stopped = t.spec.desiredStatus === 'STOPPED';
    else if (t.status?.lastStatus === 'RUNNING' && !running.includes(t.metadata.name)) running.push(t.metadata.name);
  }, () => undefined);
  return { runningBeforeStop: () => [...running], stopped: () => stopped, close: () => watch.abort() };
}

/**
 * Makes `victim`'s Pod running but not Ready (its health check or its target fails, as a
 * kubelet would report it) and waits until the service asks the task to stop. Returns the
 * stopped Task and the other tasks that were RUNNING before that stop, in watch order.
 */
export async function failReadinessUntilStopped(sandbox: ServiceSandbox, service: string, victim: string): Promise<{ stopped: Task | undefined; runningBeforeStop: string[] }> {
  const startFirst = await watchStartFirst(sandbox, victim);
  try {
    const pod = await sandbox.core.readNamespacedPod({ name: victim, namespace: sandbox.namespace });
    const statuses = (pod.status?.containerStatuses ?? []).map((c) => ({ ...c, ready: false }));
    const patch = { status: { containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'False' }, { type: 'ContainersReady', status: 'False' }] } };
    expect(kubectl(sandbox.kubeconfig, ['patch', 'pod', victim, '-n', sandbox.namespace, '--subresource=status', '--type=merge', '-p', JSON.stringify(patch)]).stderr).toBe('');
    const stopped = await eventually(
      async () => {
        const t = (await sandbox.tasksOf(service)).find((x) => x.metadata.name === victim);
        expect(t?.spec.desiredStatus).toBe('STOPPED');
        expect(startFirst.stopped()).toBe(true);
        return t;
      },
      { timeoutMs: 60_000, intervalMs: 100 },
    );
    return { stopped, runningBeforeStop: startFirst.runningBeforeStop() };
  } finally {
    startFirst.close();
  }
}

/** The tasks of one service among a namespace's Tasks, by the label the controller sets. */
export const tasksOfService = (tasks: readonly Task[], service: string): Task[] =>
  tasks.filter((t) => (t.metadata as { labels?: Record<string, string> }).labels?.[serviceLabel] === service);

export interface TaskStateRecorder<T> {
  /** Stops watching; one projection per state the namespace's Tasks passed through, in order. */
  stop(): T[];
}

/**
 * Records every state a sandbox's Tasks pass through: a list, then a watch from the list's
 * resourceVersion, projecting the whole set after each event. Polling with lists samples as
 * fast as a loaded API server answers and can step over a short window; the watch sees each
 * change in the API server's order, so a bound checked over these states holds at every moment.
 */
export async function recordTaskStates<T>(sandbox: ServiceSandbox, project: (tasks: readonly Task[]) => T): Promise<TaskStateRecorder<T>> {
  const path = `/apis/${GROUP}/${VERSION}/namespaces/${sandbox.namespace}/tasks`;
  const list = (await sandbox.custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace: sandbox.namespace })) as { items: Task[]; metadata?: { resourceVersion?: string } };
  const tasks = new Map(list.items.map((t) => [t.metadata.name, t]));
  const states = [project([...tasks.values()])];
  let failure: unknown;
  let stopped = false;
  const watch = await new Watch(sandbox.kc).watch(
    path,
    { resourceVersion: list.metadata?.resourceVersion },
    (type: string, t: Task) => {
      if (stopped || type === 'BOOKMARK') return;
      if (type === 'DELETED') tasks.delete(t.metadata.name);
      else tasks.set(t.metadata.name, t);
      states.push(project([...tasks.values()]));
    },
    (err: unknown) => {
      if (!stopped) failure = err ?? new Error('the Task watch ended before the test stopped it');
    },
  );
  return {
    stop() {
      stopped = true;
      watch.abort();
      if (failure !== undefined) throw new Error(`recording Task states failed: ${String(failure)}`);
      return states;
    },
  };
}

/** Sandboxes a test file creates, cleaned up together in its afterAll. */
export function sandboxPool(): { sandbox(prefix: string, nodes: number): Promise<ServiceSandbox>; cleanupAll(): Promise<void> } {
  const sandboxes: ServiceSandbox[] = [];
  return {
    async sandbox(prefix, nodes) {
      const s = await createSandbox(prefix, nodes);
      sandboxes.push(s);
      return s;
    },
    async cleanupAll() {
      await Promise.all(sandboxes.map((s) => s.cleanup()));
    },
  };
}
