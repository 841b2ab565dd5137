// The candidate index must not change a single decision: on random clusters and random
// sequences of requests, placing through the index (always, wherever it can answer) gives
// the same placements, failures, explanations and snapshots as the reference scan, draw for
// draw of the same seed. Sequences stop tasks, add tasks and go back to older snapshots, so
// that the live indexes are moved forward, backward and across branches of the lineage.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContainerInstanceView } from '../../../src/domain/container-instance.ts';
import type { TaskView } from '../../../src/domain/task.ts';
import type { PlacementConstraint, PlacementStrategy } from '../../../src/domain/task-definition.ts';
import { ALWAYS_INDEX, NEVER_INDEX } from '../../../src/placement/indexed-pick.ts';
import { placeTasksWith, type PlacementRequest, type PlacementResult } from '../../../src/placement/place-tasks.ts';
import { seededRng } from '../../../src/placement/rng.ts';
import { ClusterSnapshot } from '../../../src/placement/snapshot.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { aRequirement, aTask } from '../../builders/task.ts';

const ZONES = ['a', 'b', 'c'];
const GROUPS = ['family:app', 'service:web', 'other'];

// Few distinct sizes, so that ties (the hard part of an exact index) are common.
const instanceArb = (id: string) =>
  fc
    .record({
      zone: fc.option(fc.constantFrom(...ZONES), { nil: undefined, freq: 6 }),
      rack: fc.constantFrom('r1', 'r2'),
      cpu: fc.constantFrom(512, 1024, 1024, 2048),
      memory: fc.oneof({ weight: 9, arbitrary: fc.constantFrom(1024, 2048, 2048, 4096) }, { weight: 1, arbitrary: fc.constant(2048.5) }),
      status: fc.constantFrom('ACTIVE', 'ACTIVE', 'ACTIVE', 'ACTIVE', 'DRAINING', 'INACTIVE') as fc.Arbitrary<'ACTIVE' | 'DRAINING' | 'INACTIVE'>,
      connected: fc.constantFrom(true, true, true, true, false),
      port80: fc.boolean(),
      gpus: fc.constantFrom(0, 0, 0, 1, 2),
      eniSlots: fc.option(fc.constantFrom(1, 2), { nil: undefined, freq: 4 }),
      provider: fc.constantFrom('cp-a', 'cp-b'),
    })
    .map((r) => {
      let builder = aContainerInstance(id).cpu(r.cpu).memory(r.memory).status(r.status).attr('rack', r.rack).capacityProvider(r.provider);
      builder = r.zone === undefined ? builder.withoutAttr('ecs.availability-zone') : builder.zone(r.zone);
      if (r.port80) builder = builder.tcpPorts(22, 80);
      if (r.gpus > 0) builder = builder.gpus(...Array.from({ length: r.gpus }, (_, k) => `gpu-${k}`));
      if (r.eniSlots !== undefined) builder = builder.taskEniSlots(r.eniSlots);
      return (r.connected ? builder : builder.disconnected()).build();
    });

const clusterArb = fc.integer({ min: 1, max: 40 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => instanceArb(`i${String(k + 1).padStart(2, '0')}`))));

const tasksArb = (instances: ContainerInstanceView[]) =>
  fc
    .array(
      fc.record({
        on: fc.constantFrom(...instances.map((i) => i.id)),
        group: fc.constantFrom(...GROUPS),
        size: fc.constantFrom(128, 256, 512),
        status: fc.constantFrom('RUNNING', 'PENDING') as fc.Arbitrary<'RUNNING' | 'PENDING'>,
      }),
      { maxLength: 30 },
    )
    .map((specs) => specs.map((s, k): TaskView => aTask(`existing-${k}`).on(s.on).group(s.group).status(s.status).needs({ cpu: s.size, memory: s.size }).build()));

const strategyArb: fc.Arbitrary<PlacementStrategy> = fc.constantFrom(
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'attribute:rack' },
  { type: 'spread', field: 'instanceId' },
  { type: 'binpack', field: 'cpu' },
  { type: 'binpack', field: 'memory' },
  { type: 'random' },
);

const constraintArb: fc.Arbitrary<PlacementConstraint> = fc.constantFrom(
  { type: 'distinctInstance' },
  { type: 'memberOf', expression: 'attribute:ecs.availability-zone in [a, b]' },
  { type: 'memberOf', expression: 'attribute:rack == r1' },
  { type: 'memberOf', expression: 'not(task:group == other)' },
  { type: 'memberOf', expression: 'runningTasksCount < 2' },
);

const requestArb: fc.Arbitrary<PlacementRequest> = fc
  .record({
    kind: fc.constantFrom('runTask', 'service') as fc.Arbitrary<'runTask' | 'service'>,
    group: fc.constantFrom(...GROUPS),
    count: fc.integer({ min: 1, max: 12 }),
    cpu: fc.constantFrom(0, 128, 256, 1024),
    memory: fc.constantFrom(0, 256, 512, 2048),
    port: fc.constantFrom(undefined, undefined, undefined, 80),
    gpu: fc.constantFrom(0, 0, 0, 1),
    eni: fc.constantFrom(0, 0, 0, 1),
    strategies: fc.array(strategyArb, { maxLength: 3 }),
    constraints: fc.array(constraintArb, { maxLength: 2 }),
    // Slices per capacity provider: an index per slice, the second built after the first's picks.
    providers: fc.constantFrom(undefined, undefined, [{ capacityProvider: 'cp-a', weight: 1 }, { capacityProvider: 'cp-b', weight: 1, base: 1 }]),
  })
  .map((r) => ({
    ...(r.providers === undefined ? {} : { capacityProviderStrategy: r.providers }),
    kind: r.kind,
    group: r.group,
    count: r.count,
    requirement: aRequirement({ cpu: r.cpu, memory: r.memory, tcpPorts: r.port === undefined ? [] : [r.port], gpu: r.gpu, eni: r.eni }),
    placementStrategy: r.strategies,
    placementConstraints: r.constraints,
  }));

/** One step of a sequence: place, stop a task placed earlier, or go back to an older snapshot. */
type Step = { place: PlacementRequest; seed: number } | { stop: number } | { back: number };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ place: requestArb, seed: fc.integer() }) },
  { weight: 2, arbitrary: fc.record({ stop: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ back: fc.nat() }) },
);

const scenarioArb = clusterArb.chain((instances) =>
  fc.record({ instances: fc.constant(instances), tasks: tasksArb(instances), steps: fc.array(stepArb, { minLength: 1, maxLength: 8 }) }),
);

/** Runs the steps with one policy; returns every result and the snapshots' states. */
function run(instances: ContainerInstanceView[], tasks: TaskView[], steps: Step[], policy: typeof ALWAYS_INDEX) {
  const history = [ClusterSnapshot.build(instances, tasks)];
  let snapshot = history[0] as ClusterSnapshot;
  const results: Omit<PlacementResult, 'snapshot'>[] = [];
  const placed: string[] = [];
  for (const step of steps) {
    if ('place' in step) {
      const taskArns = Array.from({ length: step.place.count }, (_, k) => `t${placed.length + k}`);
      const { snapshot: next, ...result } = placeTasksWith({ ...step.place, taskArns }, snapshot, seededRng(step.seed), policy);
      results.push(result);
      placed.push(...result.placements.map((p) => p.taskArn));
      snapshot = next;
    } else if ('stop' in step) {
      if (placed.length > 0) snapshot = snapshot.withoutTasks([placed[step.stop % placed.length] as string]);
    } else {
      snapshot = history[step.back % history.length] as ClusterSnapshot;
    }
    history.push(snapshot);
  }
  return { results, states: history.map((s) => s.instances) };
}

describe('candidate index', () => {
  it('decides exactly as the reference scan, seed for seed', () => {
    fc.assert(
      fc.property(scenarioArb, ({ instances, tasks, steps }) => {
        const indexed = run(instances, tasks, steps, ALWAYS_INDEX);
        const scanned = run(instances, tasks, steps, NEVER_INDEX);
        expect(indexed.results).toEqual(scanned.results);
        expect(indexed.states).toEqual(scanned.states);
      }),
      { numRuns: 200 },
    );
    // Hundreds of random clusters, each placed twice: generous for a shared, loaded machine.
  }, 120_000);

  it('decides exactly as the reference scan on large clusters of few shapes (long runs of ties)', () => {
    const largeArb = fc
      .record({
        size: fc.integer({ min: 150, max: 1200 }),
        shapes: fc.array(instanceArb('shape'), { minLength: 1, maxLength: 3 }),
        pick: fc.nat(),
        // Tasks of one group already on every instance (and one more on some), so that whole
        // blocks tie with a best that distinctInstance refuses.
        preload: fc.constantFrom(0, 0, 1, 2),
        preloadGroup: fc.constantFrom(...GROUPS),
      })
      .map(({ size, shapes, pick, preload, preloadGroup }) => {
        const instances = Array.from({ length: size }, (_, k): ContainerInstanceView => {
          const shape = shapes[(k * 7 + pick) % shapes.length] as ContainerInstanceView;
          return { ...shape, id: `i${String(k).padStart(4, '0')}`, attributes: { ...shape.attributes, 'ecs.availability-zone': ZONES[(k + pick) % 3] as string } };
        });
        const tasks = instances.flatMap((instance, k) =>
          Array.from({ length: preload + (k % 5 === 0 && preload > 0 ? 1 : 0) }, (_, n) =>
            aTask(`pre-${k}-${n}`).on(instance.id).group(preloadGroup).needs({ cpu: 0, memory: 0 }).build(),
          ),
        );
        return { instances, tasks };
      });
    fc.assert(
      fc.property(largeArb, fc.array(fc.record({ place: requestArb, seed: fc.integer() }), { minLength: 1, maxLength: 6 }), ({ instances, tasks }, steps) => {
        const indexed = run(instances, tasks, steps, ALWAYS_INDEX);
        const scanned = run(instances, tasks, steps, NEVER_INDEX);
        expect(indexed.results).toEqual(scanned.results);
        expect(indexed.states).toEqual(scanned.states);
      }),
      { numRuns: 25 },
    );
  }, 120_000);

  it('leaves snapshots equal to ones built from scratch with the same tasks', () => {
    fc.assert(
      fc.property(scenarioArb, ({ instances, tasks, steps }) => {
        let snapshot = ClusterSnapshot.build(instances, tasks);
        for (const step of steps) {
          if (!('place' in step)) continue;
          snapshot = placeTasksWith(step.place, snapshot, seededRng(step.seed), ALWAYS_INDEX).snapshot;
        }
        expect(snapshot.instances).toEqual(ClusterSnapshot.build(instances, [...snapshot.tasks()]).instances);
      }),
      { numRuns: 100 },
    );
  }, 120_000);
});
