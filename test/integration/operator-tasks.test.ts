// The operator end to end on the real control plane: TaskDefinition revisions, a Task placed
// on a Node and run as a bound Pod, StopTask, an essential exit, waiting for capacity, and a
// crash of the operator in the middle of placing tasks.
import { AppsV1Api, CoreV1Api, CustomObjectsApi, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';
import type { Task } from '../../src/api/v1alpha1/task.ts';
import { repoRoot } from '../../src/localcluster/binaries.ts';
import { createSimulatedNodes, deleteSimulatedNodes, planNodeSet, defaultNodeSet } from '../../src/localcluster/simulated-nodes.ts';
import { cpuMillicores, memoryBytes } from '../../src/kube/quantity.ts';
import { computePodRequests } from '../../src/kube/pod-requests.ts';
import { kubectl } from './kubectl.ts';
import { createTestNamespace, eventually, testKubeConfig } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';
import { EcsNamespace } from './support/ecs.ts';

let kc: KubeConfig;
let kubeconfig: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
let namespace: string;
let operator: RunningOperator;
let ecs: EcsNamespace;
const apply = (object: unknown) => ecs.apply(object);
const readTask = (name: string) => ecs.readTask(name);
const readTaskDefinition = (name: string) => ecs.readTaskDefinition(name);
const waitForTask = (name: string, lastStatus: string, timeoutMs?: number) => ecs.waitForTask(name, lastStatus, timeoutMs);


const taskDefinition = (name: string, image: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: `${GROUP}/${VERSION}`,
  kind: 'TaskDefinition',
  metadata: { name },
  spec: { containerDefinitions: [{ name: 'web', image, cpu: 256, memory: 512, portMappings: [{ containerPort: 80 }], ...extra }] },
});
const task = (name: string, spec: Record<string, unknown>, annotations: Record<string, string> = {}) => ({
  apiVersion: `${GROUP}/${VERSION}`,
  kind: 'Task',
  metadata: { name, annotations },
  spec,
});

async function revisionsOf(name: string): Promise<number[]> {
  const list = await kc.makeApiClient(AppsV1Api).listNamespacedControllerRevision({ namespace, labelSelector: `ecs.stevedore.dev/task-definition=${name}` });
  return list.items.map((r) => r.revision).sort();
}
beforeAll(async () => {
  kc = testKubeConfig();
  kubeconfig = inject('kubeconfig');
  core = kc.makeApiClient(CoreV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  namespace = await createTestNamespace(kc, 'tasks');
  ecs = new EcsNamespace(kc, kubeconfig, namespace);
  operator = await startOperator();
});

afterAll(async () => {
  expect(await operator.stop(), operator.output()).toBe(0);
});

describe('TaskDefinition revisions', () => {
  it('registers a revision only when the normalised spec changes', async () => {
    apply(taskDefinition('web', 'nginx:1.27'));
    await eventually(async () => expect((await readTaskDefinition('web')).status?.revision).toBe(1));

    // The same manifest again, and one with ECS's defaults written out: no new revision.
    apply(taskDefinition('web', 'nginx:1.27'));
    apply(taskDefinition('web', 'nginx:1.27', { essential: true }));
    await eventually(async () => {
      const td = await readTaskDefinition('web');
      expect(td.status?.observedGeneration).toBe(td.metadata.generation);
    });
    expect(await revisionsOf('web')).toEqual([1]);

    apply(taskDefinition('web', 'nginx:1.28'));
    await eventually(async () => expect((await readTaskDefinition('web')).status?.revision).toBe(2));
    expect(await revisionsOf('web')).toEqual([1, 2]);
    const td = await readTaskDefinition('web');
    expect(td.status?.revisions?.map((r) => [r.revision, r.status])).toEqual([
      [1, 'ACTIVE'],
      [2, 'ACTIVE'],
    ]);
  });
});

describe('Tasks', () => {
  it('places a Task on a Node, runs it as a bound Pod, and stops it on desiredStatus STOPPED', async () => {
    apply(task('smoke', { taskDefinition: 'web' }));
    const running = await waitForTask('smoke', 'RUNNING');
    expect(running.status?.taskDefinition).toBe('web:2');
    expect(running.status?.group).toBe('family:web');
    const node = running.status?.containerInstance;
    expect(node).toMatch(/^kwok-node-/);

    const pod = await core.readNamespacedPod({ name: 'smoke', namespace });
    expect(pod.spec?.nodeName).toBe(node);
    expect(pod.spec?.schedulerName).toBe('stevedore');
    expect(pod.spec?.restartPolicy).toBe('Never');
    expect(pod.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'Task', name: 'smoke', controller: true });
    expect(pod.spec?.containers[0]).toMatchObject({ name: 'web', image: 'nginx:1.28', resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '512Mi' } } });

    apply(task('smoke', { taskDefinition: 'web', desiredStatus: 'STOPPED', stoppedReason: 'smoke test done' }));
    const stopped = await waitForTask('smoke', 'STOPPED');
    expect(stopped.status).toMatchObject({ stopCode: 'UserInitiated', stoppedReason: 'smoke test done', desiredStatus: 'STOPPED' });
    await eventually(async () => expect(core.readNamespacedPod({ name: 'smoke', namespace })).rejects.toMatchObject({ code: 404 }));
  });

  it('stops the task when an essential container exits', async () => {
    apply(task('exits', { taskDefinition: 'web' }, { 'kwok.stevedore.dev/exit-container': 'web', 'kwok.stevedore.dev/exit-code': '1', 'kwok.stevedore.dev/exit-after': '1s' }));
    const stopped = await waitForTask('exits', 'STOPPED');
    expect(stopped.status).toMatchObject({ stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited' });
    expect(stopped.status?.containers?.find((c) => c.name === 'web')?.exitCode).toBe(1);
  });

  it('waits in PROVISIONING with ECS reasons, is placed when capacity appears, and stops when its Node goes', async () => {
    apply(taskDefinition('big', 'registry.example/big:1', { memory: 60_000 }));
    apply(task('big', { taskDefinition: 'big' }));
    const waiting = await eventually(async () => {
      const t = await readTask('big');
      expect(t.status?.placementFailures?.[0]?.reason).toBe('RESOURCE:MEMORY');
      return t;
    });
    expect(waiting.status?.lastStatus).toBe('PROVISIONING');
    expect(waiting.status?.conditions?.find((c) => c.type === 'Scheduled')).toMatchObject({ status: 'False', reason: 'Unplaceable' });

    const [large] = planNodeSet({ ...defaultNodeSet, count: 1, prefix: 'large', memory: '64Gi', cpu: '16' });
    await createSimulatedNodes(kc, [large!]);
    const placed = await waitForTask('big', 'RUNNING');
    expect(placed.status?.containerInstance).toBe(large!.name);

    await deleteSimulatedNodes(kc, [large!.name]);
    const stopped = await waitForTask('big', 'STOPPED');
    expect(stopped.status?.stopCode).toBeDefined();
  });

  it('loses nothing and duplicates nothing when the operator is killed while placing', { timeout: 120_000 }, async () => {
    apply(taskDefinition('web', 'nginx:1.28'));
    const names = Array.from({ length: 30 }, (_, i) => `crash-${i}`);
    // All at once, then kill the operator as soon as the first is placed: the others are mid-flight.
    const list = { apiVersion: 'v1', kind: 'List', items: names.map((name) => task(name, { taskDefinition: 'web', group: 'crash' })) };
    apply(list);
    const placedBeforeCrash = await eventually(async () => {
      const placed = (await Promise.all(names.map(readTask))).filter((t) => t.status?.containerInstance !== undefined).length;
      expect(placed).toBeGreaterThan(0);
      return placed;
    }, { intervalMs: 5 });
    await operator.kill();
    // Usually a few of the 30; the assertions below hold wherever the crash fell.
    console.info(`operator killed after placing ${placedBeforeCrash} of ${names.length} tasks`);
    operator = await startOperator();

    for (const name of names) await waitForTask(name, 'RUNNING', 60_000);
    const pods = (await core.listNamespacedPod({ namespace })).items.filter((p) => names.includes(p.metadata?.name ?? ''));
    // One Pod per Task, on the Node its status names.
    expect(pods.map((p) => p.metadata?.name).sort()).toEqual([...names].sort());
    for (const name of names) {
      const t = await readTask(name);
      expect(pods.find((p) => p.metadata?.name === name)?.spec?.nodeName).toBe(t.status?.containerInstance);
    }
    // No Node holds more than it can.
    const all = (await core.listPodForAllNamespaces()).items.filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    for (const node of (await core.listNode()).items) {
      const onNode = all.filter((p: V1Pod) => p.spec?.nodeName === node.metadata?.name);
      const cpu = onNode.reduce((sum, p) => sum + computePodRequests(p).cpuMillicores, 0);
      const memory = onNode.reduce((sum, p) => sum + computePodRequests(p).memoryBytes, 0);
      expect(cpu).toBeLessThanOrEqual(cpuMillicores(node.status?.allocatable?.cpu ?? '0'));
      expect(memory).toBeLessThanOrEqual(memoryBytes(node.status?.allocatable?.memory ?? '0'));
    }
  });
});

describe('the examples', () => {
  it('apply, list under `kubectl get ecs`, explain their fields, and the example Task runs', async () => {
    const exampleNamespace = await createTestNamespace(kc, 'examples');
    const applied = kubectl(kubeconfig, ['apply', '-n', exampleNamespace, '-f', join(repoRoot, 'examples')]);
    // kubectl may warn that the `default` Cluster, created by the operator on first use, had no
    // last-applied annotation yet; it adopts it, and the apply succeeds.
    expect(applied.ok, applied.stderr).toBe(true);
    expect(applied.stderr).not.toMatch(/error/i);
    expect(applied.stdout).toContain('task.ecs.stevedore.dev/web-smoke-test created');

    const listed = kubectl(kubeconfig, ['get', 'ecs', '-n', exampleNamespace, '-o', 'name']);
    expect(listed.stdout.split('\n').filter((l) => l !== '').sort()).toEqual(
      expect.arrayContaining(['service.ecs.stevedore.dev/web', 'task.ecs.stevedore.dev/web-smoke-test', 'taskdefinition.ecs.stevedore.dev/web', 'cluster.ecs.stevedore.dev/default']),
    );
    const explained = kubectl(kubeconfig, ['explain', 'tasks.spec.desiredStatus']);
    expect(explained.stdout).toContain('StopTask');

    const running = await eventually(async () => {
      const t = (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace: exampleNamespace, name: 'web-smoke-test' })) as Task;
      expect(t.status?.lastStatus).toBe('RUNNING');
      return t;
    }, { timeoutMs: 30_000 });
    // Its memberOf constraint keeps it in us-east-1a or us-east-1b.
    const node = await core.readNode({ name: running.status?.containerInstance ?? '' });
    expect(['us-east-1a', 'us-east-1b']).toContain(node.metadata?.labels?.['topology.kubernetes.io/zone']);
    kubectl(kubeconfig, ['delete', 'namespace', exampleNamespace, '--wait=false']);
  });
});
