// RunTask and StartTask, decided at once on one view of the cluster (pure): the placement
// engine places the tasks the way the Task controller would, and only placed tasks become Task
// objects. A task that fits nowhere is a `failures[]` entry with ECS's reason and the closest
// instance, and no Task is created for it (RunTask never leaves a task waiting).
//
// RunTask's Tasks are plain Tasks: the operator places each one itself a moment later, on the
// cluster as it is then. Capacity that frees or fills in between can change the instance, or,
// rarely, leave a Task waiting in PROVISIONING (until the Cluster's placementTimeout), as the
// same race does in ECS; `tasks[]` therefore carries no containerInstanceArn yet. StartTask's
// Tasks name their instance (spec.containerInstances), which the Task controller checks.
import { API_VERSION } from '../api/v1alpha1/meta.ts';
import { applyTaskOverride } from '../api/v1alpha1/apply-task-override.ts';
import { DEFAULT_CLUSTER_NAME } from '../api/v1alpha1/cluster.ts';
import type { NormalizedTaskDefinition } from '../api/v1alpha1/normalize-task-definition.ts';
import type { PlacementConstraint } from '../api/v1alpha1/placement.ts';
import { formatTaskDefinition } from '../api/v1alpha1/task-definition-reference.ts';
import type { Task } from '../api/v1alpha1/task.ts';
import { requirementOf } from '../controllers/task/task-requirements.ts';
import type { PlacementConstraint as DomainConstraint, PlacementStrategy as DomainStrategy } from '../domain/task-definition.ts';
import { checkStartTask, EMPTY_CLUSTER_MESSAGE, MAX_RUN_TASK_COUNT, runTask, type Rng } from '../placement/index.ts';
import { parseClusterIdentifier, parseContainerInstanceIdentifier } from './arn.ts';
import type { ClusterView } from './cluster-view.ts';
import { clusterNotFound, EcsApiError, invalidParameter } from './errors.ts';
import { toEcsPlacementFailure } from './mapping/failure.ts';
import type { RunTaskRequest, StartTaskRequest } from './requests.ts';
import { resolveRevision, type ResolvedRevision } from './resolve-task-definition.ts';
import type { EcsFailure } from './shapes.ts';
import { newTaskName } from './task-names.ts';

export interface PlannedTask {
  manifest: Task;
  /** Where the engine placed it now. */
  containerInstance: string;
  /** The Task names that instance (StartTask), so the answer may say so. */
  pinned: boolean;
}

export interface TaskPlan {
  cluster: string;
  resolved: ResolvedRevision;
  /** The definition with the request's overrides applied. */
  effective: NormalizedTaskDefinition;
  tasks: PlannedTask[];
  failures: EcsFailure[];
}

function clusterOf(view: ClusterView, identifier: string | undefined): string {
  const cluster = identifier === undefined ? DEFAULT_CLUSTER_NAME : parseClusterIdentifier(identifier);
  if (view.cluster(cluster) === undefined) throw clusterNotFound();
  return cluster;
}

function effectiveOf(resolved: ResolvedRevision, overrides: RunTaskRequest['overrides']): NormalizedTaskDefinition {
  const effective = applyTaskOverride(resolved.content, overrides);
  if (!effective.ok) throw invalidParameter(effective.messages.join(' '));
  return effective.taskDefinition;
}

function manifestOf(name: string, namespace: string, cluster: string, resolved: ResolvedRevision, request: RunTaskRequest | StartTaskRequest, constraints: readonly PlacementConstraint[], strategy: RunTaskRequest['placementStrategy']): Task {
  const spec: Task['spec'] = { cluster, taskDefinition: formatTaskDefinition(resolved.family, resolved.revision.revision), desiredStatus: 'RUNNING' };
  if (request.overrides !== undefined) spec.overrides = request.overrides;
  if (request.group !== undefined) spec.group = request.group;
  if (request.startedBy !== undefined) spec.startedBy = request.startedBy;
  if (constraints.length > 0) spec.placementConstraints = [...constraints];
  if (strategy !== undefined && strategy.length > 0) spec.placementStrategy = strategy;
  if ('launchType' in request && request.launchType !== undefined) spec.launchType = request.launchType as Task['spec']['launchType'];
  if ('capacityProviderStrategy' in request && request.capacityProviderStrategy !== undefined) spec.capacityProviderStrategy = request.capacityProviderStrategy;
  if (request.networkConfiguration !== undefined) spec.networkConfiguration = request.networkConfiguration as Task['spec']['networkConfiguration'];
  if (request.enableExecuteCommand !== undefined) spec.enableExecuteCommand = request.enableExecuteCommand;
  if (request.propagateTags !== undefined) spec.propagateTags = request.propagateTags;
  if (request.tags !== undefined) spec.tags = request.tags.map((t) => ({ key: t.key, value: t.value ?? '' }));
  return { apiVersion: API_VERSION as Task['apiVersion'], kind: 'Task', metadata: { name, namespace }, spec };
}

export function planRunTask(view: ClusterView, request: RunTaskRequest, namespace: string, rng: Rng, nameOf: (family: string) => string = newTaskName): TaskPlan {
  const cluster = clusterOf(view, request.cluster);
  const count = request.count ?? 1;
  if (!Number.isInteger(count) || count < 1 || count > MAX_RUN_TASK_COUNT) throw invalidParameter(`count must be between 1 and ${MAX_RUN_TASK_COUNT}.`);
  const resolved = resolveRevision(view.revisions, request.taskDefinition, namespace, { forNewTasks: true });
  const effective = effectiveOf(resolved, request.overrides);
  const requestConstraints = request.placementConstraints ?? [];
  const constraints = [...(effective.placementConstraints ?? []), ...requestConstraints] as DomainConstraint[];
  const group = request.group ?? `family:${resolved.family}`;
  const { instances } = view.eligibleInstancesOf(cluster);
  const snapshot = view.snapshotOf(instances);
  const names = Array.from({ length: count }, () => nameOf(resolved.family));
  const outcome = runTask(
    {
      kind: 'runTask',
      group,
      count,
      requirement: requirementOf(effective),
      placementConstraints: constraints,
      placementStrategy: request.placementStrategy as DomainStrategy[] | undefined,
      capacityProviderStrategy: request.launchType === undefined ? (request.capacityProviderStrategy ?? view.cluster(cluster)?.spec.defaultCapacityProviderStrategy) : undefined,
      taskArns: names,
      taskDefinitionArn: formatTaskDefinition(resolved.family, resolved.revision.revision),
    },
    snapshot,
    rng,
  );
  if ('error' in outcome) throw new EcsApiError(outcome.error.code === 'ClusterNotFoundException' ? 'ClusterNotFoundException' : 'InvalidParameterException', outcome.error.message);
  const tasks = outcome.placements.map((p) => ({
    manifest: manifestOf(p.taskArn, resolved.namespace, cluster, resolved, request, requestConstraints, request.placementStrategy),
    containerInstance: p.containerInstanceId,
    pinned: false,
  }));
  return { cluster, resolved, effective, tasks, failures: outcome.failures.map((f) => toEcsPlacementFailure(cluster, f)) };
}

/** StartTask is the custom scheduler's call on EC2 instances: refused for Fargate. */
export const START_TASK_FARGATE = 'StartTask is supported only for tasks on EC2 container instances; the FARGATE launch type is not supported.';

export function planStartTask(view: ClusterView, request: StartTaskRequest, namespace: string, nameOf: (family: string) => string = newTaskName): TaskPlan {
  const cluster = clusterOf(view, request.cluster);
  if (request.launchType === 'FARGATE') throw invalidParameter(START_TASK_FARGATE);
  const resolved = resolveRevision(view.revisions, request.taskDefinition, namespace, { forNewTasks: true });
  const compatibilities = resolved.content.requiresCompatibilities ?? [];
  if (compatibilities.length > 0 && !compatibilities.includes('EC2')) throw invalidParameter(START_TASK_FARGATE);
  const effective = effectiveOf(resolved, request.overrides);
  const group = request.group ?? `family:${resolved.family}`;
  // Every member Node may be named, cordoned ones too (refused as INACTIVE by the checks).
  const snapshot = view.snapshotOf(view.allInstancesOf(cluster));
  const nodes = request.containerInstances.map((id) => parseContainerInstanceIdentifier(id).node);
  const names = nodes.map(() => nameOf(resolved.family));
  const outcome = checkStartTask({ containerInstanceIds: nodes, group, requirement: requirementOf(effective), taskArns: names }, snapshot);
  if ('error' in outcome) throw invalidParameter(outcome.error.message);
  const tasks = outcome.placements.map((p) => {
    const manifest = manifestOf(p.taskArn, resolved.namespace, cluster, resolved, request, [], undefined);
    // StartTask's field of the Task API (one instance per Task); the Task controller checks it.
    (manifest.spec as Task['spec'] & { containerInstances?: string[] }).containerInstances = [p.containerInstanceId];
    return { manifest, containerInstance: p.containerInstanceId, pinned: true };
  });
  return { cluster, resolved, effective, tasks, failures: outcome.failures.map((f) => toEcsPlacementFailure(cluster, f)) };
}

export { EMPTY_CLUSTER_MESSAGE };
