/**
 * Registration error texts. ECS's own wording where a public source shows it
 * (ECS-SEMANTICS 1.9, 6.3); our wording, in ECS's style, where ECS's is unknown. The CEL rules
 * in the CRD and the controller-side checks use the same strings.
 */

export const TOO_MANY_CONTAINERS = 'Too many containers.';
export const CPU_SUM_EXCEEDS_TASK = "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.";
export const MEMORY_RESERVATION_SUM_EXCEEDS_TASK =
  "The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.";
export const DISTINCT_INSTANCE_NOT_SUPPORTED = "constraint.type 'distinctInstance' is not supported.";
export const INVALID_TASK_CPU = "Invalid 'cpu' setting for task.";
export const INVALID_TASK_MEMORY = "Invalid 'memory' setting for task.";

export const memoryNotSpecified = (container: string): string =>
  `Invalid setting for container '${container}'. At least one of 'memory' or 'memoryReservation' must be specified.`;
export const containerMemoryExceedsTask = (container: string): string =>
  `'memory' setting for container '${container}' is greater than for task.`;

// ECS documents these rules but no public source shows its message: our wording.
export const NO_ESSENTIAL_CONTAINER = 'At least one essential container is required.';
export const memoryBelowReservation = (container: string): string =>
  `Invalid setting for container '${container}'. 'memory' must be greater than or equal to 'memoryReservation'.`;
export const dependsOnEssential = (container: string): string =>
  `Invalid dependsOn for container '${container}'. The COMPLETE and SUCCESS conditions are only allowed on non-essential containers.`;
export const dependsOnUnknown = (container: string): string =>
  `Invalid dependsOn for container '${container}'. It names a container that is not in the task definition.`;
export const hostPortMustEqualContainerPort = (container: string): string =>
  `Invalid port mapping for container '${container}'. With network mode 'host' or 'awsvpc' the 'hostPort' must be omitted or equal to the 'containerPort'.`;
export const portMappingsWithNetworkModeNone = (container: string): string =>
  `Invalid port mapping for container '${container}'. Port mappings are not allowed with network mode 'none'.`;
export const DUPLICATE_CONTAINER_NAMES = 'Container names must be unique within a task definition.';
export const mountPointUnknownVolume = (container: string): string =>
  `Invalid mount point for container '${container}'. 'sourceVolume' must name a volume of the task definition.`;

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
export const TASK_SPEC_IMMUTABLE = 'A task cannot be changed after it was run, except desiredStatus and stoppedReason.';
export const DEREGISTRATION_IS_PERMANENT = 'A deregistered revision cannot be registered again: ECS deregistration is permanent.';
