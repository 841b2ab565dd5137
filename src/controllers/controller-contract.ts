// The contract between the Manager and its controllers (src/operator/README.md): what a
// controller registration is, and what it is handed. Controllers depend on these interfaces,
// never on the Manager itself; the Manager passes the real implementations (KubeClient,
// InformerFactory, KubeEventRecorder) and tests pass in-memory ones.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { DeleteOptions, ObjectMetaRef } from '../kube/client.ts';
import type { EventRecorder } from '../kube/events.ts';
import type { InformerRequest } from '../kube/informer-factory.ts';
import type { ChangeHandler, ObjectCache } from '../kube/informers.ts';
import type { ResourceType } from '../kube/resources.ts';
import type { KubernetesObject } from '../kube/types.ts';
import type { Reconcile } from '../runtime/controller.ts';

/** One shared informer as a controller sees it: a read-only cache plus change notifications. */
export interface SharedCache<T> extends ObjectCache<T> {
  /** Called for every add, update and delete. Handlers only enqueue keys. */
  onChange(handler: ChangeHandler<T>): void;
}

/** Where controllers get their caches: one shared informer per resource and selector. */
export interface CacheSource {
  informer<T extends KubernetesObject>(resource: ResourceType, request?: InformerRequest): SharedCache<T>;
}

/**
 * The idempotent write verbs (STYLE.md 11), implemented by KubeClient (src/kube/client.ts):
 * "already done" answers are success, a stale cache is a ConflictError.
 */
export interface ObjectWriter {
  /** Creates `obj`; an object of that name that exists already counts as created. */
  create<T extends KubernetesObject>(obj: T): Promise<'created' | 'exists'>;
  /** Merge-patches the status subresource; conditional when `resourceVersion` is given. Resolves to the new resourceVersion. */
  patchStatus(resource: ResourceType, ref: ObjectMetaRef, status: unknown, options?: { resourceVersion?: string }): Promise<string | undefined>;
  /** Merge-patches metadata or spec; conditional when the patch carries metadata.resourceVersion. */
  patch<T extends KubernetesObject>(patch: T): Promise<T>;
  /** Adds a finalizer (conditional on the caller's resourceVersion); resolves to the resourceVersion after it. */
  addFinalizer(resource: ResourceType, ref: ObjectMetaRef, finalizer: string): Promise<string | undefined>;
  removeFinalizer(resource: ResourceType, ref: ObjectMetaRef, finalizer: string): Promise<void>;
  /** Deletes; an object already gone counts as deleted. */
  delete(resource: ResourceType, ref: ObjectMetaRef, options?: DeleteOptions): Promise<'deleted' | 'gone'>;
}

/** What a controller registration gets to build its reconcile function. */
export interface ControllerContext {
  /** Shared informers; request the ones this controller reads and register handlers. */
  informers: CacheSource;
  kube: ObjectWriter;
  events: EventRecorder;
  /** Already a child logger with `controller: <name>`. */
  logger: Logger;
  registry: Registry;
  /** The watched namespace, or undefined for all namespaces. */
  namespace: string | undefined;
}

/**
 * One controller: a name, the Kind it owns, and a `setup` that requests informers, points
 * their handlers at `enqueue`, and returns the reconcile function. See src/operator/README.md.
 */
export interface ControllerRegistration {
  /** Short lowercase name for logs and metrics: `task`. */
  name: string;
  /** The Kind it reconciles, for log messages: `Task`. */
  kind: string;
  /** Overrides the Manager's default worker count. */
  workers?: number;
  setup(ctx: ControllerContext, enqueue: (key: string) => void): Reconcile;
}
