// The Task controller's real registration (setup, observe, plan, apply, the shared cluster
// view) against the in-memory FakeCluster: no API server. Each case drives the queue to a
// fixed point and asserts the objects; the write counts are the API cost item 5 of issue 8
// asks about.
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../../src/api/v1alpha1/task.ts';
import { taskController, taskFinalizer } from '../../../../src/controllers/task/task-controller.ts';
import type { V1Pod } from '../../../../src/kube/types.ts';
import { aClusterObject, aNode } from '../../../builders/kube-objects.ts';
import { ControllerHarness, FakeCluster } from '../../../harness/fake-cluster.ts';

/** A Cluster, Nodes with 1 vCPU and 4 GiB each, and TaskDefinition `web` at revision 1 (256 CPU units, 512 MiB). */
function world(nodes = ['n1']): FakeCluster {
  const cluster = new FakeCluster();
  cluster.put('clusters', aClusterObject('default'));
  for (const name of nodes) cluster.put('nodes', aNode(name).cpu('1').memory('4Gi').build());
  cluster.put('taskdefinitions', {
    apiVersion: 'ecs.stevedore.dev/v1alpha1',
    kind: 'TaskDefinition',
    metadata: { name: 'web', namespace: 'default' },
    spec: {},
    status: { family: 'web', revision: 1, revisions: [{ revision: 1, status: 'ACTIVE' }] },
  });
  cluster.put('controllerrevisions', {
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'web-1', namespace: 'default', labels: { 'ecs.stevedore.dev/task-definition': 'web' } },
    revision: 1,
    data: { family: 'web', networkMode: 'bridge', containerDefinitions: [{ name: 'app', image: 'nginx', essential: true, cpu: 256, memoryReservation: 512 }] },
  });
  return cluster;
}

const runTask = (cluster: FakeCluster, name: string) =>
  cluster.put('tasks', { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Task', metadata: { name, namespace: 'default', generation: 1 }, spec: { taskDefinition: 'web', desiredStatus: 'RUNNING' } });

const task = (cluster: FakeCluster, name: string) => cluster.get<Task>('tasks', name, 'default');
const pod = (cluster: FakeCluster, name: string) => cluster.get<V1Pod>('pods', name, 'default');

/** kwok: the Pod's containers run. */
function kubeletRuns(cluster: FakeCluster, name: string): void {
  const p = pod(cluster, name)!;
  const startedAt = new Date(cluster.now).toISOString();
  cluster.put('pods', { ...p, status: { phase: 'Running', containerStatuses: p.spec!.containers.map((c) => ({ name: c.name, image: c.image, imageID: '', ready: true, restartCount: 0, started: true, state: { running: { startedAt } } })) } });
}

describe('Task controller on the FakeCluster', () => {
  it('places, commits, creates the bound Pod and follows it to RUNNING in four writes and two Events', async () => {
    const cluster = world();
    const harness = new ControllerHarness(cluster, taskController);
    runTask(cluster, 't1');
    await harness.settle();
    expect(task(cluster, 't1')?.metadata.finalizers).toEqual([taskFinalizer]);
    expect(task(cluster, 't1')?.status).toMatchObject({ lastStatus: 'PENDING', containerInstance: 'n1', taskDefinition: 'web:1', group: 'family:web' });
    expect(pod(cluster, 't1')?.spec?.nodeName).toBe('n1');

    cluster.now += 200;
    kubeletRuns(cluster, 't1');
    await harness.settle();
    expect(task(cluster, 't1')?.status).toMatchObject({ lastStatus: 'RUNNING', containerInstance: 'n1' });
    expect(task(cluster, 't1')?.status?.pullStartedAt).toBeDefined();
    expect(cluster.events.map((e) => e.reason)).toEqual(['Placed', 'Started']);
    const byResource = (resource: string) => cluster.writes.filter((w) => w.resource === resource).length;
    expect({ tasks: byResource('tasks'), status: byResource('tasks/status'), pods: byResource('pods'), events: byResource('events') }).toEqual({ tasks: 1, status: 2, pods: 1, events: 2 });
  });

  it('never overbooks a Node: the second task waits until the first has stopped, then takes its room', async () => {
    const cluster = world();
    const harness = new ControllerHarness(cluster, taskController);
    for (const name of ['a', 'b', 'c', 'd', 'e']) runTask(cluster, name);
    await harness.settle();
    // 1024 CPU units hold four tasks of 256; the fifth waits with ECS's reason.
    const placed = cluster.list<Task>('tasks').filter((t) => t.status?.containerInstance === 'n1').map((t) => t.metadata.name);
    const waiting = cluster.list<Task>('tasks').filter((t) => t.status?.containerInstance === undefined);
    expect(placed).toHaveLength(4);
    expect(waiting.map((t) => t.status)).toEqual([expect.objectContaining({ lastStatus: 'PROVISIONING', placementFailures: [expect.objectContaining({ arn: 'n1', reason: 'RESOURCE:CPU' })] })]);
    expect(cluster.list<V1Pod>('pods')).toHaveLength(4);

    // StopTask the first; its Pod goes (the fake kubelet is instant), its room is free, and the waiting task is placed.
    const first = task(cluster, placed[0]!)!;
    cluster.put('tasks', { ...first, spec: { ...first.spec, desiredStatus: 'STOPPED' } });
    await harness.settle();
    expect(pod(cluster, placed[0]!)).toBeUndefined();
    expect(task(cluster, placed[0]!)?.status?.lastStatus).toBe('STOPPED');
    expect(task(cluster, waiting[0]!.metadata.name)?.status?.containerInstance).toBe('n1');
    expect(cluster.list<V1Pod>('pods')).toHaveLength(4);
  });

  it('creates the default Cluster once for many tasks that find none, and places them once it exists', async () => {
    const cluster = world();
    await cluster.delete({ apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Cluster', plural: 'clusters', namespaced: false }, { name: 'default' });
    const harness = new ControllerHarness(cluster, taskController);
    for (const name of ['a', 'b', 'c']) runTask(cluster, name);
    await harness.settle();
    expect(cluster.writes.filter((w) => w.verb === 'create' && w.resource === 'clusters')).toHaveLength(1);
    expect(cluster.list<Task>('tasks').map((t) => t.status?.containerInstance)).toEqual(['n1', 'n1', 'n1']);
  });

  it('a deleted Task is stopped first (UserInitiated), and goes once its Pod is gone', async () => {
    const cluster = world();
    const harness = new ControllerHarness(cluster, taskController);
    runTask(cluster, 't1');
    await harness.settle();
    kubeletRuns(cluster, 't1');
    await harness.settle();
    await cluster.delete({ apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Task', plural: 'tasks', namespaced: true }, { name: 't1', namespace: 'default' });
    await harness.settle();
    expect(task(cluster, 't1')).toBeUndefined();
    expect(pod(cluster, 't1')).toBeUndefined();
    expect(cluster.events.map((e) => e.reason)).toContain('Stopping');
  });

  it('a restarted controller places nothing twice and writes nothing for running tasks', async () => {
    const cluster = world(['n1', 'n2']);
    const first = new ControllerHarness(cluster, taskController);
    runTask(cluster, 't1');
    await first.settle();
    kubeletRuns(cluster, 't1');
    await first.settle();
    const before = cluster.writes.length;

    // A new process: fresh view, queue and memory; the informers' first list announces everything.
    const second = new ControllerHarness(cluster, taskController, 99);
    await second.settle();
    expect(cluster.writes.slice(before)).toEqual([]);
    expect(cluster.list<V1Pod>('pods').map((p) => p.spec?.nodeName)).toEqual([task(cluster, 't1')?.status?.containerInstance]);
  });
});
