// The service scheduler's contract: what the controller observes about ONE Service, and the
// plan the pure planner returns (ECS-SEMANTICS 6, 3.7, 3.8, 5.5, 7.3). No Kubernetes types:
// the controller translates its objects into these and applies the plan idempotently.
//
//   planService(observation: ServiceObservation): ServicePlan
//
// The planner is level-based: it may be called any number of times with the same
// observation and returns the same plan (time and randomness come in through `now` and
// `rng`). Anything it must remember between passes (failure counts, throttle, suppressed
// events) is in `SchedulerState`, which it receives and returns whole; the controller stores
// it (for example in the Service status) and passes it back next time.
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import type { TaskLastStatus } from '../domain/task.ts';
import type { TaskRequirement } from '../domain/task-requirement.ts';
import type { PlacementConstraint, PlacementStrategy } from '../domain/task-definition.ts';
import type { CapacityProviderStrategyItem, ClusterSnapshot, Rng } from '../placement/index.ts';

export type SchedulingStrategy = 'REPLICA' | 'DAEMON';

/** ECS `ThresholdType` (6.10). */
export type CircuitBreakerThresholdType = 'BOUNDED_PERCENT' | 'UNBOUNDED_PERCENT' | 'COUNT';

/** ECS `deploymentCircuitBreaker` with every default filled in (6.10). */
export interface CircuitBreakerSettings {
  enable: boolean;
  rollback: boolean;
  /** ECS default true: a task of the deployment becoming healthy resets the failure count. */
  resetOnHealthyTask: boolean;
  /** ECS default `{ type: 'BOUNDED_PERCENT', value: 50 }`. */
  thresholdConfiguration: { type: CircuitBreakerThresholdType; value: number };
  /**
   * Beyond ECS, off when absent (aws/containers-roadmap#1206): a task that stops within this
   * many seconds of reaching RUNNING also counts as a failure, so a crash loop trips the
   * breaker.
   */
  countTasksStoppingWithinSeconds?: number;
}

/** ECS `deploymentConfiguration` with defaults applied (6.6: REPLICA 100/200, DAEMON 0/100). */
export interface RolloutSettings {
  minimumHealthyPercent: number;
  maximumPercent: number;
  deploymentCircuitBreaker: CircuitBreakerSettings;
}

/** Labels and annotations copied to every task (`spec.taskTemplate.metadata`, Kubernetes only). */
export interface TaskTemplateMetadata {
  labels?: Readonly<Record<string, string>>;
  annotations?: Readonly<Record<string, string>>;
}

/**
 * The whole configuration that shapes a deployment's tasks (ECS calls it a service revision):
 * the task definition revision plus everything else the tasks are made from. Two revisions
 * with the same `computeServiceRevisionId` are the same deployment; `desiredCount` is not
 * part of it, so scaling never starts a deployment (Q10). Stored whole on each deployment so
 * that a circuit-breaker rollback restores all of it, not only the task definition.
 */
export interface ServiceRevision {
  /** `family:revision`, already resolved (a bare family follows its latest ACTIVE revision). */
  taskDefinition: string;
  launchType?: string;
  capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  /** The service's own constraints (the task definition's come with `TaskDefinitionFacts`). */
  placementConstraints?: readonly PlacementConstraint[];
  placementStrategy?: readonly PlacementStrategy[];
  networkConfiguration?: unknown;
  loadBalancers?: readonly unknown[];
  serviceRegistries?: readonly unknown[];
  taskTemplate?: TaskTemplateMetadata;
  /** Tags, propagateTags, enableExecuteCommand, platformVersion...: anything else copied to tasks. */
  other?: Readonly<Record<string, unknown>>;
  /** ECS `forceNewDeployment`: any new value starts a deployment with the same configuration. */
  forceNewDeploymentToken?: string;
}

/** What the planner needs to know about one task definition revision. */
export interface TaskDefinitionFacts {
  /** `computeTaskRequirement(definition)`: what one task holds on its instance. */
  requirement: TaskRequirement;
  /** The task definition's own placement constraints (placed before the service's). */
  placementConstraints?: readonly PlacementConstraint[];
  /** Some essential container defines a `healthCheck` (6.8: health is then HEALTHY, not 40 s). */
  hasEssentialHealthCheck: boolean;
}

export type TaskHealthStatus = 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';

/** One task of the service as observed (every task whose group is `service:<name>`). */
export interface ServiceTask {
  taskArn: string;
  /** The deployment id that started it (`startedBy`); unknown ids count as an old deployment. */
  startedBy?: string;
  lastStatus: TaskLastStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  /** Task health from essential container health checks (5.5). */
  healthStatus?: TaskHealthStatus;
  /**
   * Load balancer target health (issue 10 feeds it: the target group, or the readiness
   * stand-in). Absent = not reported yet; only read when the service has load balancers.
   */
  loadBalancerHealth?: TaskHealthStatus;
  /** Target group named in the ELB stop reason, when known. */
  targetGroupArn?: string;
  /** Where it runs; absent while not yet placed. */
  containerInstanceId?: string;
  /**
   * The instance it was started for (StartTask `containerInstances`, DAEMON), known before the
   * Task controller places it: a daemon task on its way counts for its instance.
   */
  pinnedInstanceId?: string;
  /** Epoch milliseconds. */
  createdAt: number;
  /** When it reached RUNNING (epoch ms); absent if it never did. */
  startedAt?: number;
  /** When it reached STOPPED (epoch ms). */
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  protectedFromScaleIn?: boolean;
}

export type DeploymentStatus = 'PRIMARY' | 'ACTIVE';
export type RolloutState = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
export type CircuitBreakerStatus = 'TRIGGERED' | 'MONITORING' | 'MONITORING_COMPLETE' | 'DISABLED';

/** ECS `Deployment` (6.4) plus the revision it runs. PRIMARY first in every list. */
export interface DeploymentRecord {
  /** `ecs-svc/<digits>`; the `startedBy` of the tasks it launches. */
  id: string;
  status: DeploymentStatus;
  revision: ServiceRevision;
  /** `computeServiceRevisionId(revision)`. */
  revisionId: string;
  /** Same as `revision.taskDefinition`. */
  taskDefinition: string;
  desiredCount: number;
  pendingCount: number;
  runningCount: number;
  /** Consecutive failed tasks (6.2); the circuit breaker's failure count. */
  failedTasks: number;
  rolloutState: RolloutState;
  /** ECS texts: `ECS deployment <id> in progress.`, `... completed.`, circuit breaker reasons. */
  rolloutStateReason: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  circuitBreaker: { status: CircuitBreakerStatus; failureCount: number; threshold: number };
  /** When this deployment is a circuit-breaker rollback: the deployment that failed. */
  rollbackOf?: string;
}

/** An event message the planner keeps quiet while its cause persists (6.14). */
export interface StandingMessage {
  message: string;
  /** Epoch ms of the last time it was emitted. */
  emittedAt: number;
}

/** What the planner remembers between passes. Start a new service with `initialSchedulerState()`. */
export interface SchedulerState {
  /** PRIMARY first, then ACTIVE ones, newest first. */
  deployments: DeploymentRecord[];
  /** The last deployment that COMPLETED: the circuit breaker rolls back to it (6.10). */
  lastCompleted?: { deploymentId: string; revision: ServiceRevision; revisionId: string };
  /**
   * The revision the circuit breaker rolled back from. While the spec still asks for it, no
   * new deployment starts (the spec says what the user applied; status shows the rollback).
   */
  rejectedRevisionId?: string;
  /** Stopped tasks whose failure (or non-failure) has been counted once; pruned as they vanish. */
  accountedTaskArns: string[];
  /** Tasks that already reset their deployment's failure count by becoming healthy. */
  healthyTaskArns: string[];
  /** Deployments that have had a task reach RUNNING (circuit breaker stage 2). */
  deploymentsWithRunningTask: string[];
  /** 6.11: consecutive launches that never reached RUNNING, and when the last one stopped. */
  throttle: { consecutiveFailures: number; lastFailureAt?: number };
  /** Messages whose cause still holds; re-emitted only after 6 hours (6.14). */
  standingMessages: StandingMessage[];
  /** AZ rebalancing in progress (6.12), for the completion event. */
  rebalancing?: boolean;
}

/** Everything the planner sees about one Service. */
export interface ServiceObservation {
  serviceName: string;
  schedulingStrategy: SchedulingStrategy;
  /** REPLICA's `desiredCount`; ignored for DAEMON (there it is the number of eligible instances). */
  desiredCount: number;
  rollout: RolloutSettings;
  /** Default 0 (6.1). */
  healthCheckGracePeriodSeconds: number;
  /** 6.12; the controller resolves ECS's defaults. */
  availabilityZoneRebalancing: boolean;
  /**
   * Whether tasks' `loadBalancerHealth` is fed (issue 10: target groups or the readiness
   * stand-in). Until it is, load balancers do not gate health (6.8 falls back to the rows
   * without a load balancer); once true, a task of a service with load balancers is healthy
   * only when its target is.
   */
  loadBalancerHealthReported?: boolean;
  /** What the spec asks for now. */
  revision: ServiceRevision;
  /** Facts per `family:revision` for every revision in `revision` and in the deployments. */
  taskDefinitions: Readonly<Record<string, TaskDefinitionFacts>>;
  /** The Service is being deleted (DeleteService): stop everything (6.15). */
  deleting: boolean;
  /** Every task of the service not yet deleted, including STOPPED ones still visible. */
  tasks: readonly ServiceTask[];
  /**
   * The Cluster's container instances. ACTIVE accept tasks, DRAINING are being drained; a
   * task whose instance is missing or INACTIVE is lost.
   */
  instances: readonly ContainerInstanceView[];
  /**
   * The whole cluster (every task of every service and standalone task), for placement
   * checks: starts that fit nowhere are not planned and produce ECS's event instead. Absent
   * ⇒ starts are planned without checking capacity (the Task controller places them).
   */
  snapshot?: ClusterSnapshot;
  /** From the previous plan; `initialSchedulerState()` for a new Service. */
  state: SchedulerState;
  /** Epoch milliseconds. */
  now: number;
  /** Deployment ids and event ids draw from it. */
  rng: Rng;
}

/** Start `count` tasks of one deployment. */
export interface StartIntent {
  deploymentId: string;
  /** The deployment's revision (task definition, constraints, strategies, metadata). */
  revision: ServiceRevision;
  count: number;
  /** DAEMON: one entry per task, the instance it is pinned to (StartTask `containerInstances`). */
  containerInstanceIds?: string[];
  /** AZ rebalancing: the zone the task must go to (`attribute:ecs.availability-zone == <az>`). */
  availabilityZone?: string;
  /**
   * REPLICA with a snapshot: where the engine placed these tasks in the planner's check.
   * Informational (the Task controller places them again on fresher state).
   */
  expectedInstanceIds?: string[];
}

/** Stop one task: `desiredStatus: STOPPED`, stopCode `ServiceSchedulerInitiated` (5.3). */
export interface StopIntent {
  taskArn: string;
  stopCode: 'ServiceSchedulerInitiated';
  /** ECS's stoppedReason text (5.4). */
  reason: string;
}

/** One ECS service event (6.14). The controller prepends them to status.events (max 100). */
export interface PlannedServiceEvent {
  id: string;
  createdAt: number;
  message: string;
}

/** EventBridge service action / deployment state change names, for Kubernetes Events and metrics. */
export type ServiceTransitionType =
  | 'SERVICE_STEADY_STATE'
  | 'SERVICE_TASK_START_IMPAIRED'
  | 'SERVICE_TASK_PLACEMENT_FAILURE'
  | 'SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED'
  | 'SERVICE_DEPLOYMENT_IN_PROGRESS'
  | 'SERVICE_DEPLOYMENT_COMPLETED'
  | 'SERVICE_DEPLOYMENT_FAILED'
  | 'SERVICE_REBALANCING_STARTED'
  | 'SERVICE_REBALANCING_COMPLETED';

export interface ServiceTransition {
  type: ServiceTransitionType;
  deploymentId?: string;
  /** ECS reason text (rolloutStateReason, or the event message). */
  reason: string;
  /** The task concerned, when there is one (daemon constraint violation). */
  taskArn?: string;
}

/** ECS service status during DeleteService (6.15). */
export type ServiceLifecycleStatus = 'ACTIVE' | 'DRAINING' | 'INACTIVE';

export interface ServiceCounts {
  /** Effective desired count (DAEMON: eligible instances). */
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  /** PRIMARY's `family:revision`. */
  taskDefinition: string;
}

/** The planner's answer for one pass. */
export interface ServicePlan {
  start: StartIntent[];
  stop: StopIntent[];
  /** The new deployment list, PRIMARY first (write to status.deployments). */
  deployments: DeploymentRecord[];
  status: ServiceCounts;
  lifecycle: ServiceLifecycleStatus;
  /** PRIMARY COMPLETED, nothing left to start or stop, every task healthy (6.5). */
  steady: boolean;
  /**
   * 6.6, 6.13: work remains but the deployment configuration lets nothing start or stop (for
   * example minimumHealthyPercent 100 with maximumPercent 100 on a draining instance).
   */
  blocked: boolean;
  /** New service events, newest first; repeats already suppressed. */
  events: PlannedServiceEvent[];
  /** What changed, by EventBridge name. */
  transitions: ServiceTransition[];
  /** Store and pass back next time. */
  state: SchedulerState;
  /** Run again after this long even if nothing changes (40 s health, grace period, throttle). */
  requeueAfterMs?: number;
}
