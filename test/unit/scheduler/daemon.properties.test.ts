// DAEMON properties (6.3, 7.3) over random instance and task events:
//   SAFETY   never two live tasks of the service on one instance; never a start on an
//            instance that is not ACTIVE or does not satisfy the constraints
//   LIVENESS once events stop, every eligible instance runs one healthy task of the PRIMARY
//            and no other instance runs one (or, with min 100, ECS's blocked-configuration event)
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeEligibleInstances, serviceMessages } from '../../../src/scheduler/index.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { SECOND, SimulatedService, rollout } from './service-fixtures.ts';

type Event =
  | { kind: 'reconcile' }
  | { kind: 'progress' }
  | { kind: 'advance' }
  | { kind: 'drain' | 'activate' | 'untag' | 'tag'; instance: number }
  | { kind: 'exit'; pick: number }
  | { kind: 'revision'; taskDefinition: string };

const eventArb: fc.Arbitrary<Event> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Event>({ kind: 'reconcile' }) },
  { weight: 4, arbitrary: fc.constant<Event>({ kind: 'progress' }) },
  { weight: 2, arbitrary: fc.constant<Event>({ kind: 'advance' }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom<'drain' | 'activate' | 'untag' | 'tag'>('drain', 'activate', 'untag', 'tag'), instance: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.nat().map<Event>((pick) => ({ kind: 'exit', pick })) },
  { weight: 1, arbitrary: fc.constantFrom('web:1', 'web:2').map<Event>((taskDefinition) => ({ kind: 'revision', taskDefinition })) },
);

const constraint = [{ type: 'memberOf' as const, expression: 'attribute:role == logging' }];
const logging = (k: number) => aContainerInstance(`i${k}`).attr('role', 'logging').build();

describe('planner properties (DAEMON)', () => {
  it('one task per eligible instance, never two, converging', () => {
    fc.assert(
      fc.property(fc.constantFrom(0, 50, 100), fc.array(eventArb, { minLength: 5, maxLength: 50 }), (minimumHealthyPercent, events) => {
        const sim = new SimulatedService({
          schedulingStrategy: 'DAEMON',
          desiredCount: 0,
          rollout: rollout(minimumHealthyPercent, 100),
          instances: [1, 2, 3, 4, 5].map(logging),
          revision: { taskDefinition: 'web:1', placementConstraints: constraint },
        });
        const eligibleIds = () => new Set(computeEligibleInstances({ instances: sim.observation.instances, constraints: constraint, snapshot: undefined }).map((i) => i.id));
        const reconcile = () => {
          const eligible = eligibleIds();
          const plan = sim.reconcile();
          for (const start of plan.start) for (const id of start.containerInstanceIds ?? []) expect(eligible.has(id)).toBe(true);
          const perInstance = new Map<string, number>();
          for (const t of sim.tasks.filter((x) => x.desiredStatus === 'RUNNING' && x.lastStatus !== 'STOPPED')) {
            perInstance.set(t.containerInstanceId as string, (perInstance.get(t.containerInstanceId as string) ?? 0) + 1);
          }
          for (const count of perInstance.values()) expect(count).toBeLessThanOrEqual(1);
          return plan;
        };
        for (const event of events) {
          switch (event.kind) {
            case 'reconcile':
              reconcile();
              break;
            case 'progress':
              sim.progress();
              break;
            case 'advance':
              sim.advance(41 * SECOND);
              break;
            case 'drain':
              sim.setInstance(`i${event.instance}`, (i) => ({ ...i, status: 'DRAINING' }));
              break;
            case 'activate':
              sim.setInstance(`i${event.instance}`, (i) => ({ ...i, status: 'ACTIVE' }));
              break;
            case 'untag':
              sim.setInstance(`i${event.instance}`, (i) => ({ ...i, attributes: { 'ecs.availability-zone': 'us-east-1a' } }));
              break;
            case 'tag':
              sim.setInstance(`i${event.instance}`, (i) => ({ ...i, attributes: { ...i.attributes, role: 'logging' } }));
              break;
            case 'exit': {
              const running = sim.tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
              const victim = running[event.pick % Math.max(1, running.length)];
              if (victim !== undefined) sim.setTask(victim.taskArn, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedAt: sim.now });
              break;
            }
            case 'revision':
              sim.update({ revision: { taskDefinition: event.taskDefinition, placementConstraints: constraint } });
              break;
          }
        }
        let plan = reconcile();
        for (let step = 0; step < 60 && !plan.steady; step += 1) {
          sim.progress();
          sim.advance(41 * SECOND);
          plan = reconcile();
        }
        if (!plan.steady) {
          // min 100 with max 100: an old task cannot go before its replacement, and cannot share.
          expect(minimumHealthyPercent).toBe(100);
          expect(plan.state.standingMessages.map((m) => m.message)).toContain(serviceMessages.deploymentConfigurationBlockedMessage('web'));
          return;
        }
        const eligible = eligibleIds();
        const live = sim.tasks.filter((t) => t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED');
        expect(new Set(live.map((t) => t.containerInstanceId))).toEqual(eligible);
        expect(live.every((t) => t.startedBy === plan.deployments[0]?.id)).toBe(true);
        expect(plan.status.desiredCount).toBe(eligible.size);
      }),
      { numRuns: 120 },
    );
  }, 120_000);
});
