import { describe, expect, it } from 'vitest';
import type { ContainerInstanceView } from '../../../src/domain/container-instance.ts';
import type { TaskView } from '../../../src/domain/task.ts';
import type { PlacementConstraint, PlacementStrategy } from '../../../src/domain/task-definition.ts';
import type { TaskRequirement } from '../../../src/domain/task-requirement.ts';
import { ClusterSnapshot, placeTasks, seededRng, type PlacementFailure } from '../../../src/placement/index.ts';
import type { PlacementContextKind } from '../../../src/placement/index.ts';
import { aContainerInstance, f3 } from '../../builders/container-instance.ts';
import { aRequirement, aTask } from '../../builders/task.ts';

interface Case {
  name: string;
  instances: ContainerInstanceView[];
  tasks?: TaskView[];
  count?: number;
  group?: string;
  kind?: PlacementContextKind;
  requirement?: Partial<TaskRequirement>;
  constraints?: PlacementConstraint[];
  strategies?: PlacementStrategy[];
  /** Expected instance of each placed task; compared as a multiset unless `ordered`. */
  placed: string[];
  /** The order is fully decided by the strategies (no random tie). */
  ordered?: boolean;
  failures?: PlacementFailure[];
}

const small = { cpu: 128, memory: 128 };
const spreadAz: PlacementStrategy = { type: 'spread', field: 'attribute:ecs.availability-zone' };
const binpackCpu: PlacementStrategy = { type: 'binpack', field: 'cpu' };
const binpackMemory: PlacementStrategy = { type: 'binpack', field: 'memory' };

function run(c: Case, seed = 1) {
  return placeTasks(
    {
      kind: c.kind ?? 'runTask',
      group: c.group ?? 'family:web',
      count: c.count ?? 1,
      requirement: aRequirement(c.requirement ?? small),
      placementConstraints: c.constraints ?? [],
      placementStrategy: c.strategies ?? [],
    },
    ClusterSnapshot.build(c.instances, c.tasks ?? []),
    seededRng(seed),
  );
}

const cases: Case[] = [
  // Resources (2.3)
  {
    name: 'G11 RESOURCE:MEMORY names the instance',
    instances: [aContainerInstance('i1').memory(1000).build()],
    requirement: { memory: 1024 },
    placed: [],
    failures: [{ arn: 'i1', reason: 'RESOURCE:MEMORY', detail: 'The closest matching container-instance i1 has insufficient memory available.' }],
  },
  {
    name: 'RESOURCE:CPU is checked before memory',
    instances: [aContainerInstance('i1').cpu(100).memory(100).build()],
    requirement: { cpu: 200, memory: 200 },
    placed: [],
    failures: [{ arn: 'i1', reason: 'RESOURCE:CPU', detail: 'The closest matching container-instance i1 has insufficient CPU units available.' }],
  },
  {
    name: 'exact fit is a fit',
    instances: [aContainerInstance('i1').cpu(256).memory(512).build()],
    requirement: { cpu: 256, memory: 512 },
    placed: ['i1'],
  },
  {
    name: 'G13 static port already taken by a running task',
    instances: [aContainerInstance('i1').build()],
    tasks: [aTask('t0').on('i1').needs({ cpu: 256, memory: 512, tcpPorts: [80] }).build()],
    requirement: { cpu: 256, memory: 512, tcpPorts: [80] },
    placed: [],
    failures: [{ arn: 'i1', reason: 'RESOURCE:PORTS', detail: 'The closest matching container-instance i1 is already using a port required by your task.' }],
  },
  {
    name: 'a STOPPED task holds no port',
    instances: [aContainerInstance('i1').build()],
    tasks: [aTask('t0').on('i1').status('STOPPED').needs({ tcpPorts: [80] }).build()],
    requirement: { tcpPorts: [80] },
    placed: ['i1'],
  },
  {
    name: 'default reserved port 22 cannot be taken',
    instances: [aContainerInstance('i1').build()],
    requirement: { tcpPorts: [22] },
    placed: [],
    failures: [{ arn: 'i1', reason: 'RESOURCE:PORTS', detail: 'The closest matching container-instance i1 is already using a port required by your task.' }],
  },
  {
    name: 'UDP and TCP ports do not collide',
    instances: [aContainerInstance('i1').udpPorts(53).build()],
    requirement: { tcpPorts: [53] },
    placed: ['i1'],
  },
  {
    name: 'UDP port taken',
    instances: [aContainerInstance('i1').udpPorts(53).build()],
    requirement: { udpPorts: [53] },
    placed: [],
    failures: [{ arn: 'i1', reason: 'RESOURCE:PORTS', detail: 'The closest matching container-instance i1 is already using a port required by your task.' }],
  },
  {
    name: 'G17 the 101st reserved TCP port is refused',
    instances: [aContainerInstance('i1').tcpPorts(...Array.from({ length: 100 }, (_, k) => 1000 + k)).build()],
    requirement: { tcpPorts: [8080] },
    placed: [],
    failures: [{ arn: 'i1', reason: 'RESOURCE:PORTS', detail: 'The closest matching container-instance i1 has too many ports registered (Too many ports registered).' }],
  },
  {
    name: 'the 100th reserved TCP port is accepted',
    instances: [aContainerInstance('i1').tcpPorts(...Array.from({ length: 99 }, (_, k) => 1000 + k)).build()],
    requirement: { tcpPorts: [8080] },
    placed: ['i1'],
  },
  {
    name: 'a batch sees its own ports: second copy of a static-port task goes elsewhere',
    instances: [aContainerInstance('i1').build(), aContainerInstance('i2').build()],
    count: 3,
    requirement: { tcpPorts: [80] },
    strategies: [binpackCpu],
    placed: ['i1', 'i2'],
    failures: [
      { arn: 'i1', reason: 'RESOURCE:PORTS', detail: 'The closest matching container-instance i1 is already using a port required by your task.' },
      { arn: 'i2', reason: 'RESOURCE:PORTS' },
    ],
  },
  {
    name: 'GPUs: a task needing 2 fits only where 2 are free, batch included',
    instances: [aContainerInstance('g1').gpus('gpu-0').build(), aContainerInstance('g4').gpus('gpu-0', 'gpu-1', 'gpu-2', 'gpu-3').build()],
    tasks: [aTask('t').on('g4').needs({ gpu: 1 }).build()],
    requirement: { gpu: 2 },
    count: 2,
    placed: ['g4'],
    // Both fail at the GPU stage: the tie goes by id (Q17).
    failures: [
      { arn: 'g1', reason: 'RESOURCE:GPU', detail: 'The closest matching container-instance g1 has insufficient GPU available.' },
      { arn: 'g4', reason: 'RESOURCE:GPU' },
    ],
  },
  {
    name: 'GPU is checked after CPU and before memory',
    instances: [aContainerInstance('i1').memory(0).build()],
    requirement: { gpu: 1, memory: 1 },
    placed: [],
    failures: [{ arn: 'i1', reason: 'RESOURCE:GPU', detail: 'The closest matching container-instance i1 has insufficient GPU available.' }],
  },
  {
    name: 'awsvpc: ENI slots bound the tasks per instance (2.5)',
    instances: [aContainerInstance('c5').taskEniSlots(2).build()],
    requirement: { eni: 1 },
    count: 3,
    placed: ['c5', 'c5'],
    failures: [
      {
        arn: 'c5',
        reason: 'RESOURCE:ENI',
        detail: 'The closest matching container-instance c5 has no available ENI attachment points (Not enough available ENI attachment points).',
      },
    ],
  },
  {
    name: 'instances that set no ENI limit are not limited',
    instances: [aContainerInstance('i1').build()],
    requirement: { eni: 1 },
    count: 5,
    placed: ['i1', 'i1', 'i1', 'i1', 'i1'],
  },
  // Instance status and agent (3.1)
  {
    name: 'G41 agent disconnected ⇒ AGENT',
    instances: [aContainerInstance('i1').disconnected().build()],
    placed: [],
    failures: [{ arn: 'i1', reason: 'AGENT', detail: 'The closest matching container-instance i1 encountered error "AGENT".' }],
  },
  {
    name: 'DRAINING instances take nothing',
    instances: [aContainerInstance('i1').draining().build(), aContainerInstance('i2').build()],
    count: 2,
    placed: ['i2', 'i2'],
  },
  {
    name: 'deregistered (INACTIVE) instances are not in the cluster at all',
    instances: [aContainerInstance('i1').status('INACTIVE').build(), aContainerInstance('i2').cpu(0).build()],
    placed: [],
    failures: [{ arn: 'i2', reason: 'RESOURCE:CPU', detail: 'The closest matching container-instance i2 has insufficient CPU units available.' }],
  },
  {
    name: 'closest matching instance passed the most stages; others listed after it',
    instances: [aContainerInstance('i1').disconnected().build(), aContainerInstance('i2').memory(10).build(), aContainerInstance('i3').draining().build()],
    requirement: { memory: 100 },
    placed: [],
    failures: [
      { arn: 'i2', reason: 'RESOURCE:MEMORY', detail: 'The closest matching container-instance i2 has insufficient memory available.' },
      { arn: 'i1', reason: 'AGENT' },
      { arn: 'i3', reason: 'INACTIVE' },
    ],
  },
  {
    name: 'required attribute missing ⇒ ATTRIBUTE',
    instances: [aContainerInstance('i1').attr('ecs.cpu-architecture', 'x86_64').build(), aContainerInstance('i2').attr('ecs.cpu-architecture', 'arm64').build()],
    requirement: { requiredAttributes: { 'ecs.cpu-architecture': 'arm64' } },
    count: 2,
    placed: ['i2', 'i2'],
  },
  // Constraints (3.2)
  {
    name: 'G25 AZ list + spread: 2 on i1, 2 on i2, none on i3',
    instances: f3(),
    count: 4,
    constraints: [{ type: 'memberOf', expression: 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]' }],
    strategies: [spreadAz],
    placed: ['i1', 'i2', 'i1', 'i2'],
  },
  {
    name: 'memberOf with no match ⇒ MemberOf failure per instance (Q3)',
    instances: f3(),
    constraints: [{ type: 'memberOf', expression: 'attribute:stack == prod' }],
    placed: [],
    failures: [
      { arn: 'i1', reason: 'MemberOf placement constraint unsatisfied.', detail: 'The closest matching container-instance i1 encountered error "MemberOf placement constraint unsatisfied.".' },
      { arn: 'i2', reason: 'MemberOf placement constraint unsatisfied.' },
      { arn: 'i3', reason: 'MemberOf placement constraint unsatisfied.' },
    ],
  },
  {
    name: 'G27 affinity to a daemon: only where the daemon runs',
    instances: f3(),
    tasks: [aTask('d1').on('i2').group('service:daemon-service').build()],
    constraints: [{ type: 'memberOf', expression: 'task:group == service:daemon-service' }],
    count: 2,
    placed: ['i2', 'i2'],
  },
  {
    name: 'G27 affinity when i2 lacks room ⇒ not placed',
    instances: [aContainerInstance('i1').build(), aContainerInstance('i2').memory(0).build()],
    tasks: [aTask('d1').on('i2').group('service:daemon-service').build()],
    constraints: [{ type: 'memberOf', expression: 'task:group == service:daemon-service' }],
    placed: [],
    // i1 passed every resource stage before failing memberOf: it is the closer one (Q17).
    failures: [
      { arn: 'i1', reason: 'MemberOf placement constraint unsatisfied.', detail: 'The closest matching container-instance i1 encountered error "MemberOf placement constraint unsatisfied.".' },
      { arn: 'i2', reason: 'RESOURCE:MEMORY' },
    ],
  },
  {
    name: 'G29 runningTasksCount == 1 picks i2 only',
    instances: f3(),
    tasks: [aTask('a').on('i2').group('x').build(), aTask('b').on('i3').group('x').build(), aTask('c').on('i3').group('x').build()],
    constraints: [{ type: 'memberOf', expression: 'runningTasksCount == 1' }],
    count: 2,
    placed: ['i2', 'i2'],
  },
  {
    name: 'anti-affinity sees earlier tasks of the same batch',
    instances: f3(),
    group: 'database',
    constraints: [{ type: 'memberOf', expression: 'not(task:group == database)' }],
    count: 4,
    strategies: [binpackMemory],
    placed: ['i1', 'i2', 'i3'],
    failures: [
      { arn: 'i1', reason: 'MemberOf placement constraint unsatisfied.', detail: 'The closest matching container-instance i1 encountered error "MemberOf placement constraint unsatisfied.".' },
      { arn: 'i2', reason: 'MemberOf placement constraint unsatisfied.' },
      { arn: 'i3', reason: 'MemberOf placement constraint unsatisfied.' },
    ],
  },
  {
    name: 'G31 distinctInstance only looks at its own group',
    instances: [aContainerInstance('i1').build(), aContainerInstance('i2').build()],
    tasks: [aTask('o').on('i1').group('family:other').build()],
    group: 'family:cache',
    constraints: [{ type: 'distinctInstance' }],
    count: 2,
    placed: ['i1', 'i2'],
  },
  {
    name: 'distinctInstance refuses a third task on two instances',
    instances: [aContainerInstance('i1').build(), aContainerInstance('i2').build()],
    constraints: [{ type: 'distinctInstance' }],
    count: 3,
    strategies: [binpackCpu],
    placed: ['i1', 'i2'],
    failures: [
      { arn: 'i1', reason: 'DistinctInstance placement constraint unsatisfied.', detail: 'The closest matching container-instance i1 encountered error "DistinctInstance placement constraint unsatisfied.".' },
      { arn: 'i2', reason: 'DistinctInstance placement constraint unsatisfied.' },
    ],
  },
  {
    name: 'distinctInstance counts PENDING tasks (Q19)',
    instances: [aContainerInstance('i1').build(), aContainerInstance('i2').build()],
    tasks: [aTask('p').on('i1').pending().build()],
    constraints: [{ type: 'distinctInstance' }],
    placed: ['i2'],
  },
  {
    name: 'distinctInstance looks at desired status: a task asked to stop no longer counts',
    instances: [aContainerInstance('i1').build()],
    tasks: [aTask('leaving').on('i1').group('service:web').stopping().build()],
    group: 'service:web',
    constraints: [{ type: 'distinctInstance' }],
    placed: ['i1'],
  },
  {
    name: 'a task asked to stop still holds its resources until it is STOPPED',
    instances: [aContainerInstance('i1').memory(512).build()],
    tasks: [aTask('leaving').on('i1').needs({ memory: 512 }).stopping().build()],
    requirement: { memory: 128 },
    placed: [],
    failures: [{ arn: 'i1', reason: 'RESOURCE:MEMORY', detail: 'The closest matching container-instance i1 has insufficient memory available.' }],
  },
  {
    name: 'resources are reported before constraints',
    instances: [aContainerInstance('i1').memory(0).build()],
    constraints: [{ type: 'memberOf', expression: 'attribute:stack == prod' }],
    placed: [],
    failures: [{ arn: 'i1', reason: 'RESOURCE:MEMORY', detail: 'The closest matching container-instance i1 has insufficient memory available.' }],
  },
  // Strategies (3.5)
  {
    name: 'spread does not count the tasks asked to stop',
    instances: f3(),
    tasks: [aTask('leaving1').on('i1').group('service:web').stopping().build(), aTask('leaving2').on('i1').group('service:web').stopping().build(), aTask('b').on('i2').group('service:web').build(), aTask('c').on('i3').group('service:web').build()],
    group: 'service:web',
    strategies: [spreadAz],
    placed: ['i1'],
  },
  {
    name: 'G33 spread counts only the same group',
    instances: f3(),
    tasks: [aTask('o1').on('i1').group('other').build(), aTask('o2').on('i1').group('other').build(), aTask('o3').on('i1').group('other').build()],
    group: 'databases',
    strategies: [spreadAz, binpackMemory],
    count: 3,
    placed: ['i1', 'i2', 'i3'],
  },
  {
    name: 'G35 binpack cpu across a batch: i1, i1, i2',
    instances: [aContainerInstance('i1').cpu(1024).build(), aContainerInstance('i2').cpu(2048).build()],
    requirement: { cpu: 512, memory: 1 },
    strategies: [binpackCpu],
    count: 3,
    placed: ['i1', 'i1', 'i2'],
    ordered: true,
  },
  {
    name: 'binpack memory picks the fullest instance that still fits',
    instances: [aContainerInstance('i1').memory(100).build(), aContainerInstance('i2').memory(600).build(), aContainerInstance('i3').memory(500).build()],
    requirement: { memory: 400 },
    strategies: [binpackMemory],
    placed: ['i3'],
  },
  {
    name: 'spread then binpack: binpack only decides inside the emptiest zone',
    instances: [
      aContainerInstance('a-big').zone('a').memory(8000).build(),
      aContainerInstance('a-small').zone('a').memory(1000).build(),
      aContainerInstance('b-small').zone('b').memory(900).build(),
    ],
    tasks: [aTask('t').on('b-small').build()],
    requirement: { memory: 100 },
    strategies: [spreadAz, binpackMemory],
    placed: ['a-small'],
  },
  {
    name: 'spread skips a zone with no fitting instance (best effort)',
    instances: [aContainerInstance('a').zone('a').memory(0).build(), aContainerInstance('b').zone('b').build()],
    tasks: [aTask('t').on('b').build()],
    strategies: [spreadAz],
    placed: ['b'],
  },
  {
    name: 'instances without the spread attribute form their own bucket (Q7)',
    instances: [aContainerInstance('a').zone('a').build(), aContainerInstance('n').withoutAttr('ecs.availability-zone').build()],
    tasks: [aTask('t').on('a').build()],
    strategies: [spreadAz],
    placed: ['n'],
  },
  {
    name: 'spread instanceId balances per instance',
    instances: [aContainerInstance('i1').build(), aContainerInstance('i2').build()],
    tasks: [aTask('t').on('i1').build()],
    strategies: [{ type: 'spread', field: 'instanceId' }],
    count: 3,
    placed: ['i2', 'i1', 'i2'],
  },
  {
    name: 'spread host is spread instanceId',
    instances: [aContainerInstance('i1').build(), aContainerInstance('i2').build()],
    tasks: [aTask('t').on('i1').build()],
    strategies: [{ type: 'spread', field: 'host' }],
    placed: ['i2'],
  },
  {
    name: 'host network mode: a mapped port allows one copy per instance',
    instances: [aContainerInstance('i1').build()],
    requirement: { tcpPorts: [9000] },
    count: 2,
    placed: ['i1'],
    failures: [{ arn: 'i1', reason: 'RESOURCE:PORTS', detail: 'The closest matching container-instance i1 is already using a port required by your task.' }],
  },
  {
    name: 'RunTask default is random among all fitting instances (3.6)',
    instances: [aContainerInstance('i1').build(), aContainerInstance('i2').cpu(100).build()],
    requirement: { cpu: 200 },
    count: 3,
    placed: ['i1', 'i1', 'i1'],
  },
  {
    name: 'G39 service default: AZ tie then fewest service tasks on the instance',
    instances: [aContainerInstance('i1').zone('a').build(), aContainerInstance('i2').zone('a').build(), aContainerInstance('i3').zone('b').build()],
    tasks: [aTask('s1').on('i1').group('service:api').build(), aTask('s3').on('i3').group('service:api').build()],
    kind: 'service',
    group: 'service:api',
    placed: ['i2'],
  },
];

describe('placeTasks (ECS-SEMANTICS 2, 3)', () => {
  it.each<Case>(cases)('$name', (c) => {
    const result = run(c);
    const ids = result.placements.map((p) => p.containerInstanceId);
    expect(c.ordered === true ? ids : ids.sort()).toEqual(c.ordered === true ? c.placed : [...c.placed].sort());
    expect(result.failures).toEqual(c.failures ?? []);
    expect(result.unplacedCount).toBe((c.count ?? 1) - c.placed.length);
  });

  it('returns the next snapshot with the new tasks PENDING and holding resources', () => {
    const result = run({ name: '', instances: [aContainerInstance('i1').build()], requirement: { cpu: 256, memory: 512, tcpPorts: [80] }, placed: [] });
    const i1 = result.snapshot.instance('i1');
    expect(i1?.remainingCpu).toBe(2048 - 256);
    expect(i1?.remainingMemory).toBe(7680 - 512);
    expect([...(i1?.tcpPorts ?? [])].sort((a, b) => a - b)).toEqual([22, 80, 2375, 2376, 51678, 51679]);
    expect(i1?.pendingTasksCount).toBe(1);
    expect(i1?.tasks.map((t) => t.lastStatus)).toEqual(['PENDING']);
  });

  it('explains unplaced tasks as data: counts per reason and the closest instance', () => {
    const result = run({ name: '', instances: [aContainerInstance('i1').memory(1).build(), aContainerInstance('i2').disconnected().build()], count: 2, placed: [] });
    expect(result.explanations).toHaveLength(2);
    expect(result.explanations[0]).toEqual({
      filteredBy: { 'RESOURCE:MEMORY': 1, AGENT: 1 },
      closest: { instanceId: 'i1', reason: 'RESOURCE:MEMORY', stagesPassed: 5 },
    });
  });

  it('G37 random over F3 with 300 tasks: every instance gets tasks', () => {
    const instances = f3().map((v) => ({ ...v, registeredResources: { ...v.registeredResources, cpu: 1e6, memory: 1e6 } }));
    const result = run({ name: '', instances, count: 300, strategies: [{ type: 'random' }], placed: [] });
    const counts = new Map<string, number>();
    for (const p of result.placements) counts.set(p.containerInstanceId, (counts.get(p.containerInstanceId) ?? 0) + 1);
    expect(result.placements).toHaveLength(300);
    for (const id of ['i1', 'i2', 'i3']) expect(counts.get(id)).toBeGreaterThan(60);
  });

  it('same input and seed give the same placements; another seed may differ', () => {
    const c: Case = { name: '', instances: f3(), count: 10, placed: [] };
    const ids = (seed: number) => run(c, seed).placements.map((p) => p.containerInstanceId);
    expect(ids(42)).toEqual(ids(42));
    const seen = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => ids(s).join()));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('a strategy after random changes nothing', () => {
    const withRandom = run({ name: '', instances: f3(), count: 5, strategies: [{ type: 'random' }], placed: [] }, 9);
    const withMore = run({ name: '', instances: f3(), count: 5, strategies: [{ type: 'random' }, binpackMemory], placed: [] }, 9);
    expect(withMore.placements).toEqual(withRandom.placements);
  });
});
