/**
 * Validation error texts of the API: the CEL rules in the CRDs and the controller-side checks
 * use the same strings. The task definition registration texts (ECS-SEMANTICS 1.9) are the
 * domain's, re-exported here so that the CEL rules, the controller and `stevedore simulate`
 * share one set (src/domain/task-definition-messages.ts).
 */

export {
  TOO_MANY_CONTAINERS,
  CPU_SUM_EXCEEDS_TASK,
  MEMORY_RESERVATION_SUM_EXCEEDS_TASK,
  DISTINCT_INSTANCE_NOT_SUPPORTED,
  INVALID_TASK_CPU,
  INVALID_TASK_MEMORY,
  memoryNotSpecified,
  containerMemoryExceedsTask,
  NO_ESSENTIAL_CONTAINER,
  memoryBelowReservation,
  dependsOnEssential,
  dependsOnUnknown,
  hostPortMustEqualContainerPort,
  portMappingsWithNetworkModeNone,
  DUPLICATE_CONTAINER_NAMES,
  mountPointUnknownVolume,
} from '../../domain/task-definition-messages.ts';

// Services (ECS-SEMANTICS 6.3): ECS's own texts.
export const DAEMON_NO_PLACEMENT_STRATEGY =
  'The daemon scheduling strategy does not support placement strategies. Remove the placement strategy and try again';
export const DAEMON_NO_DESIRED_COUNT =
  'The daemon scheduling strategy does not support a desired count for services. Remove the desired count value and try again';
export const DAEMON_NO_CAPACITY_PROVIDER_STRATEGY =
  'Specifying a capacity provider strategy is not supported when you create a service using the DAEMON scheduling strategy.';
export const LAUNCH_TYPE_WITH_CAPACITY_PROVIDER_STRATEGY = 'Specifying both a launchType and capacityProviderStrategy is not supported.';
// Ours.
export const DAEMON_MAXIMUM_PERCENT = "The daemon scheduling strategy requires 'maximumPercent' to be 100.";
export const REPLICA_NEEDS_DESIRED_COUNT = "The REPLICA scheduling strategy requires 'desiredCount'.";

// Tasks: ours.
export const STOPPED_TASK_CANNOT_RUN = 'A task whose desiredStatus is STOPPED cannot be set back to RUNNING.';
export const START_TASK_NO_PLACEMENT = 'containerInstances (StartTask) cannot be combined with placementConstraints or placementStrategy: the task runs on the named instance.';
export const START_TASK_NO_CAPACITY_PROVIDER_STRATEGY = 'containerInstances (StartTask) cannot be combined with capacityProviderStrategy: StartTask runs on the named EC2 instance.';
export const TASK_SPEC_IMMUTABLE = 'A task cannot be changed after it was run, except desiredStatus and stoppedReason.';
export const DEREGISTRATION_IS_PERMANENT = 'A deregistered revision cannot be registered again: ECS deregistration is permanent.';
