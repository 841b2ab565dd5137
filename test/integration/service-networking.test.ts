// ECS Service networking end to end on the real control plane (kube-controller-manager runs the
// EndpointSlice, disruption and garbage-collector controllers; kwok plays the kubelets):
// the core Service of a load balancer and its EndpointSlices following the task Pods, a stopped
// task leaving the endpoints before its Pod is deleted, the headless Service of a registry, a
// TargetGroupBinding once its CRD is installed (a minimal CRD of this file's own) and a
// condition before, and a PodDisruptionBudget that refuses an eviction below the minimum.
//
// Honest about what this branch has: the service scheduler is not here yet, so the tests run
// service Tasks by hand, labelled and annotated exactly as the Service controller will label
// them (ecs.stevedore.dev/service + serviceTaskAnnotations). Each ECS Service names a task
// definition family that is never registered, so that once the scheduler is merged it cannot
// start tasks of its own beside these and change the numbers.
import { ApiextensionsV1Api, CoreV1Api, CustomObjectsApi, DiscoveryV1Api, PatchStrategy, PolicyV1Api, setHeaderOptions, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';
import type { Service } from '../../src/api/v1alpha1/service.ts';
import { serviceTaskAnnotations } from '../../src/controllers/service-networking/task-annotations.ts';
import { createSimulatedNodes, defaultNodeSet, deleteSimulatedNodes, planNodeSet } from '../../src/localcluster/simulated-nodes.ts';
import { kubectl } from './kubectl.ts';
import { EcsNamespace } from './support/ecs.ts';
import { createTestNamespace, eventually, testKubeConfig } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';

let kc: KubeConfig;
let kubeconfig: string;
let core: CoreV1Api;
let discovery: DiscoveryV1Api;
let policy: PolicyV1Api;
let custom: CustomObjectsApi;
let namespace: string;
let operator: RunningOperator;
let ecs: EcsNamespace;
const suffix = randomBytes(3).toString('hex');
const cluster = `netsvc-${suffix}`;
const pool = `netsvc-${suffix}`;
const nodes = planNodeSet({ ...defaultNodeSet, count: 2, prefix: `netsvc-${suffix}`, labels: { 'stevedore.test/pool': pool } });
const tgbCrdName = 'targetgroupbindings.elbv2.k8s.aws';
const targetGroupArn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/50dc6c495c0c9188';
/** Never registered: a service scheduler merged later cannot launch tasks for these Services. */
const unregisteredFamily = 'netsvc-not-registered';

const apply = (object: unknown, inNamespace: string | undefined = namespace) => ecs.apply(object, inNamespace);

function ecsService(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: `${GROUP}/${VERSION}`, kind: 'Service', metadata: { name }, spec: { cluster, taskDefinition: unregisteredFamily, ...spec } };
}

/** A Task as the Service controller will create it: labelled with its service and annotated for its load balancers. */
function serviceTask(name: string, service: string, serviceSpec: Record<string, unknown>, extra: { desiredStatus?: string; annotations?: Record<string, string> } = {}): Record<string, unknown> {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'Task',
    metadata: { name, labels: { 'ecs.stevedore.dev/service': service }, annotations: { ...serviceTaskAnnotations(serviceSpec), ...extra.annotations } },
    spec: { cluster, taskDefinition: 'web', group: `service:${service}`, ...(extra.desiredStatus === undefined ? {} : { desiredStatus: extra.desiredStatus, stoppedReason: 'Scaling activity initiated by (deployment ecs-svc/1)' }) },
  };
}

const readService = async (name: string): Promise<Service> => (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'services', namespace, name })) as Service;

/** The Pods behind a core Service as its EndpointSlices say: name -> ready. */
async function endpointsOf(service: string): Promise<Record<string, boolean>> {
  const slices = await discovery.listNamespacedEndpointSlice({ namespace, labelSelector: `kubernetes.io/service-name=${service}` });
  const out: Record<string, boolean> = {};
  for (const slice of slices.items) for (const e of slice.endpoints ?? []) out[e.targetRef?.name ?? '?'] = e.conditions?.ready === true;
  return out;
}

beforeAll(async () => {
  kc = testKubeConfig();
  kubeconfig = inject('kubeconfig');
  core = kc.makeApiClient(CoreV1Api);
  discovery = kc.makeApiClient(DiscoveryV1Api);
  policy = kc.makeApiClient(PolicyV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  namespace = await createTestNamespace(kc, 'netsvc');
  ecs = new EcsNamespace(kc, kubeconfig, namespace);
  await createSimulatedNodes(kc, nodes);
  apply({ apiVersion: `${GROUP}/${VERSION}`, kind: 'Cluster', metadata: { name: cluster }, spec: { nodeSelector: { matchLabels: { 'stevedore.test/pool': pool } } } }, undefined);
  apply({
    apiVersion: `${GROUP}/${VERSION}`,
    kind: 'TaskDefinition',
    metadata: { name: 'web' },
    spec: { networkMode: 'awsvpc', containerDefinitions: [{ name: 'nginx', image: 'nginx:1.28', cpu: 64, memory: 64, portMappings: [{ containerPort: 80 }] }] },
  });
  operator = await startOperator();
});

afterAll(async () => {
  kubectl(kubeconfig, ['delete', 'crd', tgbCrdName, '--ignore-not-found', '--wait=false']);
  kubectl(kubeconfig, ['delete', 'clusters.ecs.stevedore.dev', cluster, '--ignore-not-found', '--wait=false']);
  await deleteSimulatedNodes(kc, nodes.map((n) => n.name));
  expect(await operator.stop(), operator.output()).toBe(0);
});

describe('a load-balanced service', () => {
  const spec = { desiredCount: 2, loadBalancers: [{ containerName: 'nginx', containerPort: 80 }], deregistrationDelaySeconds: 3 };

  it('gets a core Service owned by it, whose EndpointSlices follow its serving task Pods', { timeout: 120_000 }, async () => {
    apply(ecsService('web', spec));
    const svc = await eventually(() => core.readNamespacedService({ name: 'web-nginx-80', namespace }));
    const owner = await readService('web');
    expect(svc.metadata?.ownerReferences).toEqual([{ apiVersion: `${GROUP}/${VERSION}`, kind: 'Service', name: 'web', uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', selector: { 'ecs.stevedore.dev/service': 'web', 'ecs.stevedore.dev/serving': 'true' }, ports: [{ name: 'tcp-80', port: 80, targetPort: 80, protocol: 'TCP' }] });
    await eventually(async () => expect((await readService('web')).status?.networking?.loadBalancers).toEqual([{ containerName: 'nginx', containerPort: 80, service: 'web-nginx-80' }]));

    apply(serviceTask('web-1', 'web', spec));
    apply(serviceTask('web-2', 'web', spec));
    await eventually(async () => expect(await endpointsOf('web-nginx-80')).toEqual({ 'web-1': true, 'web-2': true }), { timeoutMs: 30_000 });
    // The TCP readiness stand-in for the target group's health check (no healthCheck in the task definition).
    const pod = await core.readNamespacedPod({ name: 'web-1', namespace });
    expect(pod.spec?.containers[0]?.readinessProbe).toEqual({ tcpSocket: { port: 80 }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 2, successThreshold: 1 });

    // Scale-out: a third task joins the endpoints.
    apply(serviceTask('web-3', 'web', spec));
    await eventually(async () => expect(await endpointsOf('web-nginx-80')).toEqual({ 'web-1': true, 'web-2': true, 'web-3': true }), { timeoutMs: 30_000 });
    // A standalone Task of the same task definition is not selected.
    apply({ apiVersion: `${GROUP}/${VERSION}`, kind: 'Task', metadata: { name: 'standalone' }, spec: { cluster, taskDefinition: 'web' } });
    await ecs.waitForTask('standalone', 'RUNNING');
    expect(Object.keys(await endpointsOf('web-nginx-80')).sort()).toEqual(['web-1', 'web-2', 'web-3']);
  });

  it('takes a stopping task out of the endpoints first, and deletes its Pod only after the deregistration delay', { timeout: 120_000 }, async () => {
    const seen: { at: number; type: string; pod: V1Pod }[] = [];
    const watch = await new Watch(kc).watch(`/api/v1/namespaces/${namespace}/pods`, { fieldSelector: 'metadata.name=web-1' }, (type, pod: V1Pod) => seen.push({ at: Date.now(), type, pod }), () => undefined);
    try {
      const stopAt = Date.now();
      apply(serviceTask('web-1', 'web', spec, { desiredStatus: 'STOPPED' }));
      // Out of the endpoints while the Pod still runs, not being deleted.
      await eventually(async () => expect(Object.keys(await endpointsOf('web-nginx-80')).sort()).toEqual(['web-2', 'web-3']), { timeoutMs: 30_000 });
      const leftAt = Date.now();
      const whileOut = await core.readNamespacedPod({ name: 'web-1', namespace });
      expect(whileOut.metadata?.deletionTimestamp).toBeUndefined();
      expect(whileOut.metadata?.labels?.['ecs.stevedore.dev/serving']).toBeUndefined();
      expect(whileOut.metadata?.annotations?.['ecs.stevedore.dev/deregistered-at']).toBeDefined();
      expect((await ecs.readTask('web-1')).status?.lastStatus).toBe('STOPPING');

      await ecs.waitForTask('web-1', 'STOPPED', 30_000);
      const deleting = seen.find((e) => e.pod.metadata?.deletionTimestamp !== undefined);
      expect(deleting, JSON.stringify(seen.map((e) => e.type))).toBeDefined();
      // The deletion came after the endpoints dropped it and after the 3 s delay.
      const deregisteredAt = Date.parse(whileOut.metadata?.annotations?.['ecs.stevedore.dev/deregistered-at'] ?? '');
      expect(deleting!.at).toBeGreaterThanOrEqual(deregisteredAt + 3_000 - 500);
      expect(deleting!.at).toBeGreaterThan(leftAt - 1_000);
      expect(deleting!.at - stopAt).toBeLessThan(30_000);
    } finally {
      watch.abort();
    }
  });

  it('exposes the core Service as spec.kubernetesService asks', async () => {
    apply(ecsService('web', { ...spec, kubernetesService: { type: 'NodePort', annotations: { 'example.com/team': 'shop' } } }));
    await eventually(async () => {
      const svc = await core.readNamespacedService({ name: 'web-nginx-80', namespace });
      expect(svc.spec?.type).toBe('NodePort');
      expect(svc.metadata?.annotations?.['example.com/team']).toBe('shop');
    });
  });

  it('deletes the core Service of a load balancer the spec no longer has', async () => {
    apply(ecsService('web', { ...spec, loadBalancers: [{ containerName: 'nginx', containerPort: 8080 }] }));
    await eventually(() => core.readNamespacedService({ name: 'web-nginx-8080', namespace }));
    await eventually(async () => expect(core.readNamespacedService({ name: 'web-nginx-80', namespace })).rejects.toMatchObject({ code: 404 }));
  });
});

describe('a service with a registry', () => {
  it('gets a headless Service named after it, with an SRV port, resolving to its task Pods', async () => {
    const spec = { desiredCount: 1, serviceRegistries: [{ registryArn: 'arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-utqkcx3mffnsn2b5', port: 80 }] };
    apply(ecsService('api', spec));
    const svc = await eventually(() => core.readNamespacedService({ name: 'api', namespace }));
    expect(svc.spec).toMatchObject({ clusterIP: 'None', selector: { 'ecs.stevedore.dev/service': 'api', 'ecs.stevedore.dev/serving': 'true' }, ports: [{ name: 'srv', port: 80, targetPort: 80, protocol: 'TCP' }] });
    apply(serviceTask('api-1', 'api', spec));
    await eventually(async () => expect(await endpointsOf('api')).toEqual({ 'api-1': true }), { timeoutMs: 30_000 });
    const status = (await readService('api')).status?.networking;
    expect(status?.serviceRegistries).toEqual([
      { registryArn: spec.serviceRegistries[0]!.registryArn, service: 'api', dnsName: `api.${namespace}.svc.cluster.local`, srvName: `_srv._tcp.api.${namespace}.svc.cluster.local` },
    ]);
  });
});

describe('a target group', () => {
  const spec = { desiredCount: 1, loadBalancers: [{ targetGroupArn, containerName: 'nginx', containerPort: 80 }] };

  it('is reported unbound while the TargetGroupBinding kind is not installed, and bound by one once it is', { timeout: 150_000 }, async () => {
    apply(ecsService('lb', spec));
    const condition = await eventually(async () => {
      const c = (await readService('lb')).status?.networking?.conditions?.find((x) => x.type === 'TargetGroupsBound');
      expect(c).toBeDefined();
      return c!;
    });
    expect(condition).toMatchObject({ status: 'False', reason: 'TargetGroupBindingNotInstalled' });
    expect(condition.message).toContain(targetGroupArn);
    await eventually(() => core.readNamespacedService({ name: 'lb-nginx-80', namespace }));

    // A minimal TargetGroupBinding CRD: the kind as the AWS Load Balancer Controller serves it.
    await kc.makeApiClient(ApiextensionsV1Api).createCustomResourceDefinition({
      body: {
        metadata: { name: tgbCrdName },
        spec: {
          group: 'elbv2.k8s.aws',
          scope: 'Namespaced',
          names: { kind: 'TargetGroupBinding', plural: 'targetgroupbindings', singular: 'targetgroupbinding', listKind: 'TargetGroupBindingList' },
          versions: [{ name: 'v1beta1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', x_kubernetes_preserve_unknown_fields: true } } }],
        },
      },
    });
    // Discovery is asked again within 30 s.
    const binding = await eventually(
      async () => (await custom.getNamespacedCustomObject({ group: 'elbv2.k8s.aws', version: 'v1beta1', plural: 'targetgroupbindings', namespace, name: 'lb-web-tg' })) as { metadata: { ownerReferences?: unknown[] }; spec: unknown },
      { timeoutMs: 90_000, intervalMs: 1_000 },
    );
    expect(binding.spec).toEqual({ serviceRef: { name: 'lb-nginx-80', port: 80 }, targetGroupARN: targetGroupArn });
    expect(binding.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Service', name: 'lb', controller: true })]);
    await eventually(async () => {
      const networking = (await readService('lb')).status?.networking;
      expect(networking?.conditions?.find((x) => x.type === 'TargetGroupsBound')).toMatchObject({ status: 'True', reason: 'TargetGroupBindingsApplied' });
      expect(networking?.loadBalancers).toEqual([{ containerName: 'nginx', containerPort: 80, service: 'lb-nginx-80', targetGroupArn, targetGroupBinding: 'lb-web-tg' }]);
    });
  });
});

describe('draining', () => {
  it('counts a Node as a DRAINING container instance while it is cordoned or carries a disruption taint', { timeout: 90_000 }, async () => {
    const node = nodes[1]!.name;
    const summary = async () => ((await custom.getClusterCustomObject({ group: GROUP, version: VERSION, plural: 'clusters', name: cluster })) as { status?: { containerInstances?: { active?: number; draining?: number } } }).status?.containerInstances;
    await eventually(async () => expect(await summary()).toMatchObject({ active: 2, draining: 0 }), { timeoutMs: 30_000 });
    // Karpenter v1 taints a Node it is about to disrupt.
    await core.patchNode({ name: node, body: { spec: { taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }] } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await eventually(async () => expect(await summary()).toMatchObject({ active: 1, draining: 1 }), { timeoutMs: 30_000 });
    await core.patchNode({ name: node, body: { spec: { taints: null } } }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
    await eventually(async () => expect(await summary()).toMatchObject({ active: 2, draining: 0 }), { timeoutMs: 30_000 });
    // kubectl cordon, and uncordon.
    kubectl(kubeconfig, ['cordon', node]);
    await eventually(async () => expect(await summary()).toMatchObject({ active: 1, draining: 1 }), { timeoutMs: 30_000 });
    kubectl(kubeconfig, ['uncordon', node]);
    await eventually(async () => expect(await summary()).toMatchObject({ active: 2, draining: 0 }), { timeoutMs: 30_000 });
  });
});

describe('evictions', () => {
  it('a PodDisruptionBudget keeps ceil(desired x minimumHealthyPercent / 100) tasks: kubectl drain-style evictions below it are refused', { timeout: 120_000 }, async () => {
    const spec = { desiredCount: 3, deploymentConfiguration: { minimumHealthyPercent: 50, maximumPercent: 200 } };
    apply(ecsService('batch', spec));
    const pdb = await eventually(() => policy.readNamespacedPodDisruptionBudget({ name: 'batch', namespace }));
    expect(pdb.spec).toMatchObject({ minAvailable: 2, selector: { matchLabels: { 'ecs.stevedore.dev/service': 'batch', 'ecs.stevedore.dev/serving': 'true' } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    // status.networking is written after the objects.
    await eventually(async () => expect((await readService('batch')).status?.networking?.podDisruptionBudget).toBe('batch'));

    for (const name of ['batch-1', 'batch-2', 'batch-3']) apply(serviceTask(name, 'batch', spec));
    await eventually(async () => expect((await policy.readNamespacedPodDisruptionBudget({ name: 'batch', namespace })).status).toMatchObject({ currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1 }), { timeoutMs: 30_000 });

    const evict = (name: string) => core.createNamespacedPodEviction({ name, namespace, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace } } });
    await evict('batch-1');
    // A second one would leave 1 healthy task of the 2 the minimum asks for.
    await expect(evict('batch-2')).rejects.toMatchObject({ code: 429 });
    // The evicted task is a stopped task (which the service scheduler replaces).
    const stopped = await ecs.waitForTask('batch-1', 'STOPPED', 30_000);
    expect(stopped.status?.stopCode).toBeDefined();
    expect((await core.readNamespacedPod({ name: 'batch-2', namespace })).metadata?.deletionTimestamp).toBeUndefined();
  });
});
