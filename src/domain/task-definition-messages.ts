// RegisterTaskDefinition error texts (ECS-SEMANTICS 1.9, V1..V13): the one set of them. ECS's
// own wording where a public source shows it; ours, in ECS's style, where ECS's is unknown.
// `stevedore simulate` (task-definition-rules.ts), the TaskDefinition controller
// (src/api/v1alpha1/check-task-definition.ts) and the CRD's CEL rules (generated from
// src/api/v1alpha1, which re-exports these through validation-messages.ts) use these strings.

// ECS's texts.
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

// ECS documents these rules but no public source shows its message: our wording, the same in
// the CRD's CEL rules, the TaskDefinition controller and `stevedore simulate`.
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

// Checked by `stevedore simulate` only: the CRD schema refuses these shapes before any rule runs.
// V13 is MOTO's text (the real wording is unverified); the others are ours.
export const INVALID_FAMILY = 'Family contains invalid characters or is empty.';
export const EMPTY_CONTAINER_LIST = 'Container list cannot be empty.';
export const CONTAINER_NAME_EMPTY = 'Container.name should not be null or empty.';
export const CONTAINER_IMAGE_EMPTY = 'Container.image should not be null or empty.';
export const invalidContainerName = (container: string): string =>
  `Invalid setting for container '${container}'. Container name contains invalid characters.`;
export const tooManyPlacementConstraints = (max: number): string => `Too many placement constraints. At most ${max} are allowed.`;
export const MEMBER_OF_EXPRESSION_REQUIRED = 'constraint.expression must be specified for memberOf.';
export const invalidConstraintExpression = (error: string): string => `Invalid constraint expression: ${error}`;

