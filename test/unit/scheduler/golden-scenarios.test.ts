// ECS-SEMANTICS 9, the service scenarios (G11 service variant, G27, G39, G41, G43, G45, G49,
// G51, G57), driven through the planner.
import { describe, expect, it } from 'vitest';
import { ClusterSnapshot } from '../../../src/placement/index.ts';
import { planService } from '../../../src/scheduler/index.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { aRequirement, aTask } from '../../builders/task.ts';
import { BREAKER_ROLLBACK, MINUTE, SECOND, SimulatedService, T0, WEB_FACTS, anObservation, aServiceTask, rollout } from './service-fixtures.ts';

describe('G39 default placement inside an AZ', () => {
  it('AZ tie ⇒ the instance with fewest service tasks', () => {
    const instances = [aContainerInstance('i1').zone('a').build(), aContainerInstance('i2').zone('a').build(), aContainerInstance('i3').zone('b').build()];
    const existing = [aTask('s1').on('i1').group('service:web').build(), aTask('s2').on('i3').group('service:web').build()];
    const first = planService(anObservation({ desiredCount: 2, instances, snapshot: ClusterSnapshot.build(instances, existing) }));
    const id = first.deployments[0]?.id as string;
    const tasks = [aServiceTask('s1', id, 'i1'), aServiceTask('s2', id, 'i3')];
    const plan = planService(anObservation({ desiredCount: 3, instances, tasks, state: first.state, snapshot: ClusterSnapshot.build(instances, existing) }));
    expect(plan.start).toMatchObject([{ deploymentId: id, count: 1, expectedInstanceIds: ['i2'] }]);
  });
});

describe('G41 agent disconnected / G11 insufficient memory (service variants)', () => {
  it.each([
    {
      name: 'G41: the only instance has its agent disconnected',
      instances: [aContainerInstance('i1').disconnected().build()],
      facts: WEB_FACTS,
      want: 'service (web) was unable to place a task because no container instance met all of its requirements. The closest matching container-instance i1 encountered error "AGENT".',
    },
    {
      name: 'G11: the only instance has 1000 MiB left, the task needs 1024',
      instances: [aContainerInstance('i1').memory(1000).build()],
      facts: { ...WEB_FACTS, requirement: aRequirement({ memory: 1024 }) },
      want: 'service (web) was unable to place a task because no container instance met all of its requirements. The closest matching container-instance i1 has insufficient memory available.',
    },
    {
      name: 'empty cluster',
      instances: [],
      facts: WEB_FACTS,
      want: 'service (web) was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.',
    },
  ])('$name', ({ instances, facts, want }) => {
    const plan = planService(anObservation({ desiredCount: 1, instances, taskDefinitions: { 'web:1': facts }, snapshot: ClusterSnapshot.build(instances, []) }));
    expect(plan.start).toEqual([]);
    expect(plan.events.map((e) => e.message)).toEqual([want]);
    expect(plan.transitions.map((t) => t.type)).toContain('SERVICE_TASK_PLACEMENT_FAILURE');
    expect(plan.requeueAfterMs).toBe(15 * SECOND);
    // The same cause on the next pass is suppressed (6.14).
    const again = planService(anObservation({ desiredCount: 1, instances, taskDefinitions: { 'web:1': facts }, snapshot: ClusterSnapshot.build(instances, []), state: plan.state, now: T0 + MINUTE }));
    expect(again.events).toEqual([]);
  });
});

describe('G27 affinity to a daemon', () => {
  const instances = [aContainerInstance('i1').build(), aContainerInstance('i2').build(), aContainerInstance('i3').build()];
  const constraint = { type: 'memberOf' as const, expression: 'task:group == service:daemon-service' };
  it('a replica task with task:group == service:daemon-service lands on i2', () => {
    const snapshot = ClusterSnapshot.build(instances, [aTask('d1').on('i2').group('service:daemon-service').build()]);
    const plan = planService(anObservation({ desiredCount: 1, instances, snapshot, revision: { taskDefinition: 'web:1', placementConstraints: [constraint] } }));
    expect(plan.start).toMatchObject([{ count: 1, expectedInstanceIds: ['i2'] }]);
  });
  it('if i2 lacks room the task is not placed', () => {
    const small = [instances[0], aContainerInstance('i2').memory(100).build(), instances[2]].filter((i) => i !== undefined);
    const snapshot = ClusterSnapshot.build(small, [aTask('d1').on('i2').group('service:daemon-service').build()]);
    const plan = planService(anObservation({ desiredCount: 1, instances: small, snapshot, revision: { taskDefinition: 'web:1', placementConstraints: [constraint] } }));
    expect(plan.start).toEqual([]);
    expect(plan.events[0]?.message).toMatch(/^service \(web\) was unable to place a task because no container instance met all of its requirements\./);
  });
});

describe('G43 drain deadlock', () => {
  it('D=2, min 100, max 100, both tasks on i1: drain i1 ⇒ nothing moves, the deployment-configuration event', () => {
    const sim = new SimulatedService({ desiredCount: 2, rollout: rollout(100, 100), instances: [aContainerInstance('i1').zone('a').build(), aContainerInstance('i2').zone('b').build()] });
    sim.update({ instances: [aContainerInstance('i1').zone('a').build()] });
    sim.runUntilSteady();
    sim.update({ instances: [aContainerInstance('i1').zone('a').draining().build(), aContainerInstance('i2').zone('b').build()] });
    const plan = sim.reconcile();
    expect(plan.start).toEqual([]);
    expect(plan.stop).toEqual([]);
    expect(plan.events.map((e) => e.message)).toEqual([
      'service (web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.',
    ]);
    expect(plan.steady).toBe(false);
    sim.progress();
    sim.advance(MINUTE);
    expect(sim.reconcile()).toMatchObject({ start: [], stop: [], events: [] });
  });
});

describe('G45 healthy without checks', () => {
  it('a new task counts toward minimumHealthyPercent 40 s after RUNNING, not before', () => {
    const sim = new SimulatedService({ desiredCount: 1, rollout: rollout(100, 200) });
    sim.runUntilSteady();
    sim.update({ revision: { taskDefinition: 'web:2' } });
    expect(sim.reconcile().start).toMatchObject([{ count: 1 }]);
    sim.progress(); // the new task is RUNNING from now
    sim.advance(39 * SECOND);
    const early = sim.reconcile();
    expect(early.stop).toEqual([]);
    expect(early.requeueAfterMs).toBe(1 * SECOND);
    sim.advance(1 * SECOND);
    const plan = sim.reconcile();
    expect(plan.stop).toHaveLength(1);
    expect(plan.stop[0]?.reason).toBe(`Scaling activity initiated by (deployment ${plan.deployments[0]?.id})`);
  });
});

describe('G49 circuit breaker trips and rolls back', () => {
  it('D=4, {enable, rollback}: 3 tasks fail to start ⇒ FAILED, a new PRIMARY with the last COMPLETED revision', () => {
    const sim = new SimulatedService({ desiredCount: 4, rollout: rollout(100, 200, BREAKER_ROLLBACK) });
    sim.runUntilSteady();
    const completed = sim.state.deployments[0];
    sim.launchOutcome = (taskDefinition) => (taskDefinition === 'web:2' ? 'fails-to-start' : 'runs');
    sim.update({ revision: { taskDefinition: 'web:2', taskTemplate: { labels: { v: '2' } } } });
    const failedId = sim.reconcile().deployments[0]?.id as string;
    const transitions = [];
    for (let step = 0; step < 10 && sim.state.deployments[0]?.id === failedId; step += 1) {
      sim.progress();
      sim.advance(SECOND);
      transitions.push(...sim.reconcile().transitions);
    }
    const [primary, failed] = sim.state.deployments;
    expect(failed).toMatchObject({ id: failedId, status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'ECS deployment circuit breaker: task failed to start.', failedTasks: 3 });
    expect(failed?.circuitBreaker).toEqual({ status: 'TRIGGERED', failureCount: 3, threshold: 3 });
    expect(primary).toMatchObject({ status: 'PRIMARY', taskDefinition: 'web:1', revision: completed?.revision, rolloutState: 'IN_PROGRESS', rollbackOf: failedId });
    expect(primary?.rolloutStateReason).toBe(`ECS deployment circuit breaker: rolling back to deploymentId ${completed?.id}.`);
    expect(transitions.map((t) => [t.type, t.reason])).toEqual([
      ['SERVICE_DEPLOYMENT_FAILED', 'ECS deployment circuit breaker: task failed to start.'],
      ['SERVICE_DEPLOYMENT_IN_PROGRESS', `ECS deployment circuit breaker: rolling back to deploymentId ${completed?.id}.`],
    ]);
    // The spec still says web:2; no new deployment for it, and the rollback completes.
    const plan = sim.runUntilSteady();
    expect(plan.deployments).toHaveLength(1);
    expect(plan.deployments[0]).toMatchObject({ taskDefinition: 'web:1', rolloutState: 'COMPLETED' });
    expect(plan.status.taskDefinition).toBe('web:1');
    expect(sim.live().every((t) => t.startedBy === plan.deployments[0]?.id)).toBe(true);
  });
});

describe('G51 INACTIVE task definition and existing services', () => {
  it('desiredCount 5 on a service running web:2 scales with web:2 in the same deployment', () => {
    const sim = new SimulatedService({ desiredCount: 3, revision: { taskDefinition: 'web:2' } });
    sim.runUntilSteady();
    const id = sim.state.deployments[0]?.id;
    sim.update({ desiredCount: 5 });
    const plan = sim.reconcile();
    expect(plan.start).toMatchObject([{ deploymentId: id, count: 2, revision: { taskDefinition: 'web:2' } }]);
    expect(plan.deployments.map((d) => d.id)).toEqual([id]);
  });
});

describe('G57 DAEMON eligibility', () => {
  const logging = (id: string) => aContainerInstance(id).attr('role', 'logging');
  const daemon = { schedulingStrategy: 'DAEMON' as const, desiredCount: 0, rollout: rollout(0, 100), revision: { taskDefinition: 'web:1', placementConstraints: [{ type: 'memberOf' as const, expression: 'attribute:role == logging' }] } };
  it('one task per ACTIVE instance satisfying the constraints; new, draining and changed instances', () => {
    const sim = new SimulatedService({ ...daemon, instances: [logging('i1').build(), logging('i2').build(), logging('i3').draining().build(), aContainerInstance('i4').build()] });
    const first = sim.reconcile();
    expect(first.start).toMatchObject([{ count: 2, containerInstanceIds: ['i1', 'i2'] }]);
    expect(first.status.desiredCount).toBe(2);
    sim.runUntilSteady();

    sim.update({ instances: [...sim.observation.instances, logging('i5').build()] });
    expect(sim.reconcile().start).toMatchObject([{ count: 1, containerInstanceIds: ['i5'] }]);
    sim.runUntilSteady();

    sim.setInstance('i2', (i) => ({ ...i, status: 'DRAINING' }));
    const drained = sim.reconcile();
    const onI2 = sim.tasks.find((t) => t.containerInstanceId === 'i2')?.taskArn;
    expect(drained.stop.map((s) => s.taskArn)).toEqual([onI2]);
    expect(drained.status.desiredCount).toBe(2);
    sim.runUntilSteady();

    sim.setInstance('i1', (i) => ({ ...i, attributes: { 'ecs.availability-zone': 'us-east-1a' } }));
    const violated = sim.reconcile();
    const onI1 = sim.tasks.find((t) => t.containerInstanceId === 'i1' && t.lastStatus !== 'STOPPED')?.taskArn;
    expect(violated.stop.map((s) => s.taskArn)).toEqual([onI1]);
    expect(violated.transitions).toMatchObject([{ type: 'SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED', taskArn: onI1 }]);
    expect(violated.start).toEqual([]);
  });
});
