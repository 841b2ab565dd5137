// The cluster view kept incrementally must show what a view built from scratch shows, hold
// assumed placements until the cache confirms them, and wake waiting tasks only when capacity
// can have changed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Task } from '../../../src/api/v1alpha1/task.ts';
import type { CapacityChange } from '../../../src/controllers/cluster/cluster-view.ts';
import { ClusterViewState, type TaskRequirementSource } from '../../../src/controllers/cluster/cluster-view-state.ts';
import type { Cached } from '../../../src/kube/cached.ts';
import type { V1Node, V1Pod } from '../../../src/kube/types.ts';
import type { ClusterSnapshot, TaskRequirement } from '../../../src/placement/index.ts';
import { aClusterObject, aNode, aPod, aTaskObject } from '../../builders/kube-objects.ts';
import { aRequirement } from '../../builders/task.ts';

/** web:1 reserves 256 CPU units and 512 MiB; big:1 reserves 1024 and 2048; other revisions are not cached. */
const requirements: TaskRequirementSource = {
  of: (task: Cached<Task>) => ({ 'web:1': aRequirement({ cpu: 256, memory: 512 }), 'big:1': aRequirement({ cpu: 1024, memory: 2048, tcpPorts: [8080] }) })[task.status?.taskDefinition ?? ''],
};

const cluster = aClusterObject('default');

function viewOf(nodes: Cached<V1Node>[], pods: Cached<V1Pod>[] = [], tasks: Cached<Task>[] = []): ClusterViewState {
  return ClusterViewState.fromLists({ clusters: [cluster], nodes, pods, tasks }, requirements);
}

/** The parts of a snapshot placement reads, in a form toEqual compares. */
function summary(snapshot: ClusterSnapshot) {
  return snapshot.instances.map((s) => ({
    id: s.view.id,
    status: s.view.status,
    agentConnected: s.view.agentConnected,
    remainingCpu: s.remainingCpu,
    remainingMemory: s.remainingMemory,
    tcpPorts: [...s.tcpPorts].sort((a, b) => a - b),
    tasks: s.tasks.map((t) => `${t.taskArn}@${t.lastStatus}`).sort(),
    groups: [...s.groupCounts].sort(),
  }));
}

describe('container instances', () => {
  it.each([
    {
      name: 'a Node is a container instance with what Pods that are not tasks leave',
      nodes: [aNode('n1').cpu('2').memory('4Gi').build()],
      pods: [aPod('other').on('n1').requests('500m', '1Gi').build()],
      tasks: [],
      want: { id: 'n1', remainingCpu: 2048 - 512, remainingMemory: 4096 - 1024, tasks: [] as string[] },
    },
    {
      name: 'a task Pod counts by the task reservation, not by its requests',
      nodes: [aNode('n1').cpu('2').memory('4Gi').build()],
      pods: [aPod('web-1').on('n1').ofTask('web-1').requests('1', '1Gi').build()],
      tasks: [aTaskObject('web-1').placedOn('n1').lastStatus('RUNNING').build()],
      want: { id: 'n1', remainingCpu: 2048 - 256, remainingMemory: 4096 - 512, tasks: ['default/web-1@RUNNING'] },
    },
    {
      name: 'a placed task whose revision is not cached counts by its Pod requests',
      nodes: [aNode('n1').cpu('2').memory('4Gi').build()],
      pods: [aPod('web-1').on('n1').ofTask('web-1').requests('1', '1Gi').build()],
      tasks: [aTaskObject('web-1').placedOn('n1', 'web:7').build()],
      want: { id: 'n1', remainingCpu: 1024, remainingMemory: 3072, tasks: [] },
    },
    {
      name: 'a finished Pod holds nothing',
      nodes: [aNode('n1').cpu('2').memory('4Gi').build()],
      pods: [aPod('done').on('n1').requests('1', '1Gi').phase('Succeeded').build()],
      tasks: [],
      want: { id: 'n1', remainingCpu: 2048, remainingMemory: 4096, tasks: [] },
    },
    {
      name: 'a STOPPED task holds nothing, and its Pod that still runs counts by its requests',
      nodes: [aNode('n1').cpu('2').memory('4Gi').build()],
      pods: [aPod('web-1').on('n1').ofTask('web-1').requests('1', '1Gi').build()],
      tasks: [aTaskObject('web-1').placedOn('n1').lastStatus('STOPPED').build()],
      want: { id: 'n1', remainingCpu: 1024, remainingMemory: 3072, tasks: [] },
    },
    {
      name: 'a task asked to stop holds its reservation until STOPPED, but no longer counts in its group',
      nodes: [aNode('n1').cpu('2').memory('4Gi').build()],
      pods: [aPod('web-1').on('n1').ofTask('web-1').requests('1', '1Gi').build()],
      tasks: [aTaskObject('web-1').placedOn('n1').lastStatus('RUNNING').spec({ desiredStatus: 'STOPPED' }).build()],
      want: { id: 'n1', remainingCpu: 2048 - 256, remainingMemory: 4096 - 512, tasks: ['default/web-1@RUNNING'], groups: [] },
    },
  ])('$name', ({ nodes, pods, tasks, want }) => {
    const [instance] = summary(viewOf(nodes, pods, tasks).snapshotOf('default'));
    expect(instance).toMatchObject(want);
  });

  it.each([
    { name: 'an untolerated NoSchedule taint', node: aNode('n1').taint('dedicated', 'NoSchedule').build(), pods: [], reason: 'UntoleratedTaint' },
    { name: 'no Pod slot left', node: aNode('n1').pods(1).build(), pods: [aPod('p').on('n1').build()], reason: 'PodsFull' },
  ])('a Node with $name is not an eligible instance', ({ node, pods, reason }) => {
    const view = viewOf([node], pods);
    expect(view.instancesOf('default')).toEqual({ instances: [], ineligible: [expect.objectContaining({ node: 'n1', reason })], conflicting: [] });
    expect(view.snapshotOf('default').size).toBe(0);
  });

  it('a task placed a moment ago takes a Pod slot before its Pod is cached', () => {
    const view = viewOf([aNode('n1').pods(1).build()]);
    view.assume({ key: 'default/web-1', containerInstance: 'n1', group: 'family:web', requirement: aRequirement() });
    expect(view.instancesOf('default').ineligible.map((i) => i.reason)).toEqual(['PodsFull']);
  });

  it('a task asked to stop leaves its group in a snapshot already built, and keeps its reservation', () => {
    const running = aTaskObject('web-1').placedOn('n1').lastStatus('RUNNING').build();
    const view = viewOf([aNode('n1').cpu('2').memory('4Gi').build()], [], [running]);
    expect(summary(view.snapshotOf('default'))[0]).toMatchObject({ remainingCpu: 2048 - 256, groups: [['family:web', 1]] });
    view.upsertTask(aTaskObject('web-1').placedOn('n1').lastStatus('RUNNING').spec({ desiredStatus: 'STOPPED' }).meta({ resourceVersion: '2' }).build());
    expect(summary(view.snapshotOf('default'))[0]).toMatchObject({ remainingCpu: 2048 - 256, groups: [] });
  });

  it('a cordoned Node is a DRAINING instance', () => {
    expect(viewOf([aNode('n1').cordoned().build()]).instance('n1')?.status).toBe('DRAINING');
  });
});

describe('assumed placements', () => {
  const req: TaskRequirement = aRequirement({ cpu: 256, memory: 512 });
  const assumption = { key: 'default/web-1', containerInstance: 'n1', group: 'family:web', requirement: req, taskDefinition: 'web:1' };

  it('an assumed placement holds its reservation until the cache shows the commit, then counts once', () => {
    const view = viewOf([aNode('n1').cpu('2').build()], [], [aTaskObject('web-1').build()]);
    view.assume(assumption);
    expect(view.isAssumed('default/web-1')).toBe(true);
    expect(summary(view.snapshotOf('default'))[0]).toMatchObject({ remainingCpu: 2048 - 256, tasks: ['default/web-1@PENDING'] });

    view.upsertTask(aTaskObject('web-1').placedOn('n1').meta({ resourceVersion: '2' }).build());
    expect(view.isAssumed('default/web-1')).toBe(false);
    expect(view.tasksOn('n1')).toEqual([expect.objectContaining({ key: 'default/web-1', assumed: false, group: 'family:web' })]);
    expect(summary(view.snapshotOf('default'))[0]).toMatchObject({ remainingCpu: 2048 - 256, tasks: ['default/web-1@PENDING'] });
  });

  it('a forgotten assumption frees its reservation and wakes waiting tasks', () => {
    const view = viewOf([aNode('n1').cpu('2').build()]);
    const changes: CapacityChange[] = [];
    view.onCapacityChange((c) => changes.push(c));
    view.assume(assumption);
    view.snapshotOf('default');
    view.forget('default/web-1');
    expect(summary(view.snapshotOf('default'))[0]).toMatchObject({ remainingCpu: 2048, tasks: [] });
    expect(changes).toEqual([{ reason: 'AssumptionForgotten', node: 'n1', cluster: 'default' }]);
    expect(view.tasksOn('n1')).toEqual([]);
  });

  it('every reader sees one assumption: a second placement on the same Node counts the first', () => {
    const view = viewOf([aNode('n1').cpu('2').build(), aNode('n2').cpu('2').build()]);
    view.assume(assumption);
    view.assume({ ...assumption, key: 'default/web-2' });
    expect(view.tasksOf('default').map((t) => t.key).sort()).toEqual(['default/web-1', 'default/web-2']);
    expect(summary(view.snapshotOf('default'))[0]).toMatchObject({ id: 'n1', remainingCpu: 2048 - 512 });
  });
});

describe('capacity changes', () => {
  const base = () => viewOf([aNode('n1').build()], [aPod('p1').on('n1').requests('100m', '64Mi').build()], [aTaskObject('web-1').placedOn('n1').lastStatus('RUNNING').build()]);

  it.each<{ name: string; change: (v: ClusterViewState) => void; capacity: CapacityChange[]; nodes: string[] }>([
    { name: 'a Node heartbeat wakes nobody', change: (v) => v.upsertNode(aNode('n1').heartbeat('2026-01-01T00:01:00Z', '2').build()), capacity: [], nodes: [] },
    { name: 'a Cluster status write wakes nobody', change: (v) => v.upsertCluster(aClusterObject('default', {}, 1)), capacity: [], nodes: [] },
    { name: 'a running Pod status update wakes nobody', change: (v) => v.upsertPod(aPod('p1').on('n1').requests('100m', '64Mi').build()), capacity: [], nodes: [] },
    { name: 'a cordoned Node', change: (v) => v.upsertNode(aNode('n1').cordoned().build()), capacity: [{ reason: 'NodeChanged', node: 'n1', cluster: 'default' }], nodes: ['n1'] },
    { name: 'a Node that is not Ready', change: (v) => v.upsertNode(aNode('n1').notReady().build()), capacity: [{ reason: 'NodeChanged', node: 'n1', cluster: 'default' }], nodes: ['n1'] },
    { name: 'a new allocatable', change: (v) => v.upsertNode(aNode('n1').cpu('8').build()), capacity: [{ reason: 'NodeChanged', node: 'n1', cluster: 'default' }], nodes: ['n1'] },
    { name: 'a Node joined', change: (v) => v.upsertNode(aNode('n2').build()), capacity: [{ reason: 'NodeAdded', node: 'n2', cluster: 'default' }], nodes: ['n2'] },
    { name: 'a Node left', change: (v) => v.removeNode('n1'), capacity: [{ reason: 'NodeRemoved', node: 'n1', cluster: 'default' }], nodes: ['n1'] },
    { name: 'a Pod finished', change: (v) => v.upsertPod(aPod('p1').on('n1').phase('Failed').build()), capacity: [{ reason: 'PodEnded', node: 'n1', cluster: 'default' }], nodes: [] },
    { name: 'a Pod is gone', change: (v) => v.removePod('default', 'p1'), capacity: [{ reason: 'PodEnded', node: 'n1', cluster: 'default' }], nodes: [] },
    { name: 'a task STOPPED', change: (v) => v.upsertTask(aTaskObject('web-1').placedOn('n1').lastStatus('STOPPED').build()), capacity: [{ reason: 'TaskEnded', node: 'n1', cluster: 'default' }], nodes: [] },
    { name: 'a task deleted', change: (v) => v.removeTask('default', 'web-1'), capacity: [{ reason: 'TaskEnded', node: 'n1', cluster: 'default' }], nodes: [] },
    { name: 'a Cluster spec changed', change: (v) => v.upsertCluster(aClusterObject('default', { reservedPorts: [{ port: 80 }] } as never, 2)), capacity: [{ reason: 'ClusterChanged', cluster: 'default' }], nodes: [] },
  ])('$name', ({ change, capacity, nodes }) => {
    const view = base();
    const seenCapacity: CapacityChange[] = [];
    const seenNodes: string[] = [];
    view.onCapacityChange((c) => seenCapacity.push(c));
    view.onNodeChange((n) => seenNodes.push(n));
    change(view);
    expect(seenCapacity).toEqual(capacity);
    expect(seenNodes).toEqual(nodes);
  });
});

describe('membership', () => {
  it('a Node two Clusters select serves neither, and a label change moves a Node between Clusters', () => {
    const clusters = [aClusterObject('default'), aClusterObject('a', { nodeSelector: { matchLabels: { pool: 'a' } } } as never), aClusterObject('b', { nodeSelector: { matchLabels: { pool: 'a' } } } as never)];
    const view = ClusterViewState.fromLists({ clusters, nodes: [aNode('n1').label('pool', 'a').build(), aNode('n2').build()], pods: [], tasks: [] }, requirements);
    expect(view.instancesOf('a')).toMatchObject({ instances: [], conflicting: ['n1'] });
    expect(view.instancesOf('default').instances.map((i) => i.id)).toEqual(['n2']);
    expect(view.snapshotOf('default').size).toBe(1);
    view.upsertNode(aNode('n1').build());
    expect(view.clusterOf('n1')).toBe('default');
    expect(view.snapshotOf('default').instances.map((s) => s.view.id)).toEqual(['n1', 'n2']);
  });
});

// SAFETY: whatever order changes come in, the incremental view equals one built from the
// final objects, so a placement never reads stale capacity.
describe('incremental = from scratch (property)', () => {
  const NODES = ['n1', 'n2', 'n3'];
  const TASKS = ['t1', 't2', 't3', 't4'];
  const op = fc.oneof(
    fc.record({ kind: fc.constant('node' as const), name: fc.constantFrom(...NODES), cpu: fc.constantFrom('2', '4'), cordoned: fc.boolean(), ready: fc.boolean(), pods: fc.constantFrom(2, 110) }),
    fc.record({ kind: fc.constant('removeNode' as const), name: fc.constantFrom(...NODES) }),
    fc.record({ kind: fc.constant('pod' as const), name: fc.constantFrom('p1', 'p2', ...TASKS), node: fc.constantFrom(...NODES), phase: fc.constantFrom('Running', 'Running', 'Succeeded') as fc.Arbitrary<'Running' | 'Succeeded'> }),
    fc.record({ kind: fc.constant('removePod' as const), name: fc.constantFrom('p1', 'p2', ...TASKS) }),
    fc.record({ kind: fc.constant('task' as const), name: fc.constantFrom(...TASKS), node: fc.option(fc.constantFrom(...NODES), { nil: undefined }), def: fc.constantFrom('web:1', 'big:1', 'web:9'), last: fc.constantFrom('PENDING', 'RUNNING', 'STOPPED'), stopping: fc.boolean() }),
    fc.record({ kind: fc.constant('removeTask' as const), name: fc.constantFrom(...TASKS) }),
    fc.record({ kind: fc.constant('assume' as const), name: fc.constantFrom(...TASKS), node: fc.constantFrom(...NODES) }),
    fc.record({ kind: fc.constant('forget' as const), name: fc.constantFrom(...TASKS) }),
    fc.record({ kind: fc.constant('read' as const) }),
  );

  it('holds for random change sequences', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const nodes = new Map<string, Cached<V1Node>>();
        const pods = new Map<string, Cached<V1Pod>>();
        const tasks = new Map<string, Cached<Task>>();
        const assumed = new Map<string, string>();
        const view = viewOf([]);
        let version = 1;
        for (const o of ops) {
          version++;
          switch (o.kind) {
            case 'node': {
              let b = aNode(o.name).cpu(o.cpu).pods(o.pods);
              if (o.cordoned) b = b.cordoned();
              if (!o.ready) b = b.notReady();
              const node = b.heartbeat(`2026-01-01T00:00:${String(version % 60).padStart(2, '0')}Z`, String(version)).build();
              nodes.set(o.name, node);
              view.upsertNode(node);
              break;
            }
            case 'removeNode':
              nodes.delete(o.name);
              view.removeNode(o.name);
              break;
            case 'pod': {
              // A Pod never moves between Nodes: keep the first Node it was bound to.
              const node = pods.get(o.name)?.spec?.nodeName ?? o.node;
              let b = aPod(o.name).on(node).requests('250m', '256Mi').phase(o.phase);
              if (o.name.startsWith('t')) b = b.ofTask(o.name);
              const pod = b.build();
              pods.set(o.name, pod);
              view.upsertPod(pod);
              break;
            }
            case 'removePod':
              pods.delete(o.name);
              view.removePod('default', o.name);
              break;
            case 'task': {
              // containerInstance never changes once committed.
              const node = tasks.get(o.name)?.status?.containerInstance ?? o.node;
              const task = (node === undefined ? aTaskObject(o.name).status({ taskDefinition: o.def, lastStatus: o.last === 'STOPPED' ? 'STOPPED' : 'PROVISIONING' }) : aTaskObject(o.name).placedOn(node, o.def).lastStatus(o.last))
                .spec({ desiredStatus: o.stopping ? 'STOPPED' : 'RUNNING' })
                .meta({ resourceVersion: String(version) })
                .build();
              tasks.set(o.name, task);
              view.upsertTask(task);
              // The cache showing the commit (or the end) confirms the assumption.
              if (task.status?.containerInstance !== undefined || task.status?.lastStatus === 'STOPPED') assumed.delete(o.name);
              break;
            }
            case 'removeTask':
              tasks.delete(o.name);
              assumed.delete(o.name);
              view.removeTask('default', o.name);
              break;
            case 'assume':
              if (tasks.get(o.name)?.status?.containerInstance !== undefined) break;
              assumed.set(o.name, o.node);
              view.assume({ key: `default/${o.name}`, containerInstance: o.node, group: 'family:web', requirement: aRequirement({ cpu: 256, memory: 512 }) });
              break;
            case 'forget':
              assumed.delete(o.name);
              view.forget(`default/${o.name}`);
              break;
            case 'read':
              view.snapshotOf('default');
              break;
          }
        }
        const fresh = ClusterViewState.fromLists({ clusters: [cluster], nodes: nodes.values(), pods: pods.values(), tasks: tasks.values() }, requirements);
        for (const [name, node] of assumed) fresh.assume({ key: `default/${name}`, containerInstance: node, group: 'family:web', requirement: aRequirement({ cpu: 256, memory: 512 }) });
        expect(summary(view.snapshotOf('default'))).toEqual(summary(fresh.snapshotOf('default')));
        expect(view.instancesOf('default')).toEqual(fresh.instancesOf('default'));
      }),
      { numRuns: 300 },
    );
  });
});
