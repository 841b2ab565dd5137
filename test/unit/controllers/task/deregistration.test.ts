// A stopping service task leaves the endpoints first, then waits the deregistration delay,
// then its Pod is deleted (docs/networking.md).
import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { decideDeregistration, type DeregistrationAction } from '../../../../src/controllers/task/deregistration.ts';
import type { Cached } from '../../../../src/kube/cached.ts';

const now = new Date('2026-12-01T12:00:00.000Z');
const secondsAgo = (s: number) => new Date(now.getTime() - s * 1000).toISOString();

function aPod(fields: { serving?: boolean; deregisteredAt?: string; ready?: boolean }): Cached<V1Pod> {
  return {
    metadata: {
      name: 'web-1',
      namespace: 'shop',
      labels: { 'ecs.stevedore.dev/task': 'web-1', 'ecs.stevedore.dev/service': 'web', ...(fields.serving === true ? { 'ecs.stevedore.dev/serving': 'true' } : {}) },
      ...(fields.deregisteredAt === undefined ? {} : { annotations: { 'ecs.stevedore.dev/deregistered-at': fields.deregisteredAt } }),
    },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: fields.ready === false ? 'False' : 'True' }] },
  };
}

interface Case {
  name: string;
  pod: Cached<V1Pod>;
  delaySeconds: number;
  want: DeregistrationAction;
}

describe('decideDeregistration', () => {
  it.each<Case>([
    { name: 'a serving Pod leaves the endpoints first, then waits the whole delay', pod: aPod({ serving: true }), delaySeconds: 300, want: { type: 'deregister', at: now.toISOString(), waitMs: 300_000 } },
    { name: 'with delay 0 it leaves the endpoints and may go at once', pod: aPod({ serving: true }), delaySeconds: 0, want: { type: 'deregister', at: now.toISOString(), waitMs: 0 } },
    { name: 'a serving Pod that is not Ready takes no traffic: no wait', pod: aPod({ serving: true, ready: false }), delaySeconds: 300, want: { type: 'deregister', at: now.toISOString(), waitMs: 0 } },
    { name: 'deregistered 10 s ago with a 30 s delay: wait 20 s more', pod: aPod({ deregisteredAt: secondsAgo(10) }), delaySeconds: 30, want: { type: 'wait', untilMs: now.getTime() + 20_000 } },
    { name: 'deregistered exactly the delay ago: delete', pod: aPod({ deregisteredAt: secondsAgo(30) }), delaySeconds: 30, want: { type: 'delete' } },
    { name: 'deregistered long ago: delete', pod: aPod({ deregisteredAt: secondsAgo(3600) }), delaySeconds: 300, want: { type: 'delete' } },
    { name: 'deregistered, then the Pod went unready: no point waiting', pod: aPod({ deregisteredAt: secondsAgo(1), ready: false }), delaySeconds: 300, want: { type: 'delete' } },
    { name: 'a Pod that never served (standalone task): delete', pod: aPod({}), delaySeconds: 0, want: { type: 'delete' } },
    {
      name: 'still labelled in a lagging cache after our patch: the first time is kept, the delay does not restart',
      pod: aPod({ serving: true, deregisteredAt: secondsAgo(10) }),
      delaySeconds: 30,
      want: { type: 'deregister', at: secondsAgo(10), waitMs: 20_000 },
    },
    { name: 'a malformed deregistered-at annotation: delete', pod: aPod({ deregisteredAt: 'yesterday' }), delaySeconds: 300, want: { type: 'delete' } },
  ])('$name', ({ pod, delaySeconds, want }) => {
    expect(decideDeregistration({ pod, delaySeconds, now })).toEqual(want);
  });

  it('converges: deregister, then wait, then delete as time passes', () => {
    const first = decideDeregistration({ pod: aPod({ serving: true }), delaySeconds: 5, now });
    expect(first.type).toBe('deregister');
    const after = aPod({ deregisteredAt: first.type === 'deregister' ? first.at : '' });
    expect(decideDeregistration({ pod: after, delaySeconds: 5, now: new Date(now.getTime() + 4_999) })).toEqual({ type: 'wait', untilMs: now.getTime() + 5_000 });
    expect(decideDeregistration({ pod: after, delaySeconds: 5, now: new Date(now.getTime() + 5_000) })).toEqual({ type: 'delete' });
  });
});
