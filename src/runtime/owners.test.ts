import { describe, expect, it } from 'vitest';
import { ownerKeyOf, type OwnedObject } from './owners.ts';

const taskRef = { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Task', name: 'web-1', uid: 'u1' };

describe('ownerKeyOf', () => {
  it.each<{ name: string; obj: OwnedObject; owner: Parameters<typeof ownerKeyOf>[1]; want: string | undefined }>([
    {
      name: 'a Pod controlled by a Task maps to the Task key in its namespace',
      obj: { metadata: { namespace: 'shop', ownerReferences: [{ ...taskRef, controller: true }] } },
      owner: { kind: 'Task', apiVersion: 'ecs.stevedore.dev/v1alpha1' },
      want: 'shop/web-1',
    },
    {
      name: 'an owner that is not the controller is ignored',
      obj: { metadata: { namespace: 'shop', ownerReferences: [{ ...taskRef }] } },
      owner: { kind: 'Task' },
      want: undefined,
    },
    {
      name: 'a controller of another kind is ignored',
      obj: { metadata: { namespace: 'shop', ownerReferences: [{ ...taskRef, kind: 'ReplicaSet', apiVersion: 'apps/v1', controller: true }] } },
      owner: { kind: 'Task' },
      want: undefined,
    },
    {
      name: 'a controller of the same kind in another group is ignored',
      obj: { metadata: { namespace: 'shop', ownerReferences: [{ ...taskRef, apiVersion: 'batch.example.com/v1', controller: true }] } },
      owner: { kind: 'Task', apiVersion: 'ecs.stevedore.dev/v1alpha1' },
      want: undefined,
    },
    {
      name: 'another version of the owner group still matches',
      obj: { metadata: { namespace: 'shop', ownerReferences: [{ ...taskRef, apiVersion: 'ecs.stevedore.dev/v1beta1', controller: true }] } },
      owner: { kind: 'Task', apiVersion: 'ecs.stevedore.dev/v1alpha1' },
      want: 'shop/web-1',
    },
    {
      name: 'a cluster-scoped owner has a key without namespace',
      obj: { metadata: { namespace: 'shop', ownerReferences: [{ ...taskRef, kind: 'Cluster', name: 'default', controller: true }] } },
      owner: { kind: 'Cluster', namespaced: false },
      want: 'default',
    },
    { name: 'an object without owners maps to nothing', obj: { metadata: { namespace: 'shop' } }, owner: { kind: 'Task' }, want: undefined },
  ])('$name', ({ obj, owner, want }) => {
    expect(ownerKeyOf(obj, owner)).toBe(want);
  });
});
