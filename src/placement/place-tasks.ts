// Places a batch of identical tasks one at a time; each pick sees the earlier ones through
// the workspace. A pick asks the candidate index (candidate-index.ts, indexed-pick.ts) where
// it can answer, else the reference scan (scan-pick.ts): the same rule either way, the
// lexicographically smallest ranker keys among the candidates that pass the dynamic filters,
// the seeded RNG breaking the last tie.
import type { TaskView } from '../domain/task.ts';
import type { TaskRequirement } from '../domain/task-requirement.ts';
import type { PlacementConstraint, PlacementStrategy } from '../domain/task-definition.ts';
import { splitAcrossCapacityProviders, type CapacityProviderStrategyItem } from './capacity-provider-split.ts';
import { explainRejections, FailureList, summarize, toFailures, type PlacementFailure, type UnplacedExplanation } from './explain.ts';
import type { InstanceFilter } from './filters/instance-filter.ts';
import { RESOURCE_FILTERS } from './filters/resource-fit.ts';
import { buildFilterChain } from './pipeline.ts';
import { candidateIndexFor, DEFAULT_INDEX_POLICY, IndexedPick, type IndexPolicy } from './indexed-pick.ts';
import type { Rng } from './rng.ts';
import { scanPick } from './scan-pick.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import type { SnapshotLineage } from './snapshot-lineage.ts';
import { effectiveStrategies, type PlacementContextKind } from './strategies/default-strategies.ts';
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
  return placeTasksWith(request, snapshot, rng, DEFAULT_INDEX_POLICY);
}

/** placeTasks with a choice of when to use the candidate index (tests compare the two paths). */
export function placeTasksWith(request: PlacementRequest, snapshot: ClusterSnapshot, rng: Rng, policy: IndexPolicy): PlacementResult {
  const lineage = snapshot.liveIndexes();
  const workspace = new PlacementWorkspace(snapshot, request.group, request.requirement, lineage);
  try {
    return placeInto(workspace, lineage, request, rng, policy);
  } catch (error) {
    // Picks may have moved the live indexes half-way: they belong to no snapshot now.
    lineage.dropLiveIndexes();
    throw error;
  }
}

function placeInto(workspace: PlacementWorkspace, lineage: SnapshotLineage, request: PlacementRequest, rng: Rng, policy: IndexPolicy): PlacementResult {
  const snapshot = workspace.snapshot;
  const chain = buildFilterChain(request.placementConstraints ?? []);
  const rankers = strategyRankers(effectiveStrategies(request.kind, request.placementStrategy), workspace, lineage);
  const slices = slicesOf(request, snapshot);
  const placements: Placement[] = [];
  const failures = new FailureList();
  const explanations: UnplacedExplanation[] = [];
  // Selection checks the resource stages fused (fitsResources), then the other dynamic ones.
  const dynamicFilters = chain.filter((filter) => filter.dynamic && !RESOURCE_FILTERS.includes(filter));
  for (const slice of slices) {
    const { key, candidates } = passingStaticFilters(slice.scopeKey, slice.scope, chain, workspace);
    const index = candidateIndexFor(key, candidates, slice.count, rankers, workspace, lineage, policy);
    const indexed = index === undefined ? undefined : new IndexedPick(index, rankers, dynamicFilters, workspace);
    for (let k = 0; k < slice.count; k += 1) {
      // Checked per pick: a pick can leave a key the index cannot order exactly.
      const chosen =
        indexed !== undefined && index?.exact === true ? indexed.pick(rng) : scanPick(candidates, dynamicFilters, rankers, workspace, rng);
      if (chosen < 0) {
        // Nothing changes until the next pick, so every remaining task of the slice fails alike.
        const rejections = explainRejections(slice.scope, chain, workspace);
        failures.add(toFailures(rejections));
        const explanation = summarize(rejections);
        for (let rest = k; rest < slice.count; rest += 1) explanations.push(explanation);
        break;
      }
      const taskArn = request.taskArns?.[placements.length] ?? `pending-${placements.length + 1}`;
      const containerInstanceId = workspace.view(chosen).id;
      workspace.commit(chosen, pendingTask(taskArn, containerInstanceId, request));
      placements.push({ taskArn, containerInstanceId, group: request.group });
    }
  }
  return {
    placements,
    failures: failures.entries,
    unplacedCount: request.count - placements.length,
    explanations,
    snapshot: workspace.result(),
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
      registered.filter((i) => snapshot.stateAt(i).view.capacityProviderName === share.capacityProvider),
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
    for (let i = 0; i < snapshot.size; i += 1) if (snapshot.stateAt(i).view.status !== 'INACTIVE') indexes.push(i);
    return indexes;
  });
}

/**
 * Static filters read only the instances' views, which no placement changes: evaluate them
 * once, and remember the survivors on the snapshot so that the next batch of the same kind
 * (a service scaling out ten at a time) skips them entirely. `key` names the survivors.
 */
function passingStaticFilters(
  scopeKey: string,
  scope: readonly number[],
  chain: readonly InstanceFilter[],
  workspace: PlacementWorkspace,
): { key: string; candidates: readonly number[] } {
  const staticFilters = chain.filter((filter) => !filter.dynamic);
  const key = [scopeKey, JSON.stringify(workspace.requirement.requiredAttributes), ...staticFilters.map((f) => f.name)].join('\u0000');
  const candidates = workspace.snapshot.memoizeByViews(key, () => scope.filter((i) => staticFilters.every((filter) => filter.check(i, workspace).ok)));
  return { key, candidates };
}
