// The Service controller against an in-memory API (STYLE 17b): caches and writes are fakes, a
// stand-in "kubelet" makes every Task RUNNING and HEALTHY on a Node, and reconcile runs to a
// fixed point. Assertions are on the world (which Tasks exist, what the status says), never
// on the sequence of calls.
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { normalizeTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { Service } from '../../api/v1alpha1/service.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { ResourceType } from '../../kube/resources.ts';
import type { CacheSource, ControllerContext } from '../controller-contract.ts';
import { revisionObjectName, taskDefinitionLabel } from '../task-definition/revision-names.ts';
import { serviceController, serviceFinalizer } from './service-controller.ts';
import { createClusterView } from '../cluster/cluster-view-informers.ts';

type Obj = { apiVersion?: string; kind?: string; metadata: Record<string, unknown> & { name: string; namespace?: string }; spec?: unknown; status?: unknown; [k: string]: unknown };

class FakeWorld {
  readonly objects = new Map<string, Map<string, Obj>>();
  readonly handlers = new Map<string, ((o: Obj) => void)[]>();
  #rv = 1;

  store(plural: string): Map<string, Obj> {
    let m = this.objects.get(plural);
    if (m === undefined) this.objects.set(plural, (m = new Map()));
    return m;
  }

  put(plural: string, obj: Obj): void {
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const previous = this.store(plural).get(key);
    const next = structuredClone({ ...obj, metadata: { uid: `uid-${obj.metadata.name}`, generation: 1, creationTimestamp: new Date(0).toISOString(), ...previous?.metadata, ...obj.metadata, resourceVersion: String(this.#rv++) } });
    this.store(plural).set(key, next);
    for (const h of this.handlers.get(plural) ?? []) h(next);
  }

  remove(plural: string, namespace: string | undefined, name: string): void {
    const key = `${namespace ?? ''}/${name}`;
    const obj = this.store(plural).get(key);
    if (obj === undefined) return;
    this.store(plural).delete(key);
    for (const h of this.handlers.get(plural) ?? []) h(obj);
  }

  get(plural: string, name: string, namespace?: string): Obj | undefined {
    return this.store(plural).get(`${namespace ?? ''}/${name}`);
  }

  list(plural: string, namespace?: string): Obj[] {
    return [...this.store(plural).values()].filter((o) => namespace === undefined || o.metadata.namespace === namespace);
  }
}

function harness(world = new FakeWorld()) {
  const keys = new Set<string>();
  const informers = {
    informer: (resource: ResourceType) => ({
      get: (name: string, namespace?: string) => world.get(resource.plural, name, resource.namespaced ? namespace : undefined),
      list: (namespace?: string) => world.list(resource.plural, resource.namespaced ? namespace : undefined),
      onChange: (h: (o: Obj) => void) => world.handlers.set(resource.plural, [...(world.handlers.get(resource.plural) ?? []), h]),
    }),
  };
  const pluralOf = (kind: string) => ({ Task: 'tasks', Service: 'services', Cluster: 'clusters' })[kind] as string;
  const kube = {
    async create(obj: Obj) {
      const plural = pluralOf(obj.kind as string);
      if (world.get(plural, obj.metadata.name, obj.metadata.namespace) !== undefined) return 'exists';
      world.put(plural, obj);
      return 'created';
    },
    async patch(patch: Obj) {
      const plural = pluralOf(patch.kind as string);
      const current = world.get(plural, patch.metadata.name, patch.metadata.namespace) as Obj;
      const metadata = { ...current.metadata, ...patch.metadata, annotations: { ...(current.metadata['annotations'] as object), ...(patch.metadata['annotations'] as object) } };
      world.put(plural, { ...current, metadata, ...(patch.spec === undefined ? {} : { spec: { ...(current.spec as object), ...(patch.spec as object) } }) });
      return patch;
    },
    async patchStatus(resource: ResourceType, ref: { name: string; namespace?: string }, status: unknown) {
      const current = world.get(resource.plural, ref.name, ref.namespace) as Obj;
      world.put(resource.plural, { ...current, status: applyMergePatch(current.status, status) });
      return world.get(resource.plural, ref.name, ref.namespace)?.metadata['resourceVersion'] as string;
    },
    async addFinalizer(resource: ResourceType, ref: { name: string; namespace?: string }, finalizer: string) {
      const current = world.get(resource.plural, ref.name, ref.namespace) as Obj;
      world.put(resource.plural, { ...current, metadata: { ...current.metadata, finalizers: [...((current.metadata['finalizers'] as string[]) ?? []), finalizer] } });
      return world.get(resource.plural, ref.name, ref.namespace)?.metadata['resourceVersion'] as string;
    },
    async removeFinalizer(resource: ResourceType, ref: { name: string; namespace?: string }, finalizer: string) {
      const current = world.get(resource.plural, ref.name, ref.namespace);
      if (current === undefined) return;
      const finalizers = ((current.metadata['finalizers'] as string[]) ?? []).filter((f) => f !== finalizer);
      if (finalizers.length === 0 && current.metadata['deletionTimestamp'] !== undefined) world.remove(resource.plural, ref.namespace, ref.name);
      else world.put(resource.plural, { ...current, metadata: { ...current.metadata, finalizers } });
    },
    async delete(resource: ResourceType, ref: { name: string; namespace?: string }) {
      world.remove(resource.plural, ref.namespace, ref.name);
      return 'deleted';
    },
  };
  const events = { normal: async () => undefined, warning: async () => undefined };
  // The Manager's shared cluster view, fed by the same fake informers as the controller.
  const view = createClusterView(informers as unknown as CacheSource);
  // What an informer's first list does: a controller that starts late sees what exists already.
  for (const c of world.list('clusters')) view.upsertCluster(c as never);
  for (const n of world.list('nodes')) view.upsertNode(n as never);
  for (const p of world.list('pods')) view.upsertPod(p as never);
  for (const t of world.list('tasks')) view.upsertTask(t as never);
  const ctx = { informers, kube, events, logger: pino({ level: 'silent' }), registry: new Registry(), namespace: undefined, view } as unknown as ControllerContext;
  const reconcile = serviceController.setup(ctx, (key) => keys.add(key));

  /** The kubelet and Task controller in one: place, run and make healthy; finish stops. */
  const runTasks = (nodes: string[]) => {
    let i = 0;
    for (const t of world.list('tasks') as unknown as Task[]) {
      const status = t.status ?? {};
      const annotations = (t.metadata as { annotations?: Record<string, string> }).annotations ?? {};
      const onGoneNode = status.containerInstance !== undefined && world.get('nodes', status.containerInstance) === undefined;
      if (status.lastStatus !== 'STOPPED' && (onGoneNode || (status.lastStatus === 'PENDING' && annotations['kwok.stevedore.dev/image-pull-error'] !== undefined))) {
        world.put('tasks', { ...(t as unknown as Obj), status: { ...status, lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError', stoppedAt: new Date().toISOString() } });
      } else if (t.spec.desiredStatus === 'STOPPED' && status.lastStatus !== 'STOPPED') {
        world.put('tasks', { ...(t as unknown as Obj), status: { ...status, lastStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedReason: t.spec.stoppedReason, stoppedAt: new Date().toISOString() } });
      } else if (status.lastStatus === undefined) {
        // Zones follow addNodes: node i is in us-east-1a, b, c by turns.
        const zone = t.spec.placementConstraints?.map((c) => /ecs.availability-zone == (\S+)/.exec('expression' in c ? c.expression : '')?.[1]).find((z) => z !== undefined);
        const inZone = zone === undefined ? nodes : nodes.filter((_, k) => `us-east-1${'abc'[k % 3]}` === zone);
        const node = t.spec.containerInstances?.[0] ?? inZone[i++ % inZone.length];
        const failing = annotations['kwok.stevedore.dev/image-pull-error'] !== undefined;
        if (failing) {
          world.put('tasks', { ...(t as unknown as Obj), status: { lastStatus: 'PENDING', healthStatus: 'UNKNOWN', containerInstance: node, taskDefinition: t.spec.taskDefinition, group: t.spec.group, createdAt: new Date().toISOString() } });
          continue;
        }
        world.put('tasks', { ...(t as unknown as Obj), status: { lastStatus: 'RUNNING', healthStatus: 'HEALTHY', containerInstance: node, taskDefinition: t.spec.taskDefinition, group: t.spec.group, startedAt: new Date().toISOString(), createdAt: new Date().toISOString() } });
      }
    }
  };
  /** Reconciles every enqueued key until none is left (or `maxRounds`). */
  const settle = async (nodes: string[], maxRounds = 50) => {
    for (let round = 0; round < maxRounds; round++) {
      runTasks(nodes);
      if (keys.size === 0) {
        for (const s of world.list('services')) keys.add(`${s.metadata.namespace}/${s.metadata.name}`);
      }
      const batch = [...keys];
      keys.clear();
      for (const key of batch) await reconcile(key);
      runTasks(nodes);
    }
  };
  return { world, reconcile, settle, runTasks };
}

function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const out: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as object) } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = applyMergePatch(out[k], v);
  }
  return out;
}

function addNodes(world: FakeWorld, names: string[]) {
  names.forEach((name, i) => {
    world.put('nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name, labels: { 'topology.kubernetes.io/zone': `us-east-1${'abc'[i % 3]}`, 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64' } },
      spec: {},
      status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
    });
  });
}

function registerRevision(world: FakeWorld, revision: number, image: string) {
  const spec = { containerDefinitions: [{ name: 'app', image, cpu: 256, memory: 256, healthCheck: { command: ['CMD-SHELL', 'true'] } }] };
  const normalized = normalizeTaskDefinition(spec as never, 'web');
  if (!normalized.ok) throw new Error('invalid');
  world.put('controllerrevisions', { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: revisionObjectName('web', revision), namespace: 'shop', labels: { [taskDefinitionLabel]: 'web' } }, revision, data: normalized.taskDefinition });
  const revisions = Array.from({ length: revision }, (_, r) => ({ revision: r + 1, status: 'ACTIVE' }));
  world.put('taskdefinitions', { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'TaskDefinition', metadata: { name: 'web', namespace: 'shop' }, spec, status: { family: 'web', revision, revisions } });
}

const nodes = ['n1', 'n2', 'n3'];
const live = (world: FakeWorld) => (world.list('tasks') as unknown as Task[]).filter((t) => t.spec.desiredStatus !== 'STOPPED' && t.status?.lastStatus !== 'STOPPED');
const serviceOf = (world: FakeWorld) => world.get('services', 'web', 'shop') as unknown as Service;

function setup(desiredCount: number | undefined, deploymentConfiguration: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  const h = harness();
  h.world.put('clusters', { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Cluster', metadata: { name: 'default' }, spec: {} });
  addNodes(h.world, nodes);
  registerRevision(h.world, 1, 'web:1');
  h.world.put('services', { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { taskDefinition: 'web', ...(desiredCount === undefined ? {} : { desiredCount }), schedulingStrategy: 'REPLICA', deploymentConfiguration, ...extra } });
  return h;
}

describe('Service controller (in memory)', () => {
  it('records the deployment, starts desiredCount tasks once, and reaches a steady state', async () => {
    const { world, settle } = setup(4);
    await settle(nodes);
    const s = serviceOf(world);
    expect(s.metadata).toMatchObject({ finalizers: [serviceFinalizer] });
    expect(s.status).toMatchObject({ desiredCount: 4, runningCount: 4, pendingCount: 0, taskDefinition: 'web:1', status: 'ACTIVE' });
    expect(s.status?.deployments).toHaveLength(1);
    expect(s.status?.deployments?.[0]?.rolloutState).toBe('COMPLETED');
    expect(world.list('tasks')).toHaveLength(4);
    expect(s.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
  });

  it('rolls to a new revision within the bounds and leaves one deployment', async () => {
    // The stand-in kubelet does not spread, so AZ rebalancing would add tasks of its own here.
    const { world, settle, reconcile } = setup(4, { minimumHealthyPercent: 50, maximumPercent: 150 }, { availabilityZoneRebalancing: 'DISABLED' });
    await settle(nodes);
    registerRevision(world, 2, 'web:2');
    let maxLive = 0;
    for (let i = 0; i < 40; i++) {
      await reconcile('shop/web');
      maxLive = Math.max(maxLive, live(world).length);
      await settle(nodes, 1);
    }
    const s = serviceOf(world);
    expect(s.status?.taskDefinition).toBe('web:2');
    expect(s.status?.deployments).toHaveLength(1);
    expect(live(world).every((t) => t.spec.taskDefinition === 'web:2')).toBe(true);
    expect(live(world)).toHaveLength(4);
    expect(maxLive).toBeLessThanOrEqual(6);
    expect((world.list('tasks') as unknown as Task[]).filter((t) => t.spec.taskDefinition === 'web:2')).toHaveLength(4);
  });

  it('deletes: stops every task, removes them, and lets the Service go', async () => {
    const { world, settle } = setup(3);
    await settle(nodes);
    const s = world.get('services', 'web', 'shop') as Obj;
    world.put('services', { ...s, metadata: { ...s.metadata, deletionTimestamp: new Date().toISOString() } });
    await settle(nodes);
    expect(world.get('services', 'web', 'shop')).toBeUndefined();
    expect(world.list('tasks')).toHaveLength(0);
  });

  it('a restarted controller finishes a rollout without creating a task the plan did not allow', async () => {
    const first = setup(4, { minimumHealthyPercent: 50, maximumPercent: 200 }, { availabilityZoneRebalancing: 'DISABLED' });
    await first.settle(nodes);
    registerRevision(first.world, 2, 'web:2');
    // Two passes: the deployment is recorded, then its tasks are created; the "kubelet" is slow.
    await first.reconcile('shop/web');
    await first.reconcile('shop/web');
    const newId = serviceOf(first.world).status?.deployments?.[0]?.id;
    expect((first.world.list('tasks') as unknown as Task[]).filter((t) => t.spec.startedBy === newId).length).toBeGreaterThan(0);
    // The operator dies; another one starts from the same world with empty memory.
    const second = harness(first.world);
    await second.settle(nodes);
    const s = serviceOf(second.world);
    expect(s.status?.deployments).toHaveLength(1);
    expect(s.status?.deployments?.[0]).toMatchObject({ id: newId, rolloutState: 'COMPLETED' });
    expect((second.world.list('tasks') as unknown as Task[]).filter((t) => t.spec.startedBy === newId)).toHaveLength(4);
  });

  it('trips the circuit breaker on tasks that never start, and rolls back to the last completed deployment', async () => {
    const { world, settle } = setup(3, { deploymentCircuitBreaker: { enable: true, rollback: true } }, { availabilityZoneRebalancing: 'DISABLED' });
    await settle(nodes);
    const good = serviceOf(world).status?.deployments?.[0]?.id;
    const svc = world.get('services', 'web', 'shop') as Obj;
    world.put('services', { ...svc, spec: { ...(svc.spec as object), taskTemplate: { metadata: { annotations: { 'kwok.stevedore.dev/image-pull-error': 'app' } } } } });
    await settle(nodes, 80);
    const s = serviceOf(world);
    const primary = s.status?.deployments?.[0];
    expect(primary?.rollbackOf).toBeDefined();
    expect(primary?.rolloutState).toBe('COMPLETED');
    expect(primary?.rolloutStateReason).toBe(`ECS deployment ${primary?.id} completed.`);
    expect(s.status?.events?.map((e) => e.message)).toContain('service (web) has reached a steady state.');
    expect(s.status?.conditions?.find((c) => c.type === 'Stalled')).toMatchObject({ status: 'True', reason: 'RolledBack' });
    expect(live(world)).toHaveLength(3);
    expect(live(world).every((t) => t.spec.startedBy === good || t.spec.startedBy === primary?.id)).toBe(true);
  });

  it('DAEMON: one task per eligible instance, following Nodes added, cordoned and removed', async () => {
    const { world, settle } = setup(undefined, {}, { schedulingStrategy: 'DAEMON' });
    const placed = () => live(world).map((t) => t.spec.containerInstances?.[0]).sort();
    await settle(nodes);
    expect(placed()).toEqual(['n1', 'n2', 'n3']);
    expect(serviceOf(world).status?.desiredCount).toBe(3);
    addNodes(world, ['n1', 'n2', 'n3', 'n4']);
    await settle([...nodes, 'n4']);
    expect(placed()).toEqual(['n1', 'n2', 'n3', 'n4']);
    const n1 = world.get('nodes', 'n1') as Obj;
    world.put('nodes', { ...n1, spec: { unschedulable: true } });
    await settle([...nodes, 'n4']);
    expect(placed()).toEqual(['n2', 'n3', 'n4']);
    world.remove('nodes', undefined, 'n4');
    await settle(nodes);
    expect(placed()).toEqual(['n2', 'n3']);
    expect(serviceOf(world).status?.desiredCount).toBe(2);
  });

  it('replaces an UNHEALTHY task start-first, then stops it for failing its health checks', async () => {
    const { world, settle, reconcile, runTasks } = setup(2, { minimumHealthyPercent: 100, maximumPercent: 200 }, { availabilityZoneRebalancing: 'DISABLED' });
    await settle(nodes);
    const [victim] = live(world);
    const v = world.get('tasks', victim?.metadata.name as string, 'shop') as Obj;
    world.put('tasks', { ...v, status: { ...(v.status as object), healthStatus: 'UNHEALTHY' } });
    await reconcile('shop/web');
    // The replacement exists while the unhealthy task still runs.
    expect(live(world)).toHaveLength(3);
    expect((world.get('tasks', victim?.metadata.name as string, 'shop') as unknown as Task).spec.desiredStatus).toBe('RUNNING');
    runTasks(nodes);
    await settle(nodes);
    const stopped = world.get('tasks', victim?.metadata.name as string, 'shop') as unknown as Task;
    expect(stopped.spec).toMatchObject({ desiredStatus: 'STOPPED', stoppedReason: 'Task failed container health checks' });
    expect(live(world)).toHaveLength(2);
  });
});
