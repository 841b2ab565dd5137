import type { V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { computeTargetHealth, unhealthyTargetMessage, type TargetHealth } from '../../../../src/controllers/service-networking/target-health.ts';
import type { Cached } from '../../../../src/kube/cached.ts';

const pod = (phase: string, ready: boolean, serving = true): Cached<V1Pod> => ({
  metadata: { name: 'web-1', labels: { 'ecs.stevedore.dev/service': 'web', ...(serving ? { 'ecs.stevedore.dev/serving': 'true' } : {}) } },
  status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

describe('computeTargetHealth', () => {
  it.each<{ name: string; pod: Cached<V1Pod> | undefined; want: TargetHealth }>([
    { name: 'no Pod yet: initial', pod: undefined, want: 'initial' },
    { name: 'Pending: initial', pod: pod('Pending', false), want: 'initial' },
    { name: 'Running and Ready: healthy', pod: pod('Running', true), want: 'healthy' },
    { name: 'Running, not Ready: unhealthy', pod: pod('Running', false), want: 'unhealthy' },
    { name: 'serving label removed (deregistration delay): draining', pod: pod('Running', true, false), want: 'draining' },
    { name: 'finished: initial (no target)', pod: pod('Failed', false), want: 'initial' },
  ])('$name', ({ pod: p, want }) => {
    expect(computeTargetHealth(p)).toBe(want);
  });
});

it('writes the unhealthy-target event of ECS-SEMANTICS 6.14', () => {
  expect(unhealthyTargetMessage({ service: 'web', containerInstance: 'ip-10-0-1-23', port: 80, targetGroup: 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/50dc6c495c0c9188' })).toBe(
    'service (web) (instance ip-10-0-1-23) (port 80) is unhealthy in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/50dc6c495c0c9188) due to (reason Health checks failed)',
  );
});
