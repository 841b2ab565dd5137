// Fixtures for the planner: an observation with Pepr-style defaults that each case spreads
// and overrides, a task builder, and a small simulated cluster that applies plans the way
// the Service and Task controllers would (stops take effect on the next step, starts land
// PENDING on an instance, PENDING becomes RUNNING unless told otherwise).
import type { ContainerInstanceView } from '../../../src/domain/container-instance.ts';
import { ClusterSnapshot, seededRng, type TaskView } from '../../../src/placement/index.ts';
import {
  initialSchedulerState,
  planService,
  serviceGroup,
  type CircuitBreakerSettings,
  type RolloutSettings,
  type ServiceObservation,
  type ServicePlan,
  type ServiceTask,
  type TaskDefinitionFacts,
} from '../../../src/scheduler/index.ts';
import { f3 } from '../../builders/container-instance.ts';
import { aRequirement } from '../../builders/task.ts';

export const T0 = Date.UTC(2026, 11, 1, 12, 0, 0);
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

export const BREAKER_OFF: CircuitBreakerSettings = {
  enable: false,
  rollback: false,
  resetOnHealthyTask: true,
  thresholdConfiguration: { type: 'BOUNDED_PERCENT', value: 50 },
};
export const BREAKER_ROLLBACK: CircuitBreakerSettings = { ...BREAKER_OFF, enable: true, rollback: true };

export function rollout(minimumHealthyPercent = 100, maximumPercent = 200, deploymentCircuitBreaker = BREAKER_OFF): RolloutSettings {
  return { minimumHealthyPercent, maximumPercent, deploymentCircuitBreaker };
}

export const WEB_FACTS: TaskDefinitionFacts = { requirement: aRequirement({ cpu: 256, memory: 512 }), hasEssentialHealthCheck: false };
export const CHECKED_FACTS: TaskDefinitionFacts = { ...WEB_FACTS, hasEssentialHealthCheck: true };

export function anObservation(overrides: Partial<ServiceObservation> = {}): ServiceObservation {
  return {
    serviceName: 'web',
    schedulingStrategy: 'REPLICA',
    desiredCount: 3,
    rollout: rollout(),
    healthCheckGracePeriodSeconds: 0,
    availabilityZoneRebalancing: false,
    revision: { taskDefinition: 'web:1' },
    taskDefinitions: { 'web:1': WEB_FACTS, 'web:2': WEB_FACTS, 'web:3': WEB_FACTS },
    deleting: false,
    tasks: [],
    instances: f3(),
    state: initialSchedulerState(),
    now: T0,
    rng: seededRng(7),
    ...overrides,
  };
}

export function aServiceTask(taskArn: string, deploymentId: string, on = 'i1', overrides: Partial<ServiceTask> = {}): ServiceTask {
  return { taskArn, startedBy: deploymentId, lastStatus: 'RUNNING', desiredStatus: 'RUNNING', containerInstanceId: on, createdAt: T0 - 10 * MINUTE, startedAt: T0 - 5 * MINUTE, ...overrides };
}

/** What happens to a task the simulator starts. */
export type LaunchOutcome = 'runs' | 'fails-to-start' | 'stays-pending';

/**
 * A cluster in memory: applies plans, moves tasks through their lifecycle, lets tests inject
 * failures. Tasks are placed on the ACTIVE instance (of the asked zone) holding the fewest of
 * the service's tasks, or where the plan pins them.
 */
export class SimulatedService {
  tasks: ServiceTask[] = [];
  now = T0;
  observation: ServiceObservation;
  state = initialSchedulerState();
  plans: ServicePlan[] = [];
  /** Decides each new task's fate; default: every task runs. */
  launchOutcome: (deploymentTaskDefinition: string, n: number) => LaunchOutcome = () => 'runs';
  /** Health status new RUNNING tasks report when the definition has checks. */
  reportedHealth: ServiceTask['healthStatus'] = 'HEALTHY';
  private started = 0;
  private readonly fates = new Map<string, LaunchOutcome>();

  constructor(overrides: Partial<ServiceObservation> = {}) {
    this.observation = anObservation(overrides);
  }

  update(overrides: Partial<ServiceObservation>): void {
    this.observation = { ...this.observation, ...overrides };
  }

  observe(): ServiceObservation {
    const snapshotTasks: TaskView[] = this.tasks
      .filter((t) => t.containerInstanceId !== undefined && t.lastStatus !== 'STOPPED')
      .map((t) => ({ taskArn: t.taskArn, containerInstanceId: t.containerInstanceId as string, group: serviceGroup(this.observation.serviceName), lastStatus: t.lastStatus, requirement: WEB_FACTS.requirement }));
    return { ...this.observation, tasks: this.tasks, state: this.state, now: this.now, rng: seededRng(this.plans.length + 1), snapshot: ClusterSnapshot.build(this.observation.instances, snapshotTasks) };
  }

  /** One reconcile: plan on the current world and apply it. */
  reconcile(): ServicePlan {
    const plan = planService(this.observe());
    this.plans.push(plan);
    this.state = plan.state;
    for (const stop of plan.stop) {
      this.tasks = this.tasks.map((t) => (t.taskArn === stop.taskArn ? { ...t, desiredStatus: 'STOPPED', stopCode: stop.stopCode, stoppedReason: stop.reason } : t));
    }
    for (const start of plan.start) {
      for (let k = 0; k < start.count; k += 1) {
        this.started += 1;
        const taskArn = `t${this.started}`;
        const pinned = start.containerInstanceIds?.[k];
        const on = pinned ?? this.pickInstance(start.availabilityZone);
        this.fates.set(taskArn, this.launchOutcome(start.revision.taskDefinition, this.started));
        this.tasks.push({ taskArn, startedBy: start.deploymentId, lastStatus: 'PENDING', desiredStatus: 'RUNNING', createdAt: this.now, ...(on === undefined ? {} : { containerInstanceId: on }) });
      }
    }
    return plan;
  }

  /** Task lifecycle progresses by one step: stops finish, PENDING tasks start or fail. */
  progress(): void {
    const facts = (t: ServiceTask): TaskDefinitionFacts | undefined => {
      const deployment = this.state.deployments.find((d) => d.id === t.startedBy);
      return deployment === undefined ? undefined : this.observation.taskDefinitions[deployment.taskDefinition];
    };
    this.tasks = this.tasks.map((t) => {
      if (t.lastStatus === 'STOPPED') return t;
      if (t.desiredStatus === 'STOPPED') return { ...t, lastStatus: 'STOPPED', stoppedAt: this.now };
      if (t.lastStatus === 'PENDING') {
        const fate = this.fates.get(t.taskArn) ?? 'runs';
        if (fate === 'fails-to-start') return { ...t, lastStatus: 'STOPPED', desiredStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'CannotPullContainerError: pull access denied', stoppedAt: this.now };
        if (fate === 'stays-pending') return t;
        const withHealth = facts(t)?.hasEssentialHealthCheck === true ? { healthStatus: this.reportedHealth } : {};
        return { ...t, lastStatus: 'RUNNING', startedAt: this.now, ...withHealth };
      }
      return t;
    });
  }

  advance(ms: number): void {
    this.now += ms;
  }

  /** Reconcile, progress and let `stepMs` pass, until steady or `maxSteps`. */
  runUntilSteady(maxSteps = 50, stepMs = 41 * SECOND): ServicePlan {
    let plan = this.reconcile();
    for (let step = 0; step < maxSteps && !plan.steady; step += 1) {
      this.progress();
      this.advance(stepMs);
      plan = this.reconcile();
    }
    return plan;
  }

  live(): ServiceTask[] {
    return this.tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.desiredStatus === 'RUNNING');
  }

  setTask(taskArn: string, change: Partial<ServiceTask>): void {
    this.tasks = this.tasks.map((t) => (t.taskArn === taskArn ? { ...t, ...change } : t));
  }

  setInstance(id: string, change: (i: ContainerInstanceView) => ContainerInstanceView): void {
    this.observation = { ...this.observation, instances: this.observation.instances.map((i) => (i.id === id ? change(i) : i)) };
  }

  private pickInstance(zone: string | undefined): string | undefined {
    const candidates = this.observation.instances.filter((i) => i.status === 'ACTIVE' && i.agentConnected && (zone === undefined || i.attributes['ecs.availability-zone'] === zone));
    let best: ContainerInstanceView | undefined;
    let bestCount = Infinity;
    for (const i of candidates) {
      const count = this.tasks.filter((t) => t.containerInstanceId === i.id && t.lastStatus !== 'STOPPED').length;
      if (count < bestCount) {
        best = i;
        bestCount = count;
      }
    }
    return best?.id;
  }
}
