// Observe: a Service and what the caches show around it, in the planner's terms
// (src/scheduler/types.ts). Read-only; the only decisions here are ECS's defaults and which
// revision the spec means.
//
// A bare family follows the family's latest ACTIVE revision: a new revision starts a
// deployment. ECS resolves a bare family once, at CreateService/UpdateService time; GitOps users
// expect a registered revision to roll out, so we resolve it on every pass (docs/services.md).
import type { Service, ServiceSpec, ServiceStatus } from '../../api/v1alpha1/service.ts';
import { computeDeploymentConfiguration } from '../../api/v1alpha1/deployment-defaults.ts';
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import { formatTaskDefinition, parseTaskDefinitionReference, resolveTaskDefinitionReference } from '../../api/v1alpha1/task-definition-reference.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { PlacementConstraint, PlacementStrategy } from '../../domain/task-definition.ts';
import type { Cached } from '../../kube/cached.ts';
import { toDate } from '../../kube/cached.ts';
import type {
  CircuitBreakerSettings,
  SchedulerState,
  ServiceRevision,
  ServiceTask,
  TaskDefinitionFacts,
} from '../../scheduler/index.ts';
import { initialSchedulerState } from '../../scheduler/index.ts';
import type { RevisionStore } from '../task-definition/revision-store.ts';
import { requirementOf } from '../task/task-requirements.ts';
import { taskKeyOf } from './service-cluster-reader.ts';

/** The Service annotation whose new value forces a new deployment (`kubectl rollout restart` style). */
export const forceNewDeploymentAnnotation = 'ecs.stevedore.dev/force-new-deployment';

export type RevisionResolution =
  | { ok: true; revision: ServiceRevision }
  | { ok: false; reason: 'TaskDefinitionNotFound' | 'TaskDefinitionInactive' | 'InvalidTaskDefinitionReference'; message: string };

export const serviceNameOf = (service: Cached<Service>): string => service.spec.serviceName ?? service.metadata.name;

export function schedulerStateOf(status: Cached<ServiceStatus> | undefined): SchedulerState {
  const stored = status?.scheduler as SchedulerState | undefined;
  if (stored === undefined || stored === null || !Array.isArray(stored.deployments)) return initialSchedulerState();
  // A copy: the planner returns a new state and never modifies this one, but the cache is shared.
  return structuredClone(stored) as SchedulerState;
}

/** The revision the spec asks for now; the PRIMARY's task definition may stay in use when deregistered. */
export function resolveServiceRevision(service: Cached<Service>, store: RevisionStore, inUse: string | undefined): RevisionResolution {
  const spec = service.spec as ServiceSpec;
  const namespace = service.metadata.namespace as string;
  const inUseRef = inUse === undefined ? undefined : parseTaskDefinitionReference(inUse);
  const requested = parseTaskDefinitionReference(spec.taskDefinition);
  const resolved = resolveTaskDefinitionReference(spec.taskDefinition, (family) => store.revisionsOf(namespace, family), {
    ...(inUseRef?.revision !== undefined && inUseRef.family === requested?.family ? { inUseRevision: inUseRef.revision } : {}),
  });
  if (!resolved.ok) {
    const reason = resolved.reason === 'INACTIVE' ? 'TaskDefinitionInactive' : resolved.reason === 'MISSING' ? 'TaskDefinitionNotFound' : 'InvalidTaskDefinitionReference';
    return { ok: false, reason, message: resolved.message };
  }
  const forceToken = (service.metadata.annotations as Record<string, string> | undefined)?.[forceNewDeploymentAnnotation];
  const other: Record<string, unknown> = {};
  if (spec.tags !== undefined) other['tags'] = spec.tags;
  if (spec.propagateTags !== undefined) other['propagateTags'] = spec.propagateTags;
  if (spec.enableExecuteCommand !== undefined) other['enableExecuteCommand'] = spec.enableExecuteCommand;
  const metadata = spec.taskTemplate?.metadata;
  const revision: ServiceRevision = {
    taskDefinition: formatTaskDefinition(resolved.family, resolved.revision),
    ...(spec.launchType === undefined ? {} : { launchType: spec.launchType }),
    ...(spec.capacityProviderStrategy === undefined ? {} : { capacityProviderStrategy: spec.capacityProviderStrategy }),
    ...(spec.placementConstraints === undefined ? {} : { placementConstraints: spec.placementConstraints as PlacementConstraint[] }),
    ...(spec.placementStrategy === undefined ? {} : { placementStrategy: spec.placementStrategy as PlacementStrategy[] }),
    ...(spec.networkConfiguration === undefined ? {} : { networkConfiguration: spec.networkConfiguration }),
    ...(spec.loadBalancers === undefined ? {} : { loadBalancers: spec.loadBalancers }),
    ...(spec.serviceRegistries === undefined ? {} : { serviceRegistries: spec.serviceRegistries }),
    ...(metadata === undefined ? {} : { taskTemplate: { ...(metadata.labels === undefined ? {} : { labels: metadata.labels }), ...(metadata.annotations === undefined ? {} : { annotations: metadata.annotations }) } }),
    ...(Object.keys(other).length === 0 ? {} : { other }),
    ...(forceToken === undefined ? {} : { forceNewDeploymentToken: forceToken }),
  };
  return { ok: true, revision };
}

/** ECS's circuit breaker defaults (6.10): resetOnHealthyTask true, BOUNDED_PERCENT 50. */
export function circuitBreakerSettingsOf(spec: ServiceSpec): CircuitBreakerSettings {
  const given = spec.deploymentConfiguration?.deploymentCircuitBreaker;
  return {
    enable: given?.enable ?? false,
    rollback: given?.rollback ?? false,
    resetOnHealthyTask: given?.resetOnHealthyTask ?? true,
    thresholdConfiguration: given?.thresholdConfiguration ?? { type: 'BOUNDED_PERCENT', value: 50 },
    ...(given?.countTasksStoppingWithinSeconds === undefined ? {} : { countTasksStoppingWithinSeconds: given.countTasksStoppingWithinSeconds }),
  };
}

export function rolloutSettingsOf(spec: ServiceSpec) {
  const effective = computeDeploymentConfiguration(spec);
  return { minimumHealthyPercent: effective.minimumHealthyPercent, maximumPercent: effective.maximumPercent, deploymentCircuitBreaker: circuitBreakerSettingsOf(spec) };
}

/** Facts for every `family:revision` named, as far as the caches hold them. */
export function taskDefinitionFactsOf(namespace: string, references: Iterable<string>, store: RevisionStore): Record<string, TaskDefinitionFacts> {
  const facts: Record<string, TaskDefinitionFacts> = {};
  for (const reference of references) {
    if (reference in facts) continue;
    const parsed = parseTaskDefinitionReference(reference);
    if (parsed?.revision === undefined) continue;
    const content = store.content(namespace, parsed.family, parsed.revision);
    if (content === undefined) continue;
    facts[reference] = factsOf(content);
  }
  return facts;
}

function factsOf(definition: NormalizedTaskDefinition): TaskDefinitionFacts {
  return {
    requirement: requirementOf(definition),
    ...(definition.placementConstraints === undefined ? {} : { placementConstraints: definition.placementConstraints as PlacementConstraint[] }),
    hasEssentialHealthCheck: definition.containerDefinitions.some((c) => c.essential && c.healthCheck !== undefined),
  };
}

/** A Task as the planner sees it; `namespace/name` is its ARN, as in the placement snapshot. */
export function serviceTaskOf(task: Cached<Task>): ServiceTask {
  const status = task.status;
  const ms = (value: string | undefined) => toDate(value)?.getTime();
  const startedAt = ms(status?.startedAt);
  const stoppedAt = ms(status?.stoppedAt);
  return {
    taskArn: taskKeyOf(task),
    ...(task.spec.startedBy === undefined ? {} : { startedBy: task.spec.startedBy }),
    lastStatus: status?.lastStatus ?? 'PROVISIONING',
    desiredStatus: task.spec.desiredStatus ?? 'RUNNING',
    ...(status?.healthStatus === undefined ? {} : { healthStatus: status.healthStatus }),
    ...(status?.containerInstance === undefined ? {} : { containerInstanceId: status.containerInstance }),
    createdAt: ms(status?.createdAt) ?? ms(task.metadata.creationTimestamp as string | undefined) ?? 0,
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(stoppedAt === undefined ? {} : { stoppedAt }),
    ...(status?.stopCode === undefined ? {} : { stopCode: status.stopCode }),
    ...(status?.stoppedReason === undefined ? {} : { stoppedReason: status.stoppedReason }),
  };
}
