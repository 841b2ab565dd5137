// A level-(b) FakeCluster (STYLE.md 17): the caches and the ObjectWriter a controller is
// given, in memory, so that a registration's real `setup` and reconcile run without an API
// server. Objects carry resourceVersions and conditional writes conflict as the API server's
// do; finalizers hold deletions. It is not an API server: no admission, no CEL, no watches
// to lose. Tests drive the queue to a fixed point and assert the objects, never the calls.
import { pino } from 'pino';
import { Registry } from 'prom-client';
import type { CacheSource, ControllerContext, ControllerRegistration, ObjectWriter, SharedCache } from '../../src/controllers/controller-contract.ts';
import { createClusterView } from '../../src/controllers/cluster/cluster-view-informers.ts';
import type { Cached } from '../../src/kube/cached.ts';
import type { DeleteOptions, ObjectMetaRef } from '../../src/kube/client.ts';
import type { EventRecorder } from '../../src/kube/events.ts';
import type { ResourceType } from '../../src/kube/resources.ts';
import type { KubernetesObject } from '../../src/kube/types.ts';
import type { Reconcile } from '../../src/runtime/controller.ts';
import { ConflictError } from '../../src/runtime/errors.ts';
import { objectKey } from '../../src/runtime/keys.ts';

type Obj = KubernetesObject & { metadata: NonNullable<KubernetesObject['metadata']>; status?: unknown };

class FakeCache implements SharedCache<KubernetesObject> {
  readonly objects = new Map<string, Obj>();
  readonly #handlers: Array<(obj: Cached<KubernetesObject>) => void> = [];

  get(name: string, namespace?: string) {
    return this.objects.get(objectKey({ namespace, name })) as Cached<KubernetesObject> | undefined;
  }

  list(namespace?: string) {
    return [...this.objects.values()].filter((o) => namespace === undefined || o.metadata.namespace === namespace) as Cached<KubernetesObject>[];
  }

  onChange(handler: (obj: Cached<KubernetesObject>) => void): void {
    this.#handlers.push(handler);
  }

  put(obj: Obj): void {
    this.objects.set(objectKey({ namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' }), obj);
    for (const h of this.#handlers) h(obj as Cached<KubernetesObject>);
  }

  /** The informer's first list: every object is announced to the handlers registered so far. */
  announce(): void {
    for (const obj of this.objects.values()) for (const h of this.#handlers) h(obj as Cached<KubernetesObject>);
  }

  remove(obj: Obj): void {
    this.objects.delete(objectKey({ namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' }));
    for (const h of this.#handlers) h(obj as Cached<KubernetesObject>);
  }
}

export interface RecordedWrite {
  verb: 'create' | 'patch' | 'delete';
  resource: string;
}

export class FakeCluster implements CacheSource, ObjectWriter, EventRecorder {
  readonly #caches = new Map<string, FakeCache>();
  readonly writes: RecordedWrite[] = [];
  readonly events: Array<{ name: string; reason: string }> = [];
  #version = 1;
  now = Date.parse('2026-01-01T00:00:00Z');

  // ---- CacheSource ----
  informer<T extends KubernetesObject>(resource: ResourceType): SharedCache<T> {
    return this.#cache(resource.plural) as unknown as SharedCache<T>;
  }

  // ---- The world ----
  /** Adds or replaces an object as if someone else wrote it (a user, the kubelet). */
  put(plural: string, object: object): void {
    const obj = structuredClone(object) as Obj;
    this.#cache(plural).put({ ...obj, metadata: { uid: `uid-${obj.metadata?.name}`, creationTimestamp: new Date(this.now).toISOString(), ...obj.metadata, resourceVersion: String(++this.#version) } } as Obj);
  }

  /** The informers start: what exists already reaches the handlers, as a first list does. */
  announceAll(): void {
    for (const cache of this.#caches.values()) cache.announce();
  }

  get<T>(plural: string, name: string, namespace?: string): T | undefined {
    return this.#cache(plural).get(name, namespace) as T | undefined;
  }

  list<T>(plural: string): T[] {
    return this.#cache(plural).list() as unknown as T[];
  }

  // ---- ObjectWriter ----
  async create<T extends KubernetesObject>(obj: T): Promise<'created' | 'exists'> {
    const plural = `${(obj.kind ?? '').toLowerCase()}s`;
    this.writes.push({ verb: 'create', resource: plural });
    if (this.#cache(plural).get(obj.metadata?.name ?? '', obj.metadata?.namespace) !== undefined) return 'exists';
    this.put(plural, JSON.parse(JSON.stringify(obj)) as object);
    return 'created';
  }

  async patchStatus(resource: ResourceType, ref: ObjectMetaRef, status: unknown, options: { resourceVersion?: string } = {}): Promise<string | undefined> {
    this.writes.push({ verb: 'patch', resource: `${resource.plural}/status` });
    const current = this.#require(resource.plural, ref);
    if (options.resourceVersion !== undefined && options.resourceVersion !== current.metadata.resourceVersion) throw new ConflictError('stale');
    const merged = mergePatch(current.status ?? {}, JSON.parse(JSON.stringify(status)));
    return this.#replace(resource.plural, { ...current, status: merged });
  }

  async patch<T extends KubernetesObject>(patch: T): Promise<T> {
    const plural = `${(patch.kind ?? '').toLowerCase()}s`;
    this.writes.push({ verb: 'patch', resource: plural });
    const current = this.#require(plural, { name: patch.metadata?.name ?? '', namespace: patch.metadata?.namespace });
    const wanted = patch.metadata?.resourceVersion;
    if (wanted !== undefined && wanted !== current.metadata.resourceVersion) throw new ConflictError('stale');
    const { resourceVersion: _rv, ...metadata } = patch.metadata ?? {};
    const next = { ...current, metadata: { ...current.metadata, ...metadata } } as Obj;
    if (next.metadata.deletionTimestamp !== undefined && (next.metadata.finalizers ?? []).length === 0) {
      this.#cache(plural).remove(next);
      return next as unknown as T;
    }
    const resourceVersion = this.#replace(plural, next);
    return { ...next, metadata: { ...next.metadata, resourceVersion } } as unknown as T;
  }

  async addFinalizer(resource: ResourceType, ref: ObjectMetaRef, finalizer: string): Promise<string | undefined> {
    if ((ref.finalizers ?? []).includes(finalizer)) return ref.resourceVersion;
    const written = await this.patch({ apiVersion: resource.apiVersion, kind: resource.kind, metadata: { name: ref.name, namespace: ref.namespace, resourceVersion: ref.resourceVersion, finalizers: [...(ref.finalizers ?? []), finalizer] } });
    return written.metadata?.resourceVersion;
  }

  async removeFinalizer(resource: ResourceType, ref: ObjectMetaRef, finalizer: string): Promise<void> {
    if (!(ref.finalizers ?? []).includes(finalizer)) return;
    await this.patch({ apiVersion: resource.apiVersion, kind: resource.kind, metadata: { name: ref.name, namespace: ref.namespace, resourceVersion: ref.resourceVersion, finalizers: (ref.finalizers ?? []).filter((f) => f !== finalizer) } });
  }

  async delete(resource: ResourceType, ref: ObjectMetaRef, options: DeleteOptions = {}): Promise<'deleted' | 'gone'> {
    this.writes.push({ verb: 'delete', resource: resource.plural });
    const current = this.#cache(resource.plural).get(ref.name, ref.namespace) as Obj | undefined;
    if (current === undefined) return 'gone';
    if (options.preconditions?.uid !== undefined && options.preconditions.uid !== current.metadata.uid) throw new ConflictError('uid precondition');
    if ((current.metadata.finalizers ?? []).length > 0) this.#replace(resource.plural, { ...current, metadata: { ...current.metadata, deletionTimestamp: new Date(this.now).toISOString() as never } });
    else this.#cache(resource.plural).remove(current);
    return 'deleted';
  }

  async read<T extends KubernetesObject>(resource: ResourceType, ref: { name: string; namespace?: string }): Promise<T | undefined> {
    return this.#cache(resource.plural).get(ref.name, ref.namespace) as T | undefined;
  }

  async apply<T extends KubernetesObject>(obj: T): Promise<T> {
    const plural = `${(obj.kind ?? '').toLowerCase()}s`;
    this.writes.push({ verb: 'patch', resource: plural });
    this.put(plural, JSON.parse(JSON.stringify(obj)) as object);
    return this.get<T>(plural, obj.metadata?.name ?? '', obj.metadata?.namespace) as T;
  }

  /** Only the built-in kinds: no CRD of another project is installed in the fake. */
  async serves(): Promise<boolean> {
    return false;
  }

  // ---- EventRecorder ----
  async normal(subject: { metadata?: { name?: string } }, reason: string): Promise<void> {
    this.events.push({ name: subject.metadata?.name ?? '', reason });
    this.writes.push({ verb: 'create', resource: 'events' });
  }

  async warning(subject: { metadata?: { name?: string } }, reason: string): Promise<void> {
    return this.normal(subject, reason);
  }

  #cache(plural: string): FakeCache {
    let cache = this.#caches.get(plural);
    if (cache === undefined) this.#caches.set(plural, (cache = new FakeCache()));
    return cache;
  }

  #require(plural: string, ref: { name: string; namespace?: string }): Obj {
    const current = this.#cache(plural).get(ref.name, ref.namespace) as Obj | undefined;
    if (current === undefined) throw new Error(`${plural} ${objectKey(ref)} not found`);
    return current;
  }

  #replace(plural: string, obj: Obj): string {
    const resourceVersion = String(++this.#version);
    this.#cache(plural).put({ ...obj, metadata: { ...obj.metadata, resourceVersion } });
    return resourceVersion;
  }
}

/** JSON merge patch (RFC 7386): null deletes, objects merge, the rest replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const result: Record<string, unknown> = typeof target === 'object' && target !== null && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(result[key], value);
  }
  return result;
}

/** Runs one controller registration against a FakeCluster, with its own queue. */
export class ControllerHarness {
  readonly cluster: FakeCluster;
  readonly #reconcile: Reconcile;
  readonly #queue = new Set<string>();

  constructor(cluster: FakeCluster, registration: ControllerRegistration, seed = 7) {
    this.cluster = cluster;
    const view = createClusterView(cluster);
    const ctx: ControllerContext = {
      informers: cluster,
      kube: cluster,
      events: cluster,
      logger: pino({ level: 'silent' }),
      registry: new Registry(),
      namespace: undefined,
      view,
      clock: { now: () => cluster.now },
      seed,
    };
    this.#reconcile = registration.setup(ctx, (key) => this.#queue.add(key));
    cluster.announceAll();
  }

  /** Reconciles queued keys until the queue is empty (a fixed point); requeue timers are ignored. */
  async settle(limit = 200): Promise<void> {
    for (let i = 0; i < limit && this.#queue.size > 0; i++) {
      const [key] = this.#queue;
      this.#queue.delete(key!);
      try {
        await this.#reconcile(key!);
      } catch (err) {
        // A conflict is retried at once, as the runtime does; anything else is a test failure.
        if (!(err instanceof ConflictError)) throw err;
        this.#queue.add(key!);
      }
    }
    // Best-effort Events are not awaited by the controller: let them land.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Time passes and a key's timer fires. */
  async advance(ms: number, key: string): Promise<void> {
    this.cluster.now += ms;
    this.#queue.add(key);
    await this.settle();
  }
}
