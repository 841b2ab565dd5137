import { describe, expect, it } from 'vitest';
import { KindDiscovery } from '../../../../src/controllers/service-networking/kind-discovery.ts';

describe('KindDiscovery', () => {
  it('asks the API server at most once per TTL, and again after it or after forget()', async () => {
    let now = 0;
    let served = false;
    let asked = 0;
    const discovery = new KindDiscovery(
      {
        serves: async () => {
          asked++;
          return served;
        },
      },
      'elbv2.k8s.aws/v1beta1',
      'TargetGroupBinding',
      30_000,
      () => now,
    );
    expect(await discovery.served()).toBe(false);
    served = true; // the CRD is installed
    now = 29_999;
    expect(await discovery.served()).toBe(false);
    expect(asked).toBe(1);
    now = 30_000;
    expect(await discovery.served()).toBe(true);
    expect(asked).toBe(2);
    served = false;
    discovery.forget();
    expect(await discovery.served()).toBe(false);
    expect(asked).toBe(3);
  });
});
