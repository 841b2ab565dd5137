// RunTask: the request-level checks ECS makes before placing anything (the call fails with an
// exception), then placement. Texts marked Q18 are ours; ECS documents the limits, not the
// wording.
import { invalidParameter, type EcsError } from '../domain/ecs-error.ts';
import type { PlacementConstraint, PlacementStrategy } from '../domain/task-definition.ts';
import { MAX_PLACEMENT_CONSTRAINTS, MAX_PLACEMENT_STRATEGIES } from '../domain/task-definition-rules.ts';
import { assertNever } from './assert-never.ts';
import { capacityProviderStrategyError } from './capacity-provider-split.ts';
import { placeTasks, registeredInstances, type PlacementRequest, type PlacementResult } from './place-tasks.ts';
import { queryError } from './query/compile.ts';
import type { Rng } from './rng.ts';
import type { ClusterSnapshot } from './snapshot.ts';

export const MAX_RUN_TASK_COUNT = 10;
export { MAX_PLACEMENT_STRATEGIES };
export const MAX_GROUP_LENGTH = 255;
/** PlacementConstraint.expression limit (3.2). */
export const MAX_EXPRESSION_LENGTH = 2000;
export const EMPTY_CLUSTER_MESSAGE = 'No Container Instances were found in your cluster.';

export type RunTaskOutcome = { error: EcsError } | PlacementResult;

/** Checks, then places. `request.placementConstraints` = task definition's then the request's. */
export function runTask(request: PlacementRequest, snapshot: ClusterSnapshot, rng: Rng): RunTaskOutcome {
  const error = checkRunTaskRequest(request, snapshot);
  return error === undefined ? placeTasks(request, snapshot, rng) : { error };
}

export function checkRunTaskRequest(request: PlacementRequest, snapshot: ClusterSnapshot): EcsError | undefined {
  if (!Number.isInteger(request.count) || request.count < 1 || request.count > MAX_RUN_TASK_COUNT) {
    return invalidParameter(`count must be between 1 and ${MAX_RUN_TASK_COUNT}.`);
  }
  const strategies = request.placementStrategy ?? [];
  if (strategies.length > MAX_PLACEMENT_STRATEGIES) {
    return invalidParameter(`The number of placement strategies cannot exceed ${MAX_PLACEMENT_STRATEGIES}.`);
  }
  for (const strategy of strategies) {
    const message = strategyError(strategy);
    if (message !== undefined) return invalidParameter(message);
  }
  const constraints = request.placementConstraints ?? [];
  if (constraints.length > MAX_PLACEMENT_CONSTRAINTS) {
    return invalidParameter(
      `The number of placement constraints, task definition and request combined, cannot exceed ${MAX_PLACEMENT_CONSTRAINTS}.`,
    );
  }
  for (const constraint of constraints) {
    const message = constraintError(constraint);
    if (message !== undefined) return invalidParameter(message);
  }
  if (request.group.length === 0 || request.group.length > MAX_GROUP_LENGTH) {
    return invalidParameter(`group must be between 1 and ${MAX_GROUP_LENGTH} characters.`);
  }
  const providerError = capacityProviderStrategyError(request.capacityProviderStrategy ?? []);
  if (providerError !== undefined) return invalidParameter(providerError);
  if (registeredInstances(snapshot).length === 0) return invalidParameter(EMPTY_CLUSTER_MESSAGE);
  return undefined;
}

function strategyError(strategy: PlacementStrategy): string | undefined {
  switch (strategy.type) {
    case 'binpack':
      return strategy.field === 'cpu' || strategy.field === 'memory' ? undefined : `Invalid field '${String(strategy.field)}' for placement strategy binpack: use cpu or memory.`;
    case 'spread':
      return strategy.field === 'instanceId' || strategy.field === 'host' || /^attribute:.+/.test(strategy.field ?? '')
        ? undefined
        : `Invalid field '${String(strategy.field)}' for placement strategy spread: use instanceId, host or attribute:<name>.`;
    case 'random':
      return undefined;
    default:
      return assertNever(strategy);
  }
}

function constraintError(constraint: PlacementConstraint): string | undefined {
  switch (constraint.type) {
    case 'distinctInstance':
      return constraint.expression === undefined || constraint.expression === ''
        ? undefined
        : 'An expression is not allowed for placement constraint type distinctInstance.';
    case 'memberOf': {
      if (constraint.expression === undefined || constraint.expression.trim() === '') return 'An expression is required for placement constraint type memberOf.';
      if (constraint.expression.length > MAX_EXPRESSION_LENGTH) return `A placement constraint expression cannot be longer than ${MAX_EXPRESSION_LENGTH} characters.`;
      const error = queryError(constraint.expression);
      return error === undefined ? undefined : `Invalid placement constraint expression '${constraint.expression}': ${error}`;
    }
    default:
      return assertNever(constraint);
  }
}
