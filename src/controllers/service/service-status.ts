// Status: the plan as the Service's status, written once per pass. ECS's view (counts,
// deployments, events newest first, at most 100) plus conditions that kstatus, Argo CD and
// Flux read without custom code:
//   Ready        True when the service is steady (6.5), else False with why.
//   Progressing  True while a deployment is IN_PROGRESS; False once it COMPLETED or FAILED.
//   Reconciling  kstatus' "in progress" marker, True with Progressing.
//   Stalled      kstatus' "failed" marker: a FAILED rollout, a rolled-back configuration the
//                spec still asks for, or input the scheduler cannot act on.
import type { Condition } from '../../api/v1alpha1/conditions.ts';
import { MAX_SERVICE_EVENTS, type Deployment, type ServiceEvent, type ServiceStatus } from '../../api/v1alpha1/service.ts';
import type { Cached } from '../../kube/cached.ts';
import { mergeServiceEvents as mergeEvents, serviceMessages, type DeploymentRecord, type ServicePlan, type ServiceTransitionType } from '../../scheduler/index.ts';
import { setCondition, type ConditionUpdate } from '../status/conditions.ts';

const iso = (ms: number) => new Date(ms).toISOString();

export function toDeploymentStatus(record: DeploymentRecord): Deployment {
  return {
    id: record.id,
    status: record.status,
    taskDefinition: record.taskDefinition,
    desiredCount: record.desiredCount,
    pendingCount: record.pendingCount,
    runningCount: record.runningCount,
    failedTasks: record.failedTasks,
    rolloutState: record.rolloutState,
    rolloutStateReason: record.rolloutStateReason,
    createdAt: iso(record.createdAt),
    updatedAt: iso(record.updatedAt),
    circuitBreaker: record.circuitBreaker,
    ...(record.rollbackOf === undefined ? {} : { rollbackOf: record.rollbackOf }),
    revision: record.revision,
  };
}

/** New events first, then the ones already shown, at most 100 (6.14); the wire form of the planner's. */
export function mergeServiceEvents(previous: readonly Cached<ServiceEvent>[] | undefined, added: ServicePlan['events']): ServiceEvent[] {
  const fresh = added.map((e) => ({ id: e.id, createdAt: iso(e.createdAt), message: e.message }));
  const seen = new Set(fresh.map((e) => e.id));
  const kept = (previous ?? []).filter((e) => !seen.has(e.id)).map((e) => ({ id: e.id, createdAt: e.createdAt, message: e.message }));
  return mergeEvents(kept, fresh, MAX_SERVICE_EVENTS);
}

export interface StatusInput {
  previous: Cached<ServiceStatus> | undefined;
  plan: ServicePlan;
  generation: number | undefined;
  now: Date;
  /** The spec asks for the configuration the circuit breaker rolled back from. */
  specRejected: boolean;
  /** Input the scheduler could not act on (kept while the service runs on), e.g. a missing revision. */
  problem?: { reason: string; message: string };
}

export function computeServiceStatus(input: StatusInput): ServiceStatus {
  const { plan, previous } = input;
  const primary = plan.deployments.find((d) => d.status === 'PRIMARY');
  let conditions = (previous?.conditions ?? []) as Condition[];
  const set = (update: ConditionUpdate) => (conditions = setCondition(conditions, update, input.generation, input.now));
  for (const update of computeConditions(plan, primary, input.specRejected, input.problem)) set(update);
  return {
    observedGeneration: input.generation,
    status: plan.lifecycle,
    desiredCount: plan.status.desiredCount,
    runningCount: plan.status.runningCount,
    pendingCount: plan.status.pendingCount,
    ...(plan.status.taskDefinition === '' ? {} : { taskDefinition: plan.status.taskDefinition }),
    deployments: plan.deployments.map(toDeploymentStatus),
    events: mergeServiceEvents(previous?.events as Cached<ServiceEvent>[] | undefined, plan.events),
    scheduler: plan.state,
    conditions,
  };
}

/** 6.6: only the user can unblock it (the ECS event in status.events says the same). */
const blockedByConfiguration = {
  reason: 'DeploymentConfigurationBlocked',
  message: 'minimumHealthyPercent and maximumPercent let no task start or stop: lower minimumHealthyPercent or raise maximumPercent',
} as const;

function computeConditions(plan: ServicePlan, primary: DeploymentRecord | undefined, specRejected: boolean, problem: StatusInput['problem']): ConditionUpdate[] {
  const failed = primary?.rolloutState === 'FAILED';
  const inProgress = primary?.rolloutState === 'IN_PROGRESS';
  const rolledBack = primary?.rollbackOf !== undefined || specRejected;
  const progressing: ConditionUpdate = inProgress
    ? { type: 'Progressing', status: 'True', reason: primary?.rollbackOf === undefined ? 'DeploymentInProgress' : 'RollingBack', message: primary?.rolloutStateReason ?? '' }
    : failed
      ? { type: 'Progressing', status: 'False', reason: 'DeploymentFailed', message: primary?.rolloutStateReason ?? '' }
      : { type: 'Progressing', status: 'False', reason: 'DeploymentCompleted', message: primary?.rolloutStateReason ?? 'No deployment in progress' };
  const reconciling: ConditionUpdate = { ...progressing, type: 'Reconciling' };
  let stalled: ConditionUpdate = { type: 'Stalled', status: 'False', reason: 'NotStalled', message: 'The service scheduler can act on the spec' };
  if (problem !== undefined) stalled = { type: 'Stalled', status: 'True', reason: problem.reason, message: problem.message };
  else if (failed) stalled = { type: 'Stalled', status: 'True', reason: 'DeploymentFailed', message: primary?.rolloutStateReason ?? '' };
  else if (plan.blocked) stalled = { type: 'Stalled', status: 'True', ...blockedByConfiguration };
  else if (rolledBack) stalled = { type: 'Stalled', status: 'True', reason: 'RolledBack', message: `The circuit breaker rolled back the applied configuration; the service runs ${plan.status.taskDefinition}. Apply a new configuration to deploy again.` };
  let ready: ConditionUpdate;
  if (plan.lifecycle !== 'ACTIVE') ready = { type: 'Ready', status: 'False', reason: plan.lifecycle === 'DRAINING' ? 'Draining' : 'Inactive', message: `The service is ${plan.lifecycle}` };
  else if (problem !== undefined) ready = { type: 'Ready', status: 'False', reason: problem.reason, message: problem.message };
  else if (plan.blocked) ready = { type: 'Ready', status: 'False', ...blockedByConfiguration };
  else if (plan.steady) ready = { type: 'Ready', status: 'True', reason: 'SteadyState', message: `${plan.status.runningCount} of ${plan.status.desiredCount} tasks RUNNING; the service has reached a steady state` };
  else ready = { type: 'Ready', status: 'False', reason: failed ? 'DeploymentFailed' : inProgress ? 'DeploymentInProgress' : 'NotSteady', message: `${plan.status.runningCount} of ${plan.status.desiredCount} tasks RUNNING, ${plan.status.pendingCount} PENDING` };
  return [ready, progressing, reconciling, stalled];
}

/** Status for a Service the scheduler cannot plan at all (no Cluster, no revision yet). */
export function computeBlockedStatus(previous: Cached<ServiceStatus> | undefined, generation: number | undefined, now: Date, reason: string, message: string, event: ServiceEvent | undefined): ServiceStatus {
  let conditions = (previous?.conditions ?? []) as Condition[];
  conditions = setCondition(conditions, { type: 'Ready', status: 'False', reason, message }, generation, now);
  conditions = setCondition(conditions, { type: 'Stalled', status: 'True', reason, message }, generation, now);
  conditions = setCondition(conditions, { type: 'Progressing', status: 'False', reason, message }, generation, now);
  conditions = setCondition(conditions, { type: 'Reconciling', status: 'False', reason, message }, generation, now);
  const repeated = event !== undefined && previous?.events?.[0]?.message === event.message;
  return {
    ...(previous as ServiceStatus | undefined),
    observedGeneration: generation,
    status: previous?.status ?? 'ACTIVE',
    events: repeated || event === undefined ? ((previous?.events ?? []) as ServiceEvent[]) : [event, ...((previous?.events ?? []) as ServiceEvent[])].slice(0, MAX_SERVICE_EVENTS),
    conditions,
  };
}

/** The Kubernetes Event each transition gets (what `kubectl describe ecssvc` shows). */
export function kubernetesEventOf(type: ServiceTransitionType): { type: 'Normal' | 'Warning'; reason: string } {
  switch (type) {
    case 'SERVICE_STEADY_STATE':
      return { type: 'Normal', reason: 'SteadyState' };
    case 'SERVICE_TASK_START_IMPAIRED':
      return { type: 'Warning', reason: 'TaskStartImpaired' };
    case 'SERVICE_TASK_PLACEMENT_FAILURE':
      return { type: 'Warning', reason: 'TaskPlacementFailure' };
    case 'SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED':
      return { type: 'Warning', reason: 'DaemonPlacementConstraintViolated' };
    case 'SERVICE_DEPLOYMENT_IN_PROGRESS':
      return { type: 'Normal', reason: 'DeploymentInProgress' };
    case 'SERVICE_DEPLOYMENT_COMPLETED':
      return { type: 'Normal', reason: 'DeploymentCompleted' };
    case 'SERVICE_DEPLOYMENT_FAILED':
      return { type: 'Warning', reason: 'DeploymentFailed' };
    case 'SERVICE_REBALANCING_STARTED':
      return { type: 'Normal', reason: 'RebalancingStarted' };
    case 'SERVICE_REBALANCING_COMPLETED':
      return { type: 'Normal', reason: 'RebalancingCompleted' };
  }
}

/** The Kubernetes Event of a service event that no transition carries. */
export function kubernetesEventOfMessage(serviceName: string, message: string): { type: 'Normal' | 'Warning'; reason: string } {
  if (message === serviceMessages.deploymentConfigurationBlockedMessage(serviceName)) return { type: 'Warning', reason: 'DeploymentConfigurationBlocked' };
  if (message.startsWith(`service (${serviceName}) was unable to reach steady state because task set`)) return { type: 'Warning', reason: 'ScaleInProtected' };
  return { type: 'Normal', reason: 'ServiceEvent' };
}

/**
 * The merge patch that turns `previous` into `next`: a merge patch keeps keys it does not name,
 * so every key `next` dropped (a cleared rejectedRevisionId, a PRIMARY without taskDefinition)
 * is sent as null. Lists are replaced whole, as merge patches do.
 */
export function computeMergePatch(previous: unknown, next: unknown): unknown {
  if (!isPlainObject(previous) || !isPlainObject(next)) return next;
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(next)) {
    if (value === undefined) continue;
    patch[key] = key in previous ? computeMergePatch(previous[key], value) : value;
  }
  for (const key of Object.keys(previous)) if (!(key in next) || next[key] === undefined) patch[key] = null;
  return patch;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
