// The networking plan of an ECS Service: which objects, with which names, selectors, numbers
// and conditions (docs/networking.md).
import { describe, expect, it } from 'vitest';
import type { ServiceSpec, ServiceStatus } from '../../../../src/api/v1alpha1/service.ts';
import { planServiceNetworking, type NetworkingObservation } from '../../../../src/controllers/service-networking/plan-networking.ts';
import { computeMinAvailable, computeServiceMinAvailable } from '../../../../src/controllers/service-networking/pod-disruption-budget.ts';

const tg = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/50dc6c495c0c9188';
const tg2 = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-nlb/6d0ecf831eec9f09';
const owner = { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Service', name: 'web', uid: 'uid-web', controller: true, blockOwnerDeletion: true };
const labels = { 'ecs.stevedore.dev/service': 'web', 'app.kubernetes.io/managed-by': 'stevedore' };
const selector = { 'ecs.stevedore.dev/service': 'web', 'ecs.stevedore.dev/serving': 'true' };

function observe(spec: Partial<ServiceSpec>, fields: Partial<NetworkingObservation> & { status?: ServiceStatus } = {}): NetworkingObservation {
  const { status, ...rest } = fields;
  return {
    service: { metadata: { name: 'web', namespace: 'shop', uid: 'uid-web', generation: 3 }, spec: { taskDefinition: 'web', schedulingStrategy: 'REPLICA', desiredCount: 4, ...spec }, ...(status === undefined ? {} : { status }) },
    targetGroupBindingsServed: false,
    clusterDomain: 'cluster.local',
    ...rest,
  };
}
const kinds = (o: NetworkingObservation) => planServiceNetworking(o).objects.map((x) => `${x.kind} ${x.metadata?.name}`);
const byName = (o: NetworkingObservation, kind: string, name: string) => planServiceNetworking(o).objects.find((x) => x.kind === kind && x.metadata?.name === name);

describe('which objects', () => {
  it.each([
    { name: 'a service without load balancers or registries: only its PodDisruptionBudget', spec: {}, want: ['PodDisruptionBudget web'] },
    {
      name: 'one core Service per container/port pair; two target groups on one port share it',
      spec: { loadBalancers: [{ containerName: 'nginx', containerPort: 80, targetGroupArn: tg }, { containerName: 'nginx', containerPort: 80, targetGroupArn: tg2 }, { containerName: 'nginx', containerPort: 443 }] },
      want: ['Service web-nginx-80', 'Service web-nginx-443', 'PodDisruptionBudget web'],
    },
    {
      name: 'with the TargetGroupBinding kind served: one binding per target group',
      spec: { loadBalancers: [{ containerName: 'nginx', containerPort: 80, targetGroupArn: tg }, { containerName: 'nginx', containerPort: 80, targetGroupArn: tg2 }] },
      served: true,
      want: ['Service web-nginx-80', 'TargetGroupBinding web-web-tg', 'TargetGroupBinding web-web-nlb', 'PodDisruptionBudget web'],
    },
    { name: 'a classic load balancer (loadBalancerName): the core Service only', spec: { loadBalancers: [{ loadBalancerName: 'legacy', containerName: 'nginx', containerPort: 80 }] }, served: true, want: ['Service web-nginx-80', 'PodDisruptionBudget web'] },
    { name: 'a registry: the headless Service named after the service', spec: { serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-1', port: 8080 }] }, want: ['Service web', 'PodDisruptionBudget web'] },
  ])('$name', ({ spec, served, want }) => {
    expect(kinds(observe(spec, { targetGroupBindingsServed: served ?? false }))).toEqual(want);
  });
});

describe('the core Service of a load balancer', () => {
  it('selects the serving Pods of the service on the container port, ClusterIP by default, owned by the ECS Service', () => {
    expect(byName(observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 80 }] }), 'Service', 'web-nginx-80')).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web-nginx-80', namespace: 'shop', labels, ownerReferences: [owner] },
      spec: { type: 'ClusterIP', selector, ports: [{ name: 'tcp-80', protocol: 'TCP', port: 80, targetPort: 80 }] },
    });
  });

  it('takes its type and annotations from spec.kubernetesService', () => {
    const svc = byName(
      observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 80 }], kubernetesService: { type: 'LoadBalancer', annotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' } } }),
      'Service',
      'web-nginx-80',
    );
    expect(svc?.metadata?.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'external' });
    expect((svc?.spec as { type?: string }).type).toBe('LoadBalancer');
  });
});

describe('the headless Service of a registry', () => {
  it.each([
    { name: 'port (awsvpc): SRV on that port', registry: { port: 8080 }, ports: [{ name: 'srv', protocol: 'TCP', port: 8080, targetPort: 8080 }], srv: true },
    { name: 'containerName/containerPort (bridge, host): SRV on the container port', registry: { containerName: 'api', containerPort: 9000 }, ports: [{ name: 'srv', protocol: 'TCP', port: 9000, targetPort: 9000 }], srv: true },
    { name: 'both: the port in DNS, the container port on the Pod', registry: { port: 80, containerName: 'api', containerPort: 9000 }, ports: [{ name: 'srv', protocol: 'TCP', port: 80, targetPort: 9000 }], srv: true },
    { name: 'no port: A records only', registry: {}, ports: undefined, srv: false },
  ])('$name', ({ registry, ports, srv }) => {
    const o = observe({ serviceRegistries: [registry] });
    expect(byName(o, 'Service', 'web')?.spec).toEqual({ clusterIP: 'None', selector, publishNotReadyAddresses: false, ...(ports === undefined ? {} : { ports }) });
    expect(planServiceNetworking(o).status.serviceRegistries).toEqual([
      { service: 'web', dnsName: 'web.shop.svc.cluster.local', ...(srv ? { srvName: '_srv._tcp.web.shop.svc.cluster.local' } : {}) },
    ]);
  });
});

describe('the PodDisruptionBudget', () => {
  it.each([
    // ECS-SEMANTICS 6.6 worked examples, rounded up.
    { desired: 4, min: 50, want: 2 },
    { desired: 2, min: 75, want: 2 },
    { desired: 3, min: 100, want: 3 },
    { desired: 5, min: 0, want: 0 },
    { desired: 3, min: 50, want: 2 },
    { desired: 10, min: 33, want: 4 },
    { desired: 0, min: 100, want: 0 },
    { desired: 1, min: 1, want: 1 },
  ])('desired $desired, minimumHealthyPercent $min: minAvailable $want', ({ desired, min, want }) => {
    expect(computeMinAvailable(desired, min)).toBe(want);
    const pdb = byName(observe({ desiredCount: desired, deploymentConfiguration: { minimumHealthyPercent: min } }), 'PodDisruptionBudget', 'web');
    expect(pdb?.spec).toEqual({ minAvailable: want, selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  it.each([
    { name: 'REPLICA defaults to minimumHealthyPercent 100', spec: { desiredCount: 3 }, want: 3 },
    { name: 'DAEMON defaults to 0', spec: { schedulingStrategy: 'DAEMON' as const, desiredCount: undefined }, status: { desiredCount: 5 }, want: 0 },
    { name: 'DAEMON with a minimum uses the effective count the Service controller reports', spec: { schedulingStrategy: 'DAEMON' as const, desiredCount: undefined, deploymentConfiguration: { minimumHealthyPercent: 50 } }, status: { desiredCount: 5 }, want: 3 },
    { name: 'DAEMON before the Service controller reported a count', spec: { schedulingStrategy: 'DAEMON' as const, desiredCount: undefined, deploymentConfiguration: { minimumHealthyPercent: 50 } }, want: 0 },
  ])('$name', ({ spec, status, want }) => {
    const o = observe(spec, status === undefined ? {} : { status });
    expect(computeServiceMinAvailable(o.service.spec, o.service.status)).toBe(want);
  });
});

describe('TargetGroupBindings and their condition', () => {
  const spec = { loadBalancers: [{ containerName: 'nginx', containerPort: 80, targetGroupArn: tg }] };

  it('binds the target group to the core Service and port', () => {
    expect(byName(observe(spec, { targetGroupBindingsServed: true }), 'TargetGroupBinding', 'web-web-tg')).toEqual({
      apiVersion: 'elbv2.k8s.aws/v1beta1',
      kind: 'TargetGroupBinding',
      metadata: { name: 'web-web-tg', namespace: 'shop', labels, ownerReferences: [owner] },
      spec: { serviceRef: { name: 'web-nginx-80', port: 80 }, targetGroupARN: tg },
    });
    const plan = planServiceNetworking(observe(spec, { targetGroupBindingsServed: true }));
    expect(plan.status.loadBalancers).toEqual([{ containerName: 'nginx', containerPort: 80, service: 'web-nginx-80', targetGroupArn: tg, targetGroupBinding: 'web-web-tg' }]);
    expect(plan.conditions.find((c) => c.type === 'TargetGroupsBound')).toMatchObject({ status: 'True', reason: 'TargetGroupBindingsApplied' });
  });

  it('says so in a condition when the kind is not installed, and still serves the tasks in the cluster', () => {
    const plan = planServiceNetworking(observe(spec));
    expect(plan.objects.map((o) => o.kind)).toEqual(['Service', 'PodDisruptionBudget']);
    expect(plan.status.loadBalancers).toEqual([{ containerName: 'nginx', containerPort: 80, service: 'web-nginx-80', targetGroupArn: tg }]);
    expect(plan.conditions.find((c) => c.type === 'TargetGroupsBound')).toEqual({
      type: 'TargetGroupsBound',
      status: 'False',
      reason: 'TargetGroupBindingNotInstalled',
      message: `The TargetGroupBinding kind (elbv2.k8s.aws/v1beta1) is not installed, so target group ${tg} does not receive the tasks; install the AWS Load Balancer Controller. The core Services serve the tasks in the cluster.`,
    });
  });

  it('has no TargetGroupsBound condition without target groups', () => {
    expect(planServiceNetworking(observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 80 }] })).conditions.map((c) => c.type)).toEqual(['Ready']);
  });

  it('lists the bindings the previous status had and the spec dropped, to delete them', () => {
    const status: ServiceStatus = { networking: { loadBalancers: [{ containerName: 'nginx', containerPort: 80, service: 'web-nginx-80', targetGroupArn: tg2, targetGroupBinding: 'web-web-nlb' }] } };
    expect(planServiceNetworking(observe(spec, { targetGroupBindingsServed: true, status })).staleTargetGroupBindings).toEqual(['web-web-nlb']);
    expect(planServiceNetworking(observe(spec, { targetGroupBindingsServed: true })).staleTargetGroupBindings).toEqual([]);
  });
});

describe('bad input', () => {
  it('a service name too long for a label value makes nothing and says why', () => {
    const o = observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 80 }] });
    const plan = planServiceNetworking({ ...o, service: { ...o.service, metadata: { ...o.service.metadata, name: 'x'.repeat(64) } } });
    expect(plan.objects).toEqual([]);
    expect(plan.conditions).toEqual([expect.objectContaining({ type: 'Ready', status: 'False', reason: 'InvalidServiceName' })]);
  });
});

it('is deterministic: the same observation gives the same plan', () => {
  const o = observe({ loadBalancers: [{ containerName: 'nginx', containerPort: 80, targetGroupArn: tg }], serviceRegistries: [{ port: 80 }] }, { targetGroupBindingsServed: true });
  expect(planServiceNetworking(o)).toEqual(planServiceNetworking(structuredClone(o)));
});
