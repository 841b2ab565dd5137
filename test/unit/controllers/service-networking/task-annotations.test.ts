import { describe, expect, it } from 'vitest';
import { readDeregistrationDelaySeconds, readLoadBalancerTargets, serviceTaskAnnotations } from '../../../../src/controllers/service-networking/task-annotations.ts';

describe('service task annotations', () => {
  it.each([
    { name: 'no load balancers: nothing', spec: {}, want: {} },
    {
      name: 'pairs in spec order without repeats, and the default delay (ELB, 300 s)',
      spec: { loadBalancers: [{ containerName: 'web', containerPort: 80, targetGroupArn: 'a' }, { containerName: 'web', containerPort: 80, targetGroupArn: 'b' }, { containerName: 'api', containerPort: 8080 }] },
      want: { 'ecs.stevedore.dev/load-balancer-targets': 'web:80,api:8080', 'ecs.stevedore.dev/deregistration-delay-seconds': '300' },
    },
    {
      name: 'the service delay',
      spec: { loadBalancers: [{ containerName: 'web', containerPort: 80 }], deregistrationDelaySeconds: 5 },
      want: { 'ecs.stevedore.dev/load-balancer-targets': 'web:80', 'ecs.stevedore.dev/deregistration-delay-seconds': '5' },
    },
  ])('$name', ({ spec, want }) => {
    expect(serviceTaskAnnotations(spec)).toEqual(want);
  });

  it('round-trips', () => {
    const annotations = serviceTaskAnnotations({ loadBalancers: [{ containerName: 'web_app', containerPort: 80 }, { containerName: 'api', containerPort: 8080 }], deregistrationDelaySeconds: 12 });
    expect(readLoadBalancerTargets(annotations)).toEqual([
      { containerName: 'web_app', containerPort: 80 },
      { containerName: 'api', containerPort: 8080 },
    ]);
    expect(readDeregistrationDelaySeconds(annotations)).toBe(12);
  });

  it.each<{ name: string; annotations: Record<string, string> | undefined; targets: unknown; delay: number }>([
    { name: 'absent: no targets, no delay', annotations: undefined, targets: undefined, delay: 0 },
    { name: 'malformed entries are skipped', annotations: { 'ecs.stevedore.dev/load-balancer-targets': 'web:80,broken,:90,api:0,api:x' }, targets: [{ containerName: 'web', containerPort: 80 }], delay: 0 },
    { name: 'a malformed delay falls back to the default', annotations: { 'ecs.stevedore.dev/deregistration-delay-seconds': 'soon' }, targets: undefined, delay: 300 },
    { name: 'a delay above ELB\'s maximum is capped at 3600', annotations: { 'ecs.stevedore.dev/deregistration-delay-seconds': '99999' }, targets: undefined, delay: 3600 },
  ])('$name', ({ annotations, targets, delay }) => {
    expect(readLoadBalancerTargets(annotations)).toEqual(targets);
    expect(readDeregistrationDelaySeconds(annotations)).toBe(delay);
  });
});
