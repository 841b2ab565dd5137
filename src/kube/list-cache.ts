// A read-only ObjectCache over one list of objects, for code that reads a snapshot once (the
// ECS API layer, tests) instead of keeping informers.
import type { KubernetesObject } from '@kubernetes/client-node';
import type { Cached } from './cached.ts';
import type { ObjectCache } from './informers.ts';

export function listCache<T extends KubernetesObject>(items: readonly T[]): ObjectCache<T> {
  const byKey = new Map<string, Cached<T>>();
  for (const item of items) byKey.set(`${item.metadata?.namespace ?? ''}/${item.metadata?.name ?? ''}`, item as unknown as Cached<T>);
  const all = [...byKey.values()];
  return {
    get: (name, namespace) => byKey.get(`${namespace ?? ''}/${name}`),
    list: (namespace) => (namespace === undefined ? all : all.filter((o) => (o as { metadata?: { namespace?: string } }).metadata?.namespace === namespace)),
  };
}
