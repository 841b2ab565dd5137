// Object keys in client-go's MetaNamespaceKeyFunc format: `namespace/name` for namespaced
// objects, `name` for cluster-scoped ones. A key is all a reconcile receives.

export interface ObjectRef {
  namespace?: string;
  name: string;
}

export function objectKey(ref: ObjectRef): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}

/** Splits a key made by `objectKey`. A key without a slash names a cluster-scoped object. */
export function parseObjectKey(key: string): ObjectRef {
  const slash = key.indexOf('/');
  if (slash === -1) return { name: key };
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
