import { describe, expect, it } from 'vitest';
import { buildRevisionObject, storedRevisionsOf } from '../../../src/controllers/task-definition/revision-object.ts';
import type { Cached } from '../../../src/kube/cached.ts';
import type { V1ControllerRevision } from '../../../src/kube/types.ts';

const owner = { name: 'web', namespace: 'shop', uid: 'uid-web' };
const taskDefinition = { family: 'web', containerDefinitions: [{ name: 'app', image: 'nginx', essential: true }] };
const registeredAt = new Date('2026-11-22T10:00:00Z');

/** As the cache holds it: the API server sets its own creation time, later than the registration. */
const cached = (cr: V1ControllerRevision): Cached<V1ControllerRevision> =>
  ({ ...structuredClone(cr), metadata: { ...cr.metadata, creationTimestamp: '2026-11-22T10:00:05Z' } }) as unknown as Cached<V1ControllerRevision>;

describe('revision objects', () => {
  it('a stored revision reads back its hash and its registration time, not the creation time', () => {
    const cr = buildRevisionObject(owner, 3, 'h3', taskDefinition as never, registeredAt);
    expect(cr.metadata?.name).toBe('web-3');
    expect(storedRevisionsOf([cached(cr)], 'uid-web')).toEqual([{ revision: 3, hash: 'h3', registeredAt: '2026-11-22T10:00:00.000Z' }]);
  });

  it('revisions of another TaskDefinition (a recreated one) are not its own', () => {
    const cr = buildRevisionObject({ ...owner, uid: 'uid-old' }, 1, 'h1', taskDefinition as never, registeredAt);
    expect(storedRevisionsOf([cached(cr)], 'uid-web')).toEqual([]);
  });
});
