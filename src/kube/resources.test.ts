import { describe, expect, it } from 'vitest';
import { clusters, collectionPath, nodes, pods, tasks } from './resources.ts';

describe('collectionPath', () => {
  it.each([
    { name: 'core, all namespaces', path: collectionPath(pods), want: '/api/v1/pods' },
    { name: 'core, one namespace', path: collectionPath(pods, 'shop'), want: '/api/v1/namespaces/shop/pods' },
    { name: 'core, cluster-scoped ignores the namespace', path: collectionPath(nodes, 'shop'), want: '/api/v1/nodes' },
    { name: 'custom, all namespaces', path: collectionPath(tasks), want: '/apis/ecs.stevedore.dev/v1alpha1/tasks' },
    { name: 'custom, one namespace', path: collectionPath(tasks, 'shop'), want: '/apis/ecs.stevedore.dev/v1alpha1/namespaces/shop/tasks' },
    { name: 'custom, cluster-scoped', path: collectionPath(clusters, 'shop'), want: '/apis/ecs.stevedore.dev/v1alpha1/clusters' },
  ])('$name', ({ path, want }) => {
    expect(path).toBe(want);
  });
});
