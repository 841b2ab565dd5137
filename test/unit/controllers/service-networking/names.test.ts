import { describe, expect, it } from 'vitest';
import { loadBalancerServiceName, podDisruptionBudgetName, registryServiceName, targetGroupBindingName, toServiceName } from '../../../../src/controllers/service-networking/names.ts';

const isRfc1035 = (name: string) => name.length <= 63 && /^[a-z]([-a-z0-9]*[a-z0-9])?$/.test(name);
const tgArn = (name: string) => `arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/${name}/50dc6c495c0c9188`;
const long = 'a'.repeat(70);

describe('names of the objects made for an ECS Service', () => {
  it.each([
    { name: 'load balancer Service: service, container, port', got: loadBalancerServiceName('web', 'nginx', 80), want: 'web-nginx-80' },
    { name: 'ECS container names are lowercased, "_" becomes "-"', got: loadBalancerServiceName('shop', 'Web_App', 8080), want: 'shop-web-app-8080' },
    { name: 'a service name with dots (a DNS subdomain) becomes one label', got: loadBalancerServiceName('shop.web', 'app', 80), want: 'shop-web-app-80' },
    { name: 'registry Service: the service name itself', got: registryServiceName('orders'), want: 'orders' },
    { name: 'a name starting with a digit gets a letter first', got: registryServiceName('2048-game'), want: 's-2048-game' },
    { name: 'PDB: the service name', got: podDisruptionBudgetName('web'), want: 'web' },
    { name: 'PDB keeps dots (a DNS subdomain is fine)', got: podDisruptionBudgetName('shop.web'), want: 'shop.web' },
    { name: 'TargetGroupBinding: service and target group name from the ARN', got: targetGroupBindingName('web', tgArn('web-tg')), want: 'web-web-tg' },

  ])('$name', ({ got, want }) => {
    expect(got).toBe(want);
  });

  it('cuts a long name and ends it with a hash, so two long names do not collide', () => {
    const a = loadBalancerServiceName(long, 'web', 80);
    const b = loadBalancerServiceName(long, 'web', 81);
    expect(isRfc1035(a)).toBe(true);
    expect(a).toHaveLength(63);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^a+-[0-9a-f]{8}$/);
  });

  it.each(['web', 'Web_App', '9lives', 'shop.web', '-x-', long, 'a_b.c-d'])('%j always gives an RFC 1035 label', (name) => {
    expect(isRfc1035(toServiceName(name))).toBe(true);
    expect(isRfc1035(loadBalancerServiceName(name, name, 65535))).toBe(true);
  });

  it('is deterministic', () => {
    expect(loadBalancerServiceName(long, 'web', 80)).toBe(loadBalancerServiceName(long, 'web', 80));
    expect(targetGroupBindingName('web', 'x')).toBe(targetGroupBindingName('web', 'x'));
  });
});

it('names the TargetGroupBinding of an ARN of another shape with a hash of the ARN', () => {
  expect(targetGroupBindingName('web', 'not-an-arn')).toMatch(/^web-tg-[0-9a-f]{8}$/);
});
