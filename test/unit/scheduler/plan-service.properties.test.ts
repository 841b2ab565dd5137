// Properties of the planner over random sequences of task events, driven in a simulated
// reconcile loop (Nomad's reconcile_cluster_prop_test: SAFETY and LIVENESS).
//   SAFETY   a plan that starts tasks never takes live tasks above maximumPercent;
//            a plan's stops never take healthy tasks below minimumHealthyPercent (tasks that
//            fail on their own may, which is why the floor is checked on the plan's stops).
//   LIVENESS once failures stop, repeated passes reach the desired state: D healthy tasks of
//            the spec's revision and nothing else, or ECS's deployment-configuration event
//            when min and max leave no move.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeRolloutBounds, computeServiceRevisionId, computeTaskHealth, serviceMessages, type ServiceTask } from '../../../src/scheduler/index.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { CHECKED_FACTS, SECOND, SimulatedService, WEB_FACTS, rollout } from './service-fixtures.ts';

type Command =
  | { kind: 'reconcile' }
  | { kind: 'progress' }
  | { kind: 'advance'; seconds: number }
  | { kind: 'exit'; pick: number }
  | { kind: 'unhealthy'; pick: number }
  | { kind: 'revision'; taskDefinition: 'web:1' | 'web:2' | 'web:3' }
  | { kind: 'scale'; desiredCount: number }
  | { kind: 'drain'; instance: number }
  | { kind: 'activate'; instance: number };

const commandArb: fc.Arbitrary<Command> = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Command>({ kind: 'reconcile' }) },
  { weight: 4, arbitrary: fc.constant<Command>({ kind: 'progress' }) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 90 }).map<Command>((seconds) => ({ kind: 'advance', seconds })) },
  { weight: 1, arbitrary: fc.nat().map<Command>((pick) => ({ kind: 'exit', pick })) },
  { weight: 1, arbitrary: fc.nat().map<Command>((pick) => ({ kind: 'unhealthy', pick })) },
  { weight: 1, arbitrary: fc.constantFrom<'web:1' | 'web:2' | 'web:3'>('web:1', 'web:2', 'web:3').map<Command>((taskDefinition) => ({ kind: 'revision', taskDefinition })) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 7 }).map<Command>((desiredCount) => ({ kind: 'scale', desiredCount })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map<Command>((instance) => ({ kind: 'drain', instance })) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 4 }).map<Command>((instance) => ({ kind: 'activate', instance })) },
);

const boundsArb = fc.constantFrom(
  { min: 100, max: 200 },
  { min: 50, max: 200 },
  { min: 50, max: 100 },
  { min: 0, max: 100 },
  { min: 75, max: 125 },
  { min: 100, max: 150 },
  { min: 100, max: 100 },
);

const INSTANCES = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1a'].map((zone, k) => aContainerInstance(`i${k + 1}`).zone(zone).build());

function healthyTasks(sim: SimulatedService, tasks: readonly ServiceTask[]): ServiceTask[] {
  const observation = sim.observe();
  return tasks.filter((t) => {
    if (t.desiredStatus !== 'RUNNING' || t.lastStatus !== 'RUNNING') return false;
    const instance = observation.instances.find((i) => i.id === t.containerInstanceId);
    if (instance === undefined || instance.status !== 'ACTIVE') return instance?.status === 'DRAINING' && isHealthyTask(sim, t);
    return isHealthyTask(sim, t);
  });
}

function isHealthyTask(sim: SimulatedService, t: ServiceTask): boolean {
  const deployment = sim.state.deployments.find((d) => d.id === t.startedBy);
  const facts = deployment === undefined ? undefined : sim.observation.taskDefinitions[deployment.taskDefinition];
  const rules = { hasLoadBalancers: false, hasEssentialHealthCheck: facts?.hasEssentialHealthCheck ?? false, healthCheckGracePeriodSeconds: 0 };
  return computeTaskHealth(t, rules, sim.now).kind === 'healthy';
}

/** Live as maximumPercent counts them: desired RUNNING, not yet stopped, on a known instance. */
function liveTasks(sim: SimulatedService): ServiceTask[] {
  return sim.tasks.filter((t) => t.desiredStatus === 'RUNNING' && t.lastStatus !== 'STOPPED');
}

describe('planner properties (REPLICA)', () => {
  it('SAFETY and LIVENESS over random task events', () => {
    fc.assert(
      fc.property(
        boundsArb,
        fc.integer({ min: 0, max: 6 }),
        fc.boolean(),
        fc.array(commandArb, { minLength: 5, maxLength: 60 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 16 }),
        (bounds, initialDesired, checks, commands, launchFailures) => {
          const facts = checks ? CHECKED_FACTS : WEB_FACTS;
          const sim = new SimulatedService({
            desiredCount: initialDesired,
            rollout: rollout(bounds.min, bounds.max),
            instances: INSTANCES,
            taskDefinitions: { 'web:1': facts, 'web:2': facts, 'web:3': facts },
          });
          sim.launchOutcome = (_td, n) => (launchFailures[n % launchFailures.length] === true ? 'fails-to-start' : 'runs');

          const reconcileChecked = (): ReturnType<SimulatedService['reconcile']> => {
            const d = sim.observation.desiredCount;
            const { maxTasks, minHealthy } = computeRolloutBounds(d, bounds.min, bounds.max);
            const healthyBefore = healthyTasks(sim, sim.tasks).length;
            const plan = sim.reconcile();
            const live = liveTasks(sim);
            if (plan.start.length > 0) expect(live.length).toBeLessThanOrEqual(maxTasks);
            const healthyAfter = healthyTasks(sim, sim.tasks).length;
            expect(healthyAfter).toBeGreaterThanOrEqual(Math.min(minHealthy, healthyBefore));
            return plan;
          };

          for (const command of commands) {
            switch (command.kind) {
              case 'reconcile':
                reconcileChecked();
                break;
              case 'progress':
                sim.progress();
                break;
              case 'advance':
                sim.advance(command.seconds * SECOND);
                break;
              case 'exit': {
                const running = sim.tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
                const victim = running[command.pick % Math.max(1, running.length)];
                if (victim !== undefined) {
                  sim.setTask(victim.taskArn, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: sim.now });
                }
                break;
              }
              case 'unhealthy': {
                const running = sim.tasks.filter((t) => t.lastStatus === 'RUNNING' && t.desiredStatus === 'RUNNING');
                const victim = running[command.pick % Math.max(1, running.length)];
                if (victim !== undefined && checks) sim.setTask(victim.taskArn, { healthStatus: 'UNHEALTHY' });
                break;
              }
              case 'revision':
                sim.update({ revision: { taskDefinition: command.taskDefinition } });
                break;
              case 'scale':
                sim.update({ desiredCount: command.desiredCount });
                break;
              case 'drain':
                sim.setInstance(`i${command.instance}`, (i) => ({ ...i, status: 'DRAINING' }));
                break;
              case 'activate':
                sim.setInstance(`i${command.instance}`, (i) => ({ ...i, status: 'ACTIVE' }));
                break;
            }
          }

          // LIVENESS: failures stop, instances come back; the loop must settle.
          sim.launchOutcome = () => 'runs';
          sim.reportedHealth = 'HEALTHY';
          sim.update({ instances: INSTANCES });
          let plan = reconcileChecked();
          for (let step = 0; step < 150 && !plan.steady; step += 1) {
            sim.progress();
            sim.advance(2 * 60 * SECOND);
            plan = reconcileChecked();
          }
          const blocked = plan.state.standingMessages.some((m) => m.message === serviceMessages.deploymentConfigurationBlockedMessage('web'));
          if (!plan.steady) {
            expect(blocked).toBe(true);
            return;
          }
          const primary = plan.deployments[0];
          expect(plan.deployments).toHaveLength(1);
          expect(primary?.revisionId).toBe(computeServiceRevisionId(sim.observation.revision));
          expect(primary?.rolloutState).toBe('COMPLETED');
          const live = liveTasks(sim);
          expect(live).toHaveLength(sim.observation.desiredCount);
          expect(live.every((t) => t.startedBy === primary?.id && isHealthyTask(sim, t))).toBe(true);
          expect(plan.status.desiredCount).toBe(sim.observation.desiredCount);
        },
      ),
      { numRuns: 120 },
    );
  }, 120_000);
});
