// Places a batch of identical tasks one at a time; each pick sees the earlier ones through
// the workspace's incremental indexes. Per pick the work is one pass over the candidates
// that passed the static filters: dynamic filters, then the rankers as lexicographic keys
// with early exit, keeping the running best and its ties; the seeded RNG breaks the last tie.
import type { TaskView } from '../domain/task.ts';
import type { TaskRequirement } from '../domain/task-requirement.ts';
import type { PlacementConstraint, PlacementStrategy } from '../domain/task-definition.ts';
import { splitAcrossCapacityProviders, type CapacityProviderStrategyItem } from './capacity-provider-split.ts';
import { explainRejections, FailureList, summarize, toFailures, type PlacementFailure, type UnplacedExplanation } from './explain.ts';
import type { InstanceFilter } from './filters/instance-filter.ts';
import { fitsResources, RESOURCE_FILTERS } from './filters/resource-fit.ts';
import { buildFilterChain } from './pipeline.ts';
import { pickIndex, type Rng } from './rng.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import { effectiveStrategies, type PlacementContextKind } from './strategies/default-strategies.ts';
import { rankKey, type Ranker } from './strategies/strategy-module.ts';
import { strategyRankers } from './strategies/strategy-rankers.ts';
import { PlacementWorkspace } from './workspace.ts';

export interface PlacementRequest {
  /** RunTask and services differ only in their default strategy (3.6). */
  kind: PlacementContextKind;
  /** Task group of every task in the batch (`family:web`, `service:api`). */
  group: string;
  count: number;
  requirement: TaskRequirement;
  /** Task definition constraints followed by the request's (combined, 1.8). */
  placementConstraints?: readonly PlacementConstraint[];
  /** Empty or absent ⇒ the default for `kind`. */
  placementStrategy?: readonly PlacementStrategy[];
  capacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
  /** Names for the new tasks in placement order; default `pending-1`, `pending-2`, ... */
  taskArns?: readonly string[];
  /** Copied onto the new tasks. */
  taskDefinitionArn?: string;
}

export interface Placement {
  taskArn: string;
  containerInstanceId: string;
  group: string;
}

export interface PlacementResult {
  placements: Placement[];
  /** ECS `failures`: one per (instance, reason), closest instance first. */
  failures: PlacementFailure[];
  unplacedCount: number;
  /** One per unplaced task. */
  explanations: UnplacedExplanation[];
  /** The cluster with the new tasks (PENDING) holding their resources. */
  snapshot: ClusterSnapshot;
}

export function placeTasks(request: PlacementRequest, snapshot: ClusterSnapshot, rng: Rng): PlacementResult {
  const workspace = new PlacementWorkspace(snapshot, request.group, request.requirement);
  const chain = buildFilterChain(request.placementConstraints ?? []);
  const rankers = strategyRankers(effectiveStrategies(request.kind, request.placementStrategy), workspace);
  const slices = slicesOf(request, snapshot);
  const placements: Placement[] = [];
  const newTasks: TaskView[] = [];
  const failures = new FailureList();
  const explanations: UnplacedExplanation[] = [];
  for (const slice of slices) {
    const candidates = passingStaticFilters(slice.scopeKey, slice.scope, chain, workspace);
    // Selection checks the resource stages fused (fitsResources), then the other dynamic ones.
    const dynamicFilters = chain.filter((filter) => filter.dynamic && !RESOURCE_FILTERS.includes(filter));
    for (let k = 0; k < slice.count; k += 1) {
      const chosen = pickInstance(candidates, dynamicFilters, rankers, workspace, rng);
      if (chosen < 0) {
        // Nothing changes until the next pick, so every remaining task of the slice fails alike.
        const rejections = explainRejections(slice.scope, chain, workspace);
        failures.add(toFailures(rejections));
        const explanation = summarize(rejections);
        for (let rest = k; rest < slice.count; rest += 1) explanations.push(explanation);
        break;
      }
      workspace.commit(chosen);
      const taskArn = request.taskArns?.[placements.length] ?? `pending-${placements.length + 1}`;
      const containerInstanceId = workspace.view(chosen).id;
      placements.push({ taskArn, containerInstanceId, group: request.group });
      newTasks.push(pendingTask(taskArn, containerInstanceId, request));
    }
  }
  return {
    placements,
    failures: failures.entries,
    unplacedCount: request.count - placements.length,
    explanations,
    snapshot: snapshot.withTasks(newTasks),
  };
}

/** A share of the batch and the instances it may use. */
interface Slice {
  count: number;
  /** Names the scope for memoization. */
  scopeKey: string;
  scope: readonly number[];
}

/**
 * Without a capacity provider strategy the whole batch may use every registered instance;
 * with one, each provider's share (7.5) may use only that provider's instances.
 */
function slicesOf(request: PlacementRequest, snapshot: ClusterSnapshot): Slice[] {
  const registered = registeredInstances(snapshot);
  const strategy = request.capacityProviderStrategy;
  if (strategy === undefined || strategy.length === 0) return [{ count: request.count, scopeKey: 'registered', scope: registered }];
  return splitAcrossCapacityProviders(strategy, request.count).map((share) => {
    const scopeKey = `provider:${share.capacityProvider}`;
    const scope = snapshot.memoizeByViews(scopeKey, () =>
      registered.filter((i) => snapshot.instances[i]?.view.capacityProviderName === share.capacityProvider),
    );
    return { count: share.count, scopeKey, scope };
  });
}

/** The task a placement adds to the snapshot: PENDING until the agent reports it running. */
export function pendingTask(taskArn: string, containerInstanceId: string, request: Pick<PlacementRequest, 'group' | 'requirement' | 'taskDefinitionArn'>): TaskView {
  const task: TaskView = { taskArn, containerInstanceId, group: request.group, lastStatus: 'PENDING', requirement: request.requirement };
  if (request.taskDefinitionArn !== undefined) task.taskDefinitionArn = request.taskDefinitionArn;
  return task;
}

/** Instances that belong to the cluster: every one not deregistered. */
export function registeredInstances(snapshot: ClusterSnapshot): readonly number[] {
  return snapshot.memoizeByViews('registered', () => {
    const indexes: number[] = [];
    snapshot.instances.forEach((state, i) => {
      if (state.view.status !== 'INACTIVE') indexes.push(i);
    });
    return indexes;
  });
}

/**
 * Static filters read only the instances' views, which no placement changes: evaluate them
 * once, and remember the survivors on the snapshot so that the next batch of the same kind
 * (a service scaling out ten at a time) skips them entirely.
 */
function passingStaticFilters(scopeKey: string, scope: readonly number[], chain: readonly InstanceFilter[], workspace: PlacementWorkspace): readonly number[] {
  const staticFilters = chain.filter((filter) => !filter.dynamic);
  const key = [scopeKey, JSON.stringify(workspace.requirement.requiredAttributes), ...staticFilters.map((f) => f.name)].join('\u0000');
  return workspace.snapshot.memoizeByViews(key, () => scope.filter((i) => staticFilters.every((filter) => filter.check(i, workspace).ok)));
}

/**
 * One pick: the candidate with the lexicographically smallest ranker keys; among equals, a
 * seeded random one. Returns -1 when no candidate passes the dynamic filters.
 * Keys are compared with early exit: a candidate worse on the first key is not ranked by the
 * second (ECS's "spread over zones, then binpack within the zone").
 */
function pickInstance(
  candidates: readonly number[],
  dynamicFilters: readonly InstanceFilter[],
  rankers: readonly Ranker[],
  workspace: PlacementWorkspace,
  rng: Rng,
): number {
  const m = rankers.length;
  const best = new Float64Array(m);
  const ties: number[] = [];
  const filterCount = dynamicFilters.length;
  candidateLoop: for (let c = 0; c < candidates.length; c += 1) {
    const i = candidates[c] as number;
    if (!fitsResources(i, workspace)) continue;
    for (let f = 0; f < filterCount; f += 1) if (!(dynamicFilters[f] as InstanceFilter).check(i, workspace).ok) continue candidateLoop;
    if (ties.length === 0) {
      for (let j = 0; j < m; j += 1) best[j] = rankKey(rankers[j] as Ranker, i);
      ties.push(i);
      continue;
    }
    let order = 0;
    for (let j = 0; j < m; j += 1) {
      const key = rankKey(rankers[j] as Ranker, i);
      const bestKey = best[j] as number;
      if (key < bestKey) {
        order = -1;
        best[j] = key;
        for (let rest = j + 1; rest < m; rest += 1) best[rest] = rankKey(rankers[rest] as Ranker, i);
        break;
      }
      if (key > bestKey) {
        order = 1;
        break;
      }
    }
    if (order < 0) {
      ties.length = 0;
      ties.push(i);
    } else if (order === 0) {
      ties.push(i);
    }
  }
  if (ties.length === 0) return -1;
  return ties.length === 1 ? (ties[0] as number) : (ties[pickIndex(rng, ties.length)] as number);
}
