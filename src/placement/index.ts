// The placement engine's public API. Everything here is pure: data in, data out, randomness
// through the Rng passed in. See README.md.
export { ClusterSnapshot, type InstanceState } from './snapshot.ts';
export { placeTasks, type Placement, type PlacementRequest, type PlacementResult } from './place-tasks.ts';
export { runTask, checkRunTaskRequest, EMPTY_CLUSTER_MESSAGE, MAX_RUN_TASK_COUNT, MAX_PLACEMENT_STRATEGIES, type RunTaskOutcome } from './run-task.ts';
export { checkStartTask, MAX_START_TASK_INSTANCES, type StartTaskOutcome, type StartTaskRequest } from './start-task.ts';
export { selectTasksToStop, type ScaleInRequest } from './select-tasks-to-stop.ts';
export {
  splitAcrossCapacityProviders,
  capacityProviderStrategyError,
  type CapacityProviderStrategyItem,
  type ProviderShare,
} from './capacity-provider-split.ts';
export { compileQuery, queryError, type CompiledQuery } from './query/compile.ts';
export { QueryError } from './query/query-error.ts';
export { seededRng, type Rng } from './rng.ts';
export type { FailureReason } from './failure-reason.ts';
export type { PlacementFailure, UnplacedExplanation, InstanceRejection } from './explain.ts';
export type { PlacementContextKind } from './strategies/default-strategies.ts';
// The plain views the engine takes, re-exported so callers need one import.
export type { ContainerInstanceView, ContainerInstanceStatus } from '../domain/container-instance.ts';
export type { TaskView, TaskLastStatus } from '../domain/task.ts';
export type { TaskRequirement } from '../domain/task-requirement.ts';
export { computeTaskRequirement } from '../domain/task-requirement.ts';
