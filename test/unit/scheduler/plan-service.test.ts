// The planner's rules one by one (6.4-6.15, 7.3), each on a small world.
import { describe, expect, it } from 'vitest';
import { initialSchedulerState, planService, type ServiceTask } from '../../../src/scheduler/index.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { BREAKER_OFF, BREAKER_ROLLBACK, CHECKED_FACTS, MINUTE, SECOND, SimulatedService, T0, anObservation, anObservation as anObservationBase, aServiceTask, rollout } from './service-fixtures.ts';

const HOUR = 60 * MINUTE;

/** A steady service of `d` tasks, and its deployment id. */
function steady(d: number, overrides: ConstructorParameters<typeof SimulatedService>[0] = {}): { sim: SimulatedService; id: string } {
  const sim = new SimulatedService({ desiredCount: d, ...overrides });
  const plan = sim.runUntilSteady();
  expect(plan.steady).toBe(true);
  return { sim, id: plan.deployments[0]?.id as string };
}

describe('deployments (6.4)', () => {
  it('a new service gets one PRIMARY ecs-svc/<digits>, IN_PROGRESS with its reason', () => {
    const plan = planService(anObservation({ desiredCount: 2 }));
    const [primary] = plan.deployments;
    expect(primary?.id).toMatch(/^ecs-svc\/\d{19}$/);
    expect(primary).toMatchObject({ status: 'PRIMARY', taskDefinition: 'web:1', desiredCount: 2, rolloutState: 'IN_PROGRESS', rolloutStateReason: `ECS deployment ${primary?.id} in progress.`, createdAt: T0 });
    expect(plan.start).toEqual([{ deploymentId: primary?.id, revision: { taskDefinition: 'web:1' }, count: 2, expectedInstanceIds: undefined }].map(({ expectedInstanceIds: _e, ...rest }) => rest));
  });

  it('desiredCount changes do not start a deployment (Q10)', () => {
    const { sim, id } = steady(2);
    sim.update({ desiredCount: 4 });
    const plan = sim.reconcile();
    expect(plan.deployments.map((d) => [d.id, d.desiredCount])).toEqual([[id, 4]]);
    expect(plan.start).toMatchObject([{ deploymentId: id, count: 2 }]);
  });

  it('a new revision starts a deployment; COMPLETED removes the old one and re-announces the steady state', () => {
    const { sim, id } = steady(2);
    sim.update({ revision: { taskDefinition: 'web:1', taskTemplate: { annotations: { 'prometheus.io/scrape': 'true' } } } });
    const plan = sim.reconcile();
    expect(plan.deployments.map((d) => [d.status, d.rolloutState])).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    expect(plan.deployments[1]?.id).toBe(id);
    const done = sim.runUntilSteady();
    expect(done.deployments).toHaveLength(1);
    expect(done.deployments[0]?.rolloutStateReason).toBe(`ECS deployment ${done.deployments[0]?.id} completed.`);
    expect(done.events.map((e) => e.message)).toEqual(['service (web) has reached a steady state.']);
    expect(done.transitions.map((t) => t.type)).toEqual(['SERVICE_DEPLOYMENT_COMPLETED', 'SERVICE_STEADY_STATE']);
  });

  it('placement changes apply to the PRIMARY in place, without a deployment (6.4)', () => {
    const { sim, id } = steady(2);
    const strategy = [{ type: 'binpack' as const, field: 'memory' as const }];
    sim.update({ revision: { taskDefinition: 'web:1', placementStrategy: strategy } });
    const plan = sim.reconcile();
    expect(plan.deployments.map((d) => d.id)).toEqual([id]);
    expect(plan.deployments[0]?.revision.placementStrategy).toEqual(strategy);
    expect(plan).toMatchObject({ start: [], stop: [], steady: true });
  });

  it('many quick revisions: the list stays at 10, dropping the oldest deployments without tasks', () => {
    const sim = new SimulatedService({ desiredCount: 1, rollout: rollout(0, 100) });
    sim.launchOutcome = () => 'stays-pending';
    for (let k = 0; k < 14; k += 1) {
      sim.update({ revision: { taskDefinition: 'web:1', forceNewDeploymentToken: String(k) } });
      sim.reconcile();
      sim.progress();
    }
    expect(sim.state.deployments.length).toBeLessThanOrEqual(10);
    expect(sim.state.deployments[0]?.revision.forceNewDeploymentToken).toBe('13');
  });

  it('updatedAt moves only when the deployment changes', () => {
    const { sim } = steady(1);
    const before = sim.state.deployments[0]?.updatedAt;
    sim.advance(HOUR);
    expect(sim.reconcile().deployments[0]?.updatedAt).toBe(before);
  });
});

describe('rolling update (6.7, ECS rounding)', () => {
  it.each([
    { name: 'min 100 max 200, D 4: start 4 new first, stop none', d: 4, min: 100, max: 200, starts: 4, stops: 0 },
    { name: 'min 50 max 200, D 4: start 4 and stop 2 old at once', d: 4, min: 50, max: 200, starts: 4, stops: 2 },
    { name: 'min 50 max 100, D 4: stop 2 before starting', d: 4, min: 50, max: 100, starts: 0, stops: 2 },
    { name: 'min 75 max 125, D 3: floor(3.75) = 3 and ceil(2.25) = 3 ⇒ blocked', d: 3, min: 75, max: 125, starts: 0, stops: 0 },
    { name: 'min 0 max 100, D 3: stop all old', d: 3, min: 0, max: 100, starts: 0, stops: 3 },
  ])('$name', ({ d, min, max, starts, stops }) => {
    const { sim } = steady(d, { rollout: rollout(min, max) });
    sim.update({ revision: { taskDefinition: 'web:2' } });
    const plan = sim.reconcile();
    expect(plan.start.reduce((n, s) => n + s.count, 0)).toBe(starts);
    expect(plan.stop).toHaveLength(stops);
  });

  it('neither a start nor a stop allowed ⇒ the deployment-configuration event, once', () => {
    const { sim } = steady(3, { rollout: rollout(75, 125) });
    sim.update({ revision: { taskDefinition: 'web:2' } });
    const plan = sim.reconcile();
    expect(plan.events.map((e) => e.message)).toEqual([
      'service (web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.',
    ]);
    sim.advance(MINUTE);
    expect(sim.reconcile().events).toEqual([]);
  });

  it.each([
    { min: 100, max: 200 },
    { min: 50, max: 200 },
    { min: 50, max: 100 },
    { min: 0, max: 100 },
    { min: 50, max: 150 },
  ])('min $min max $max, D 6: completes within the bounds at every step', ({ min, max }) => {
    const { sim } = steady(6, { rollout: rollout(min, max) });
    sim.update({ revision: { taskDefinition: 'web:2' } });
    let plan = sim.reconcile();
    for (let step = 0; step < 40 && !plan.steady; step += 1) {
      expect(sim.live().length).toBeLessThanOrEqual(Math.floor((6 * max) / 100));
      sim.progress();
      sim.advance(41 * SECOND);
      plan = sim.reconcile();
    }
    expect(plan.steady).toBe(true);
    expect(plan.deployments.map((d) => d.taskDefinition)).toEqual(['web:2']);
    expect(sim.live()).toHaveLength(6);
  });
});

describe('the running revision keeps its size during a rollout (6.7, 2025-11)', () => {
  const rollingToStuckRevision = (facts = {}) => {
    const { sim } = steady(4, { rollout: rollout(100, 200), ...facts });
    sim.launchOutcome = (td) => (td === 'web:2' ? 'stays-pending' : 'runs');
    sim.update({ revision: { taskDefinition: 'web:2' } });
    sim.reconcile();
    sim.progress();
    sim.advance(SECOND);
    const [primary, old] = sim.state.deployments;
    return { sim, primaryId: primary?.id as string, oldId: old?.id as string };
  };
  const liveOf = (sim: SimulatedService, id: string) => sim.live().filter((t) => t.startedBy === id);

  it('a task of the running revision that exits is replaced with that revision, not the new one', () => {
    const { sim, primaryId, oldId } = rollingToStuckRevision();
    expect(liveOf(sim, primaryId)).toHaveLength(4);
    const [victim] = liveOf(sim, oldId);
    sim.setTask(victim?.taskArn as string, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedAt: sim.now });
    const plan = sim.reconcile();
    expect(plan.start).toMatchObject([{ deploymentId: oldId, revision: { taskDefinition: 'web:1' }, count: 1 }]);
    // Once started it is neither stopped while it starts nor replaced twice.
    for (let step = 0; step < 3; step += 1) {
      sim.progress();
      sim.advance(41 * SECOND);
      const next = sim.reconcile();
      expect(next.start.filter((s) => s.deploymentId === oldId)).toEqual([]);
    }
    expect(liveOf(sim, oldId)).toHaveLength(4);
    expect(sim.live().length).toBeLessThanOrEqual(8);
  });

  it('a task the scheduler itself stops is not replaced', () => {
    const { sim, oldId } = rollingToStuckRevision();
    const [victim] = liveOf(sim, oldId);
    sim.setTask(victim?.taskArn as string, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'ServiceSchedulerInitiated', stoppedAt: sim.now });
    expect(sim.reconcile().start.filter((s) => s.deploymentId === oldId)).toEqual([]);
  });

  it('an UNHEALTHY task of the running revision is stopped for its health checks and replaced with its revision', () => {
    const facts = { taskDefinitions: { 'web:1': CHECKED_FACTS, 'web:2': CHECKED_FACTS } };
    const { sim, oldId } = rollingToStuckRevision(facts);
    const [victim] = liveOf(sim, oldId);
    sim.setTask(victim?.taskArn as string, { healthStatus: 'UNHEALTHY' });
    const stop = sim.reconcile();
    expect(stop.stop).toEqual([{ taskArn: victim?.taskArn, stopCode: 'ServiceSchedulerInitiated', reason: 'Task failed container health checks' }]);
    const replace = sim.reconcile();
    expect(replace.start).toMatchObject([{ deploymentId: oldId, revision: { taskDefinition: 'web:1' }, count: 1 }]);
  });

  it('with no room under maximumPercent the replacement waits, as every start does', () => {
    const { sim, oldId } = rollingToStuckRevision();
    sim.update({ rollout: rollout(100, 100) });
    const [victim] = liveOf(sim, oldId);
    sim.setTask(victim?.taskArn as string, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedAt: sim.now });
    // 3 old + 4 new live, at most 4: nothing starts.
    expect(sim.reconcile().start).toEqual([]);
  });
});

describe('scale in (3.8)', () => {
  it('stops the surplus from the zone, then the instance, with the most tasks', () => {
    const sim = new SimulatedService({ desiredCount: 4, instances: [aContainerInstance('i1').zone('a').build(), aContainerInstance('i2').zone('a').build(), aContainerInstance('i3').zone('b').build()] });
    sim.runUntilSteady();
    const id = sim.state.deployments[0]?.id as string;
    sim.tasks = [aServiceTask('a1', id, 'i1'), aServiceTask('a2', id, 'i1'), aServiceTask('a3', id, 'i2'), aServiceTask('b1', id, 'i3')];
    sim.update({ desiredCount: 3 });
    const plan = sim.reconcile();
    expect(plan.stop.map((s) => s.taskArn)).toHaveLength(1);
    expect(['a1', 'a2']).toContain(plan.stop[0]?.taskArn);
    expect(plan.stop[0]).toMatchObject({ stopCode: 'ServiceSchedulerInitiated', reason: `Scaling activity initiated by (deployment ${id})` });
  });

  it('PENDING tasks go first; protected tasks are never stopped and the protected-task event names the deployment', () => {
    const plan0 = planService(anObservation({ desiredCount: 3 }));
    const id = plan0.deployments[0]?.id as string;
    const tasks = [aServiceTask('p1', id, 'i1', { protectedFromScaleIn: true }), aServiceTask('p2', id, 'i2', { protectedFromScaleIn: true }), aServiceTask('n1', id, 'i3', { lastStatus: 'PENDING', startedAt: undefined })];
    const plan = planService(anObservation({ desiredCount: 1, tasks, state: plan0.state }));
    expect(plan.stop.map((s) => s.taskArn)).toEqual(['n1']);
    expect(plan.events.map((e) => e.message)).toContain(
      `service (web) was unable to reach steady state because task set (${id}) was unable to scale in. Reason: The number of protected tasks are more than the desired count of tasks.`,
    );
  });

  it('a task that stops on its own is replaced', () => {
    const { sim } = steady(3);
    const victim = sim.live()[0]?.taskArn as string;
    sim.setTask(victim, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'EssentialContainerExited', stoppedReason: 'Essential container in task exited', stoppedAt: sim.now });
    expect(sim.reconcile().start).toMatchObject([{ count: 1 }]);
  });
});

describe('unhealthy tasks (6.9)', () => {
  const checked = { taskDefinitions: { 'web:1': CHECKED_FACTS, 'web:2': CHECKED_FACTS } };
  it('start-first when maximumPercent leaves room: the replacement starts, the unhealthy task stops once it is HEALTHY', () => {
    const { sim } = steady(2, checked);
    const sick = sim.live()[0]?.taskArn as string;
    sim.setTask(sick, { healthStatus: 'UNHEALTHY' });
    const first = sim.reconcile();
    expect(first.start).toMatchObject([{ count: 1 }]);
    expect(first.stop).toEqual([]);
    sim.reportedHealth = 'UNKNOWN';
    sim.progress();
    expect(sim.reconcile().stop).toEqual([]);
    const replacement = sim.live().find((t) => t.taskArn !== sick && t.healthStatus === 'UNKNOWN')?.taskArn as string;
    sim.setTask(replacement, { healthStatus: 'HEALTHY' });
    expect(sim.reconcile().stop).toEqual([{ taskArn: sick, stopCode: 'ServiceSchedulerInitiated', reason: 'Task failed container health checks' }]);
  });

  it('an UNHEALTHY task inside healthCheckGracePeriodSeconds is left alone', () => {
    const { sim } = steady(2, { ...checked, healthCheckGracePeriodSeconds: 300 });
    const task = sim.live()[0] as ServiceTask;
    sim.setTask(task.taskArn, { healthStatus: 'UNHEALTHY', startedAt: sim.now - 60 * SECOND });
    const plan = sim.reconcile();
    expect(plan).toMatchObject({ start: [], stop: [] });
    expect(plan.requeueAfterMs).toBe(240 * SECOND);
  });

  it('max 100: stopped first, one at a time', () => {
    const { sim } = steady(3, { ...checked, rollout: rollout(100, 100) });
    const [a, b] = sim.live();
    sim.setTask(a?.taskArn as string, { healthStatus: 'UNHEALTHY' });
    sim.setTask(b?.taskArn as string, { healthStatus: 'UNHEALTHY' });
    const plan = sim.reconcile();
    expect(plan.start).toEqual([]);
    expect(plan.stop).toHaveLength(1);
    expect(plan.stop[0]?.reason).toBe('Task failed container health checks');
  });

  it('with a load balancer, health is the target health; a failing target is stopped with the ELB reason', () => {
    const lb = { taskDefinition: 'web:1', loadBalancers: [{ containerName: 'app', containerPort: 80 }] };
    const anObservation = (o: Parameters<typeof anObservationBase>[0]) => anObservationBase({ loadBalancerHealthReported: true, ...o });
    const first = planService(anObservation({ desiredCount: 1, revision: lb }));
    const id = first.deployments[0]?.id as string;
    const waiting = planService(anObservation({ desiredCount: 1, revision: lb, state: first.state, tasks: [aServiceTask('t1', id, 'i1')] }));
    expect(waiting.steady).toBe(false);
    const healthy = planService(anObservation({ desiredCount: 1, revision: lb, state: waiting.state, tasks: [aServiceTask('t1', id, 'i1', { loadBalancerHealth: 'HEALTHY' })] }));
    expect(healthy.steady).toBe(true);
    const failing = [aServiceTask('t1', id, 'i1', { loadBalancerHealth: 'UNHEALTHY', targetGroupArn: 'arn:aws:elasticloadbalancing:tg/web' })];
    const replace = planService(anObservation({ desiredCount: 1, revision: lb, state: healthy.state, tasks: failing }));
    expect(replace.start).toMatchObject([{ count: 1 }]);
    const replacement = aServiceTask('t2', id, 'i2', { loadBalancerHealth: 'HEALTHY' });
    const stop = planService(anObservation({ desiredCount: 1, revision: lb, state: replace.state, tasks: [...failing, replacement] }));
    expect(stop.stop).toEqual([{ taskArn: 't1', stopCode: 'ServiceSchedulerInitiated', reason: 'Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:tg/web)' }]);
  });

  it('until target health is fed, load balancers do not gate health (40 s rule)', () => {
    const lb = { taskDefinition: 'web:1', loadBalancers: [{ containerName: 'app', containerPort: 80 }] };
    const first = planService(anObservationBase({ desiredCount: 1, revision: lb }));
    const id = first.deployments[0]?.id as string;
    expect(planService(anObservationBase({ desiredCount: 1, revision: lb, state: first.state, tasks: [aServiceTask('t1', id, 'i1')] })).steady).toBe(true);
  });
});

describe('circuit breaker (6.10)', () => {
  it('stage 1 counts launches that never reach RUNNING; once one task ran, only health-check failures count', () => {
    const { sim } = steady(4, { rollout: rollout(100, 200, { ...BREAKER_ROLLBACK, rollback: false }) });
    let n = 0;
    sim.launchOutcome = (td) => (td === 'web:2' && (n += 1) > 1 ? 'fails-to-start' : 'runs');
    sim.update({ revision: { taskDefinition: 'web:2' } });
    sim.reconcile();
    for (let step = 0; step < 6; step += 1) {
      sim.progress();
      sim.advance(41 * SECOND);
      sim.reconcile();
    }
    // The first new task ran at once, so the later start failures are not counted (stage 2).
    expect(sim.state.deployments[0]).toMatchObject({ taskDefinition: 'web:2', rolloutState: 'IN_PROGRESS', failedTasks: 0 });
  });

  it('stage 2: tasks stopped for failing health checks count', () => {
    const facts = { taskDefinitions: { 'web:1': CHECKED_FACTS, 'web:2': CHECKED_FACTS } };
    const { sim } = steady(2, { ...facts, rollout: rollout(100, 200, { ...BREAKER_OFF, enable: true, resetOnHealthyTask: false }) });
    sim.reportedHealth = 'UNHEALTHY';
    sim.update({ revision: { taskDefinition: 'web:2' } });
    let plan = sim.reconcile();
    for (let step = 0; step < 12 && plan.deployments[0]?.rolloutState === 'IN_PROGRESS'; step += 1) {
      sim.progress();
      sim.advance(SECOND);
      plan = sim.reconcile();
    }
    expect(plan.deployments[0]).toMatchObject({ taskDefinition: 'web:2', rolloutState: 'FAILED', failedTasks: 3 });
    // FAILED without rollback launches nothing and keeps the old tasks.
    sim.progress();
    const after = sim.reconcile();
    expect(after.start).toEqual([]);
    expect(sim.live().filter((t) => t.startedBy === plan.deployments[1]?.id)).toHaveLength(2);
  });

  it('resetOnHealthyTask: a task becoming healthy sets the count back to 0', () => {
    const first = planService(anObservation({ desiredCount: 2, rollout: rollout(100, 200, { ...BREAKER_OFF, enable: true }) }));
    const id = first.deployments[0]?.id as string;
    const failed = (arn: string): ServiceTask => aServiceTask(arn, id, 'i1', { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', startedAt: undefined, stopCode: 'TaskFailedToStart', stoppedAt: T0 });
    const two = planService(anObservation({ desiredCount: 2, rollout: rollout(100, 200, { ...BREAKER_OFF, enable: true }), state: first.state, tasks: [failed('f1'), failed('f2')] }));
    expect(two.deployments[0]?.failedTasks).toBe(2);
    const reset = planService(anObservation({ desiredCount: 2, rollout: rollout(100, 200, { ...BREAKER_OFF, enable: true }), state: two.state, tasks: [failed('f1'), failed('f2'), aServiceTask('ok', id, 'i2')] }));
    expect(reset.deployments[0]).toMatchObject({ failedTasks: 0, circuitBreaker: { status: 'MONITORING', failureCount: 0, threshold: 3 } });
    // Counted once: the same stopped tasks on the next pass add nothing.
    const again = planService(anObservation({ desiredCount: 2, rollout: rollout(100, 200, { ...BREAKER_OFF, enable: true }), state: reset.state, tasks: [failed('f1'), failed('f2'), aServiceTask('ok', id, 'i2')] }));
    expect(again.deployments[0]?.failedTasks).toBe(0);
  });

  it('off by default, beyond ECS: tasks stopping within N seconds of RUNNING count (crash loop)', () => {
    const settings = { ...BREAKER_OFF, enable: true, countTasksStoppingWithinSeconds: 30 };
    const first = planService(anObservation({ desiredCount: 1, rollout: rollout(100, 200, settings) }));
    const id = first.deployments[0]?.id as string;
    const crashed = (arn: string, ranMs: number): ServiceTask =>
      aServiceTask(arn, id, 'i1', { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', startedAt: T0 - ranMs, stoppedAt: T0, stopCode: 'EssentialContainerExited' });
    const tasks = [crashed('c1', 5 * SECOND), crashed('c2', 10 * SECOND), crashed('c3', 20 * SECOND), crashed('long', 10 * MINUTE)];
    const plan = planService(anObservation({ desiredCount: 1, rollout: rollout(100, 200, settings), state: first.state, tasks }));
    expect(plan.deployments[0]).toMatchObject({ rolloutState: 'FAILED', failedTasks: 3 });
    const withoutOption = planService(anObservation({ desiredCount: 1, rollout: rollout(100, 200, { ...settings, countTasksStoppingWithinSeconds: undefined }), state: first.state, tasks }));
    expect(withoutOption.deployments[0]).toMatchObject({ rolloutState: 'IN_PROGRESS', failedTasks: 0 });
  });

  it('without a COMPLETED deployment there is nothing to roll back to: FAILED stays PRIMARY', () => {
    const sim = new SimulatedService({ desiredCount: 2, rollout: rollout(100, 200, BREAKER_ROLLBACK) });
    sim.launchOutcome = () => 'fails-to-start';
    let plan = sim.reconcile();
    for (let step = 0; step < 10 && plan.deployments[0]?.rolloutState !== 'FAILED'; step += 1) {
      sim.progress();
      sim.advance(HOUR);
      plan = sim.reconcile();
    }
    expect(plan.deployments).toHaveLength(1);
    expect(plan.deployments[0]).toMatchObject({ status: 'PRIMARY', rolloutState: 'FAILED' });
    expect(plan.start).toEqual([]);
  });
});

describe('throttling (6.11)', () => {
  const failedAt = (arn: string, id: string, at: number): ServiceTask =>
    aServiceTask(arn, id, 'i1', { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', startedAt: undefined, stopCode: 'TaskFailedToStart', stoppedAt: at });

  it('the second consecutive failure delays launches by 30 s, with the ECS event; a RUNNING task resets it', () => {
    const first = planService(anObservation({ desiredCount: 1 }));
    const id = first.deployments[0]?.id as string;
    const tasks = [failedAt('f1', id, T0), failedAt('f2', id, T0 + SECOND)];
    const plan = planService(anObservation({ desiredCount: 1, state: first.state, tasks, now: T0 + SECOND }));
    expect(plan.start).toEqual([]);
    expect(plan.events.map((e) => e.message)).toEqual(['service (web) is unable to consistently start tasks successfully.']);
    expect(plan.transitions.map((t) => t.type)).toEqual(['SERVICE_TASK_START_IMPAIRED']);
    expect(plan.requeueAfterMs).toBe(30 * SECOND);
    const later = planService(anObservation({ desiredCount: 1, state: plan.state, tasks, now: T0 + 31 * SECOND }));
    expect(later.start).toMatchObject([{ count: 1 }]);
    expect(later.events).toEqual([]);
    const running = [...tasks, aServiceTask('ok', id, 'i2', { startedAt: T0 + 40 * SECOND })];
    const reset = planService(anObservation({ desiredCount: 2, state: later.state, tasks: running, now: T0 + 41 * SECOND }));
    expect(reset.state.throttle).toEqual({ consecutiveFailures: 0 });
    expect(reset.start).toMatchObject([{ count: 1 }]);
  });

  it('the tasks a tripped deployment leaves behind, failing after the rollback, do not throttle the rollback', () => {
    const { sim } = steady(3, { rollout: rollout(100, 200, BREAKER_ROLLBACK) });
    sim.launchOutcome = (td) => (td === 'web:2' ? 'fails-to-start' : 'runs');
    sim.update({ revision: { taskDefinition: 'web:2' } });
    sim.reconcile();
    const failing = sim.state.deployments[0]?.id as string;
    sim.progress();
    sim.advance(SECOND);
    // Two more of its tasks are still PENDING when the breaker trips.
    for (const arn of ['left1', 'left2']) sim.tasks.push(aServiceTask(arn, failing, 'i1', { lastStatus: 'PENDING', startedAt: undefined, createdAt: sim.now }));
    const tripped = sim.reconcile();
    expect(tripped.deployments.map((d) => [d.rollbackOf, d.rolloutState])).toEqual([[failing, 'IN_PROGRESS'], [undefined, 'FAILED'], [undefined, 'COMPLETED']]);
    // They fail to start one after the other, as their image never pulls.
    let plan = tripped;
    for (const arn of ['left1', 'left2']) {
      sim.advance(SECOND);
      sim.setTask(arn, { lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedAt: sim.now });
      plan = sim.reconcile();
      expect(plan.state.throttle.consecutiveFailures).toBe(0);
      // A FAILED deployment is no running revision: its tasks are not replaced with it.
      expect(plan.start.filter((s) => s.deploymentId === failing)).toEqual([]);
      expect(plan.events.map((e) => e.message)).not.toContain('service (web) is unable to consistently start tasks successfully.');
    }
    const done = sim.runUntilSteady();
    expect(done.deployments).toMatchObject([{ rollbackOf: failing, rolloutState: 'COMPLETED', taskDefinition: 'web:1' }]);
  });

  it('a new revision returns launches to normal at once', () => {
    const first = planService(anObservation({ desiredCount: 1 }));
    const id = first.deployments[0]?.id as string;
    const tasks = [failedAt('f1', id, T0), failedAt('f2', id, T0), failedAt('f3', id, T0)];
    const throttled = planService(anObservation({ desiredCount: 1, state: first.state, tasks }));
    expect(throttled.start).toEqual([]);
    const plan = planService(anObservation({ desiredCount: 1, state: throttled.state, tasks, revision: { taskDefinition: 'web:2' } }));
    expect(plan.start).toMatchObject([{ count: 1, revision: { taskDefinition: 'web:2' } }]);
  });
});

describe('draining (6.13, 7.3)', () => {
  const two = [aContainerInstance('i1').zone('a').build(), aContainerInstance('i2').zone('b').build()];
  it('PENDING tasks on a DRAINING instance stop at once; RUNNING ones are replaced start-first within max', () => {
    const plan0 = planService(anObservation({ desiredCount: 3, instances: two }));
    const id = plan0.deployments[0]?.id as string;
    const tasks = [aServiceTask('r1', id, 'i1'), aServiceTask('r2', id, 'i1'), aServiceTask('p1', id, 'i1', { lastStatus: 'PENDING', startedAt: undefined })];
    const instances = [aContainerInstance('i1').zone('a').draining().build(), two[1] ?? aContainerInstance('x').build()];
    const plan = planService(anObservation({ desiredCount: 3, instances, tasks, state: plan0.state }));
    expect(plan.stop.map((s) => s.taskArn)).toEqual(['p1']);
    expect(plan.start).toMatchObject([{ count: 3 }]);
    expect(plan.steady).toBe(false);
  });

  it('min 100 max 200: the replacement starts first, the drained task stops once it is healthy', () => {
    const sim = new SimulatedService({ desiredCount: 1, rollout: rollout(100, 200), instances: [aContainerInstance('i1').zone('a').build()] });
    sim.runUntilSteady();
    const drained = sim.live()[0]?.taskArn as string;
    sim.update({ instances: [aContainerInstance('i1').zone('a').draining().build(), aContainerInstance('i2').zone('b').build()] });
    expect(sim.reconcile()).toMatchObject({ start: [{ count: 1, expectedInstanceIds: ['i2'] }], stop: [] });
    sim.progress();
    sim.advance(20 * SECOND);
    expect(sim.reconcile().stop).toEqual([]);
    sim.advance(20 * SECOND);
    expect(sim.reconcile().stop.map((s) => s.taskArn)).toEqual([drained]);
    expect(sim.runUntilSteady().steady).toBe(true);
  });

  it('min 50 max 100: drained tasks stop within the floor before replacements start', () => {
    const sim = new SimulatedService({ desiredCount: 2, rollout: rollout(50, 100), instances: [aContainerInstance('i1').zone('a').build()] });
    sim.runUntilSteady();
    sim.update({ instances: [aContainerInstance('i1').zone('a').draining().build(), aContainerInstance('i2').zone('b').build()] });
    const plan = sim.reconcile();
    expect(plan.stop).toHaveLength(1);
    expect(plan.start).toEqual([]);
    const done = sim.runUntilSteady();
    expect(done.steady).toBe(true);
    expect(sim.live().every((t) => t.containerInstanceId === 'i2')).toBe(true);
  });

  it('lost tasks (instance gone) are replaced', () => {
    const { sim } = steady(2, { instances: [aContainerInstance('i1').zone('a').build(), aContainerInstance('i2').zone('b').build()] });
    sim.update({ instances: [aContainerInstance('i2').zone('b').build()] });
    const lostCount = sim.live().filter((t) => t.containerInstanceId === 'i1').length;
    const plan = sim.reconcile();
    expect(plan.start.reduce((n, s) => n + s.count, 0)).toBe(lostCount);
    expect(plan.stop).toHaveLength(lostCount);
  });
});

describe('AZ rebalancing (6.12)', () => {
  it('starts a task in the emptiest zone, then stops one in the fullest, then reports balance', () => {
    const { sim, id } = steady(3, { availabilityZoneRebalancing: true });
    sim.tasks = [aServiceTask('a1', id, 'i1'), aServiceTask('a2', id, 'i1'), aServiceTask('b1', id, 'i2')];
    const plan = sim.reconcile();
    expect(plan.events.map((e) => e.message)).toEqual(['service (web) is not AZ balanced with 2 tasks in us-east-1a, 1 in us-east-1b, and 0 in us-east-1c. AZ Rebalancing in progress.']);
    expect(plan.start).toMatchObject([{ count: 1, availabilityZone: 'us-east-1c' }]);
    expect(plan.transitions.map((t) => t.type)).toEqual(['SERVICE_REBALANCING_STARTED']);
    sim.progress();
    sim.advance(41 * SECOND);
    const moved = sim.reconcile();
    expect(moved.stop.map((s) => s.taskArn).filter((arn) => arn === 'a1' || arn === 'a2')).toHaveLength(1);
    const done = sim.runUntilSteady();
    expect(done.steady).toBe(true);
    const messages = sim.plans.flatMap((p) => p.events.map((e) => e.message));
    expect(messages).toContain('service (web) is AZ balanced with 1 tasks in us-east-1a, 1 in us-east-1b, and 1 in us-east-1c.');
  });

  it('no room in the emptiest zone: steady and unbalanced, with the zone placement event once', () => {
    const instances = [aContainerInstance('i1').zone('us-east-1a').build(), aContainerInstance('i2').zone('us-east-1b').build(), aContainerInstance('i3').zone('us-east-1c').memory(100).build()];
    const { sim, id } = steady(3, { availabilityZoneRebalancing: true, instances });
    sim.tasks = [aServiceTask('a1', id, 'i1'), aServiceTask('a2', id, 'i1'), aServiceTask('b1', id, 'i2')];
    const plan = sim.reconcile();
    expect(plan).toMatchObject({ start: [], stop: [], steady: true });
    expect(plan.events.map((e) => e.message)).toContain('service (web) is unable to place a task in us-east-1c because no container instance met all of its requirements.');
    sim.advance(MINUTE);
    expect(sim.reconcile()).toMatchObject({ start: [], stop: [], steady: true, events: [] });
  });

  it('disabled: an unbalanced steady service stays as it is', () => {
    const { sim, id } = steady(3);
    sim.tasks = [aServiceTask('a1', id, 'i1'), aServiceTask('a2', id, 'i1'), aServiceTask('b1', id, 'i2')];
    expect(sim.reconcile()).toMatchObject({ start: [], stop: [], steady: true });
  });
});

describe('deleting a service (6.15)', () => {
  it('stops every task with ServiceSchedulerInitiated; DRAINING until all are STOPPED, then INACTIVE', () => {
    const { sim, id } = steady(3);
    sim.update({ deleting: true });
    const plan = sim.reconcile();
    expect(plan.stop).toHaveLength(3);
    expect(plan.stop.every((s) => s.stopCode === 'ServiceSchedulerInitiated' && s.reason === `Scaling activity initiated by (deployment ${id})`)).toBe(true);
    expect(plan).toMatchObject({ lifecycle: 'DRAINING', start: [], status: { desiredCount: 0 } });
    sim.progress();
    expect(sim.reconcile()).toMatchObject({ lifecycle: 'INACTIVE', stop: [], start: [] });
  });
});

describe('event suppression (6.14)', () => {
  it('the steady-state message is emitted once while steady, and again after 6 hours', () => {
    const { sim } = steady(1);
    sim.advance(MINUTE);
    expect(sim.reconcile().events).toEqual([]);
    sim.advance(6 * HOUR);
    expect(sim.reconcile().events.map((e) => e.message)).toEqual(['service (web) has reached a steady state.']);
  });

  it('event ids differ across passes even when the caller seeds the RNG the same way each time', () => {
    const first = planService(anObservation({ desiredCount: 0 }));
    const later = planService(anObservation({ desiredCount: 0, state: { ...first.state, standingMessages: [] }, now: T0 + SECOND }));
    expect(later.events[0]?.id).not.toBe(first.events[0]?.id);
  });

  it('event ids are UUIDs from the injected RNG: the same input gives the same plan', () => {
    const observation = anObservation({ desiredCount: 0, state: initialSchedulerState() });
    const a = planService(observation);
    const b = planService(anObservation({ desiredCount: 0 }));
    expect(a.events[0]?.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a).toEqual(b);
  });
});

describe('DAEMON (6.3)', () => {
  const daemon = { schedulingStrategy: 'DAEMON' as const, desiredCount: 0, rollout: rollout(0, 100) };
  it('a task created for an instance but not yet placed holds that instance: no second start', () => {
    const first = planService(anObservation(daemon));
    expect(first.start).toMatchObject([{ count: 3, containerInstanceIds: ['i1', 'i2', 'i3'] }]);
    const id = first.deployments[0]?.id as string;
    const onTheirWay = ['i1', 'i2', 'i3'].map((i, k) => aServiceTask(`d${k}`, id, i, { lastStatus: 'PROVISIONING', startedAt: undefined, containerInstanceId: undefined, pinnedInstanceId: i }));
    expect(planService(anObservation({ ...daemon, state: first.state, tasks: onTheirWay })).start).toEqual([]);
  });

  it('a rolling update replaces each instance task within minimumHealthyPercent (old first: max is 100)', () => {
    const sim = new SimulatedService({ ...daemon, rollout: rollout(50, 100), instances: [1, 2, 3, 4].map((k) => aContainerInstance(`i${k}`).build()) });
    sim.runUntilSteady();
    sim.update({ revision: { taskDefinition: 'web:2' } });
    const plan = sim.reconcile();
    expect(plan.stop).toHaveLength(2);
    expect(plan.start).toEqual([]);
    const done = sim.runUntilSteady();
    expect(done.deployments.map((d) => [d.taskDefinition, d.rolloutState])).toEqual([['web:2', 'COMPLETED']]);
    expect(sim.live()).toHaveLength(4);
  });

  it('an eligible instance without room gets the unable-to-place event and is retried', () => {
    const small = [aContainerInstance('i1').build(), aContainerInstance('i2').memory(100).build()];
    const sim = new SimulatedService({ ...daemon, instances: small });
    const plan = sim.reconcile();
    expect(plan.start).toMatchObject([{ containerInstanceIds: ['i1'] }]);
    expect(plan.events.map((e) => e.message)).toEqual(['service (web) was unable to place a task because no container instance met all of its requirements. The closest matching container-instance i2 has insufficient memory available.']);
    expect(plan.requeueAfterMs).toBe(15 * SECOND);
  });
});

