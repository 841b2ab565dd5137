// Safety properties of placement over random clusters and requests (fast-check):
// a placement never breaks a constraint, never exceeds a resource, never takes a taken port,
// never lands on an instance that is not ACTIVE and connected; a task is left unplaced only
// when no instance could take it; the same seed gives the same result.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContainerInstanceView } from '../../../src/domain/container-instance.ts';
import type { TaskView } from '../../../src/domain/task.ts';
import type { PlacementConstraint, PlacementStrategy } from '../../../src/domain/task-definition.ts';
import { ClusterSnapshot, placeTasks, seededRng, type PlacementRequest } from '../../../src/placement/index.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { aRequirement, aTask } from '../../builders/task.ts';

const ZONES = ['a', 'b', 'c'];
const PORTS = [80, 443, 8080];
const GROUP = 'family:app';

const instanceArb = (id: string) =>
  fc
    .record({
      zone: fc.constantFrom(...ZONES),
      cpu: fc.integer({ min: 0, max: 4096 }),
      memory: fc.integer({ min: 0, max: 8192 }),
      status: fc.constantFrom('ACTIVE', 'ACTIVE', 'ACTIVE', 'DRAINING', 'INACTIVE') as fc.Arbitrary<'ACTIVE' | 'DRAINING' | 'INACTIVE'>,
      connected: fc.constantFrom(true, true, true, false),
      reserved: fc.subarray(PORTS),
    })
    .map(({ zone, cpu, memory, status, connected, reserved }) => {
      const builder = aContainerInstance(id).zone(zone).cpu(cpu).memory(memory).status(status).tcpPorts(22, ...reserved);
      return (connected ? builder : builder.disconnected()).build();
    });

const clusterArb = fc.integer({ min: 1, max: 10 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => instanceArb(`i${k + 1}`))));

const tasksArb = (instances: ContainerInstanceView[]) =>
  fc.array(
    fc.record({
      on: fc.constantFrom(...instances.map((i) => i.id)),
      group: fc.constantFrom(GROUP, 'other'),
      cpu: fc.integer({ min: 0, max: 512 }),
      memory: fc.integer({ min: 0, max: 1024 }),
      ports: fc.subarray(PORTS, { maxLength: 1 }),
      status: fc.constantFrom('RUNNING', 'PENDING', 'STOPPED') as fc.Arbitrary<'RUNNING' | 'PENDING' | 'STOPPED'>,
    }),
    { maxLength: 8 },
  ).map((specs) =>
    specs.map((s, k): TaskView =>
      aTask(`t${k}`).on(s.on).group(s.group).status(s.status).needs({ cpu: s.cpu, memory: s.memory, tcpPorts: s.ports }).build(),
    ),
  );

const strategyArb: fc.Arbitrary<PlacementStrategy> = fc.constantFrom(
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
  { type: 'binpack', field: 'cpu' },
  { type: 'binpack', field: 'memory' },
  { type: 'random' },
);

/** The shape of requestArb's values. */
interface RequestShape {
  count: number;
  cpu: number;
  memory: number;
  ports: number[];
  distinct: boolean;
  zones: string[] | undefined;
  strategies: PlacementStrategy[];
  kind: 'runTask' | 'service';
}

const requestArb: fc.Arbitrary<RequestShape> = fc.record({
  count: fc.integer({ min: 1, max: 10 }),
  cpu: fc.integer({ min: 0, max: 1024 }),
  memory: fc.integer({ min: 0, max: 2048 }),
  ports: fc.subarray(PORTS, { maxLength: 2 }),
  distinct: fc.boolean(),
  zones: fc.option(fc.subarray(ZONES, { minLength: 1 }), { nil: undefined }),
  strategies: fc.array(strategyArb, { maxLength: 3 }),
  kind: fc.constantFrom('runTask', 'service') as fc.Arbitrary<'runTask' | 'service'>,
});

const scenarioArb = clusterArb.chain((instances) => fc.record({ instances: fc.constant(instances), tasks: tasksArb(instances), request: requestArb, seed: fc.integer() }));

function toRequest(r: RequestShape): PlacementRequest {
  const constraints: PlacementConstraint[] = [];
  if (r.zones !== undefined) constraints.push({ type: 'memberOf', expression: `attribute:ecs.availability-zone in [${r.zones.join(', ')}]` });
  if (r.distinct) constraints.push({ type: 'distinctInstance' });
  return {
    kind: r.kind,
    group: GROUP,
    count: r.count,
    requirement: aRequirement({ cpu: r.cpu, memory: r.memory, tcpPorts: [...r.ports].sort((a, b) => a - b) }),
    placementConstraints: constraints,
    placementStrategy: r.strategies,
  };
}

describe('placement properties', () => {
  it('never breaks a constraint, a resource or a port, and only uses ACTIVE connected instances', () => {
    fc.assert(
      fc.property(scenarioArb, ({ instances, tasks, request, seed }) => {
        const before = ClusterSnapshot.build(instances, tasks);
        const placementRequest = toRequest(request);
        const result = placeTasks(placementRequest, before, seededRng(seed));
        expect(result.placements.length + result.unplacedCount).toBe(request.count);

        const byInstance = new Map<string, number>();
        for (const p of result.placements) byInstance.set(p.containerInstanceId, (byInstance.get(p.containerInstanceId) ?? 0) + 1);
        for (const [id, n] of byInstance) {
          const was = before.instance(id);
          const now = result.snapshot.instance(id);
          if (was === undefined || now === undefined) throw new Error(`unknown instance ${id}`);
          expect(was.view.status).toBe('ACTIVE');
          expect(was.view.agentConnected).toBe(true);
          // Resources: everything placed fits in what was left.
          expect(n * request.cpu).toBeLessThanOrEqual(was.remainingCpu);
          expect(n * request.memory).toBeLessThanOrEqual(was.remainingMemory);
          // Ports: a static port at most once, never one that was taken; at most 100.
          if (request.ports.length > 0) {
            expect(n).toBe(1);
            for (const port of request.ports) expect(was.tcpPorts.has(port)).toBe(false);
            expect(now.tcpPorts.size).toBeLessThanOrEqual(100);
          }
          // distinctInstance: one task of the group per instance, earlier ones included.
          if (request.distinct) expect(now.groupCounts.get(GROUP)).toBe(1);
          // memberOf: only in the allowed zones.
          if (request.zones !== undefined) expect(request.zones).toContain(was.view.attributes['ecs.availability-zone']);
        }
        // An unplaced task is explained, unless the cluster has no registered instance at
        // all (RunTask refuses that call before placement: G19).
        const registered = instances.some((i) => i.status !== 'INACTIVE');
        if (result.unplacedCount > 0 && registered) expect(result.failures.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a task unplaced only when no instance can take it', () => {
    fc.assert(
      fc.property(scenarioArb, ({ instances, tasks, request, seed }) => {
        const result = placeTasks(toRequest(request), ClusterSnapshot.build(instances, tasks), seededRng(seed));
        if (result.unplacedCount === 0) return;
        const again = placeTasks({ ...toRequest(request), count: 1 }, result.snapshot, seededRng(seed));
        expect(again.placements).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('gives the same result for the same input and seed', () => {
    fc.assert(
      fc.property(scenarioArb, ({ instances, tasks, request, seed }) => {
        const once = placeTasks(toRequest(request), ClusterSnapshot.build(instances, tasks), seededRng(seed));
        const twice = placeTasks(toRequest(request), ClusterSnapshot.build(instances, tasks), seededRng(seed));
        expect(twice.placements).toEqual(once.placements);
        expect(twice.failures).toEqual(once.failures);
      }),
      { numRuns: 200 },
    );
  });
});
