// applyNetworkingPlan against an in-memory API: assert the objects that exist afterwards.
import type { KubernetesObject } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { appliedHashAnnotation, applyNetworkingPlan, type NetworkingTarget } from '../../../../src/controllers/service-networking/apply-networking.ts';
import { coreServices, podDisruptionBudgets } from '../../../../src/controllers/service-networking/networking-resources.ts';
import { planServiceNetworking } from '../../../../src/controllers/service-networking/plan-networking.ts';
import type { Cached } from '../../../../src/kube/cached.ts';
import type { ResourceType } from '../../../../src/kube/resources.ts';

class FakeApi {
  readonly objects = new Map<string, KubernetesObject>();
  writes = 0;
  static key = (kind: string | undefined, name: string | undefined) => `${kind ?? ''}/${name ?? ''}`;
  put(o: KubernetesObject) {
    this.objects.set(FakeApi.key(o.kind, o.metadata?.name), structuredClone(o));
  }
  target(ownerUid: string): NetworkingTarget {
    // The fake stores wire-form objects (no Date timestamps), which is what a cache holds.
    const cached = (r: ResourceType, name: string) => this.objects.get(FakeApi.key(r.kind, name)) as Cached<KubernetesObject> | undefined;
    return {
      ownerUid,
      namespace: 'shop',
      cached: (r, name) => (r === coreServices || r === podDisruptionBudgets ? cached(r, name) : 'not-cached'),
      owned: () => [...this.objects.values()].filter((o) => o.kind !== 'TargetGroupBinding').map((object) => ({ resource: object.kind === 'Service' ? coreServices : podDisruptionBudgets, object: object as Cached<KubernetesObject> })),
      kube: {
        read: async (r, ref) => cached(r, ref.name) as never,
        apply: async (o) => {
          this.writes++;
          this.put(o);
          return o;
        },
        delete: async (r, ref) => (this.objects.delete(FakeApi.key(r.kind, ref.name)) ? 'deleted' : 'gone'),
      },
    };
  }
}

const observe = (spec: Record<string, unknown>, served = true) =>
  planServiceNetworking({
    service: { metadata: { name: 'web', namespace: 'shop', uid: 'uid-web' }, spec: { taskDefinition: 'web', schedulingStrategy: 'REPLICA', desiredCount: 2, ...spec } },
    targetGroupBindingsServed: served,
    clusterDomain: 'cluster.local',
  });
const tg = 'arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web-tg/1';

describe('applyNetworkingPlan', () => {
  it('creates every planned object, with the hash of its content', async () => {
    const api = new FakeApi();
    const plan = observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 80, targetGroupArn: tg }], serviceRegistries: [{ port: 80 }] });
    const outcome = await applyNetworkingPlan(plan.objects, [], api.target('uid-web'));
    expect([...api.objects.keys()].sort()).toEqual(['PodDisruptionBudget/web', 'Service/web', 'Service/web-nginx-80', 'TargetGroupBinding/web-web-tg']);
    expect(outcome).toEqual({ written: ['Service web-nginx-80', 'TargetGroupBinding web-web-tg', 'Service web', 'PodDisruptionBudget web'], deleted: [], conflicts: [] });
    expect(api.objects.get('Service/web-nginx-80')?.metadata?.annotations?.[appliedHashAnnotation]).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes nothing when the plan is unchanged', async () => {
    const api = new FakeApi();
    const plan = observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 80 }] });
    await applyNetworkingPlan(plan.objects, [], api.target('uid-web'));
    const before = api.writes;
    expect(await applyNetworkingPlan(plan.objects, [], api.target('uid-web'))).toEqual({ written: [], deleted: [], conflicts: [] });
    expect(api.writes).toBe(before);
  });

  it('applies a changed plan to its own objects', async () => {
    const api = new FakeApi();
    await applyNetworkingPlan(observe({ desiredCount: 2 }).objects, [], api.target('uid-web'));
    await applyNetworkingPlan(observe({ desiredCount: 4 }).objects, [], api.target('uid-web'));
    expect((api.objects.get('PodDisruptionBudget/web') as { spec?: { minAvailable?: number } }).spec?.minAvailable).toBe(4);
  });

  it('never takes over an object of a planned name that another owner holds', async () => {
    const api = new FakeApi();
    const foreign = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web-nginx-80', namespace: 'shop', labels: { 'ecs.stevedore.dev/service': 'web' } }, spec: { type: 'ClusterIP' } };
    api.put(foreign);
    const outcome = await applyNetworkingPlan(observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 80 }] }).objects, [], api.target('uid-web'));
    expect(outcome.conflicts).toEqual(['Service web-nginx-80']);
    expect(api.objects.get('Service/web-nginx-80')).toEqual(foreign);
  });

  it('deletes its objects the plan no longer has, and the stale TargetGroupBindings', async () => {
    const api = new FakeApi();
    await applyNetworkingPlan(observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 80, targetGroupArn: tg }] }).objects, [], api.target('uid-web'));
    const next = observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 8080 }] });
    const outcome = await applyNetworkingPlan(next.objects, ['web-web-tg'], api.target('uid-web'));
    expect([...api.objects.keys()].sort()).toEqual(['PodDisruptionBudget/web', 'Service/web-nginx-8080']);
    expect(outcome.deleted).toEqual(['Service web-nginx-80', 'TargetGroupBinding web-web-tg']);
  });
});
