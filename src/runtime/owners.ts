// Maps an owned object (a Pod, a ControllerRevision) to the key of the object that controls
// it, as client-go's sample-controller `handleObject` does with `metav1.GetControllerOf`:
// a change to a Pod owned by a Task means "reconcile that Task".
import { objectKey } from './keys.ts';

/** The parts of an ownerReference this needs; client-node's V1OwnerReference fits. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
}

export interface OwnedObject {
  metadata?: {
    namespace?: string;
    ownerReferences?: ReadonlyArray<OwnerReference>;
  };
}

/** The ownerReference marked `controller: true`, if any (an object has at most one). */
export function controllerOf(obj: OwnedObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((ref) => ref.controller === true);
}

/**
 * The key of the controlling owner when it is of kind `kind` (and of `apiVersion`'s group,
 * when given), else undefined. Owners live in the owned object's namespace, or are
 * cluster-scoped, as ownerReferences allow; pass `ownerNamespaced: false` for the latter.
 */
export function ownerKeyOf(
  obj: OwnedObject,
  owner: { kind: string; apiVersion?: string; namespaced?: boolean },
): string | undefined {
  const ref = controllerOf(obj);
  if (ref === undefined || ref.kind !== owner.kind) return undefined;
  if (owner.apiVersion !== undefined && groupOf(ref.apiVersion) !== groupOf(owner.apiVersion)) return undefined;
  const namespace = owner.namespaced === false ? undefined : obj.metadata?.namespace;
  return objectKey({ namespace, name: ref.name });
}

/** Versions of one group are the same kind for ownership purposes. */
function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}
