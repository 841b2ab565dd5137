// The narrow, idempotent write verbs controllers use (STYLE.md item 11). Each verb makes
// one API call, treats the expected "already done" answers as success, and rethrows the
// rest as the controller runtime's errors (see errors.ts): a reconcile that runs twice does
// no harm, and a stale cache shows up as a ConflictError.
//
// Reads come from informer caches, not from here; `read` is for the rare fresh read.
import {
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesObject,
  type V1Preconditions,
} from '@kubernetes/client-node';
import { objectKey } from '../runtime/keys.ts';
import { classify, toReconcileError } from './errors.ts';
import { groupOf, versionOf, type ResourceType } from './resources.ts';

/** The name, namespace and version of an object, as read from a cache. */
export interface ObjectMetaRef {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  finalizers?: ReadonlyArray<string>;
}

export interface DeleteOptions {
  /** Seconds the kubelet gives the Pod's containers to stop; 0 deletes at once. */
  gracePeriodSeconds?: number;
  /** Delete only if the object still has this uid / resourceVersion (409 Conflict otherwise). */
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
}

/** The field manager recorded in managedFields for every write the operator makes. */
export const fieldManager = 'stevedore';

export class KubeClient {
  readonly #objects: KubernetesObjectApi;
  readonly #custom: CustomObjectsApi;

  constructor(kc: KubeConfig) {
    this.#objects = KubernetesObjectApi.makeApiClient(kc);
    this.#custom = kc.makeApiClient(CustomObjectsApi);
  }

  /**
   * Creates `obj`. An object of that name that already exists counts as created: with
   * deterministic names, that is the duplicate the optimistic create was meant to catch.
   * Resolves to 'created' or 'exists'.
   */
  async create<T extends KubernetesObject>(obj: T): Promise<'created' | 'exists'> {
    try {
      await this.#objects.create(obj, undefined, undefined, fieldManager);
      return 'created';
    } catch (err) {
      if (classify(err) === 'already-exists') return 'exists';
      throw toReconcileError(err, `create ${describe(obj)}`);
    }
  }

  /** Reads `ref` from the API server, bypassing caches. Resolves to undefined if absent. */
  async read<T extends KubernetesObject>(resource: ResourceType, ref: { name: string; namespace?: string }): Promise<T | undefined> {
    try {
      const header = { apiVersion: resource.apiVersion, kind: resource.kind, metadata: { name: ref.name, namespace: ref.namespace } };
      return await this.#objects.read<T>(header as Parameters<KubernetesObjectApi['read']>[0]);
    } catch (err) {
      if (classify(err) === 'not-found') return undefined;
      throw toReconcileError(err, `read ${resource.kind} ${objectKey(ref)}`);
    }
  }

  /**
   * Merge-patches the status subresource of a custom resource. Pass the `resourceVersion`
   * the status was computed from to make the write conditional (a ConflictError if the
   * object changed since); leave it out for a last-writer-wins write of fields only this
   * controller owns. Resolves to the object's resourceVersion after the write.
   */
  async patchStatus(resource: ResourceType, ref: ObjectMetaRef, status: unknown, options: { resourceVersion?: string } = {}): Promise<string | undefined> {
    const body: Record<string, unknown> = { status };
    if (options.resourceVersion !== undefined) body['metadata'] = { resourceVersion: options.resourceVersion };
    // The generated client sends JSON Patch unless told otherwise.
    const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
    const target = { group: groupOf(resource), version: versionOf(resource), plural: resource.plural, name: ref.name, body, fieldManager };
    try {
      const written: unknown = resource.namespaced
        ? await this.#custom.patchNamespacedCustomObjectStatus({ ...target, namespace: ref.namespace ?? '' }, mergePatch)
        : await this.#custom.patchClusterCustomObjectStatus(target, mergePatch);
      return (written as { metadata?: { resourceVersion?: string } } | undefined)?.metadata?.resourceVersion;
    } catch (err) {
      throw toReconcileError(err, `patch status of ${resource.kind} ${objectKey(ref)}`);
    }
  }

  /**
   * Merge-patches `patch` (metadata, spec, labels...) onto the object it names. The patch
   * must carry apiVersion, kind and metadata.name (and namespace); add
   * metadata.resourceVersion to make it conditional.
   */
  async patch<T extends KubernetesObject>(patch: T): Promise<T> {
    try {
      return await this.#objects.patch(patch, undefined, undefined, fieldManager, undefined, PatchStrategy.MergePatch);
    } catch (err) {
      throw toReconcileError(err, `patch ${describe(patch)}`);
    }
  }

  /**
   * Server-side applies `obj` as the `stevedore` field manager: the fields in `obj` become
   * ours and match it; fields others own are left alone. `force` takes over fields another
   * manager owns instead of failing with a 409 conflict.
   */
  async apply<T extends KubernetesObject>(obj: T, options: { force?: boolean } = {}): Promise<T> {
    try {
      // The body goes out as JSON, which is valid YAML for application/apply-patch+yaml.
      return await this.#objects.patch(obj, undefined, undefined, fieldManager, options.force ?? true, PatchStrategy.ServerSideApply);
    } catch (err) {
      throw toReconcileError(err, `apply ${describe(obj)}`);
    }
  }

  /**
   * Adds `finalizer` unless present. The write is conditional on the resourceVersion the
   * caller saw, since a merge patch replaces the whole finalizers list. Resolves to the
   * object's resourceVersion after the write (the one the caller saw if nothing was written),
   * so that a conditional write that follows does not conflict with this one.
   */
  async addFinalizer(resource: ResourceType, ref: ObjectMetaRef, finalizer: string): Promise<string | undefined> {
    const current = ref.finalizers ?? [];
    if (current.includes(finalizer)) return ref.resourceVersion;
    const updated = await this.#patchFinalizers(resource, ref, [...current, finalizer]);
    return updated.metadata?.resourceVersion;
  }

  /** Removes `finalizer` if present; an object already gone counts as done. */
  async removeFinalizer(resource: ResourceType, ref: ObjectMetaRef, finalizer: string): Promise<void> {
    const current = ref.finalizers ?? [];
    if (!current.includes(finalizer)) return;
    try {
      await this.#patchFinalizers(resource, ref, current.filter((f) => f !== finalizer));
    } catch (err) {
      if (classify(err) === 'not-found') return;
      throw err;
    }
  }

  /** Deletes the object; an object already gone counts as deleted. Resolves to which it was. */
  async delete(resource: ResourceType, ref: ObjectMetaRef, options: DeleteOptions = {}): Promise<'deleted' | 'gone'> {
    const target = { apiVersion: resource.apiVersion, kind: resource.kind, metadata: { name: ref.name, namespace: ref.namespace } };
    const preconditions: V1Preconditions | undefined = options.preconditions;
    try {
      await this.#objects.delete(
        target,
        undefined,
        undefined,
        options.gracePeriodSeconds,
        undefined,
        options.propagationPolicy,
        preconditions === undefined ? undefined : { preconditions },
      );
      return 'deleted';
    } catch (err) {
      if (classify(err) === 'not-found') return 'gone';
      throw toReconcileError(err, `delete ${resource.kind} ${objectKey(ref)}`);
    }
  }

  async #patchFinalizers(resource: ResourceType, ref: ObjectMetaRef, finalizers: string[]): Promise<KubernetesObject> {
    const metadata: Record<string, unknown> = { name: ref.name, namespace: ref.namespace, finalizers };
    if (ref.resourceVersion !== undefined) metadata['resourceVersion'] = ref.resourceVersion;
    return this.patch({ apiVersion: resource.apiVersion, kind: resource.kind, metadata } as KubernetesObject);
  }
}

function describe(obj: KubernetesObject): string {
  return `${obj.kind ?? 'object'} ${objectKey({ namespace: obj.metadata?.namespace, name: obj.metadata?.name ?? '' })}`;
}
