// RegisterTaskDefinition's validation rules (ECS-SEMANTICS 1.9, V1..V13) with ECS's own
// message texts where a public source shows them. Rules whose text is unknown ("msg unknown"
// in the spec) carry a descriptive text of ours, marked below. The first broken rule wins,
// as ECS reports one error per call.
import { clientException, type EcsError } from './ecs-error.ts';
import type { TaskDefinition } from './task-definition.ts';
import { MAX_TASK_CPU, MIN_TASK_CPU, parseTaskCpu, parseTaskMemory } from './task-size.ts';

export const MAX_CONTAINERS_PER_TASK_DEFINITION = 10;
export const MAX_PLACEMENT_CONSTRAINTS = 10;

export interface RegistrationOptions {
  /** Syntax check for memberOf expressions (the placement engine's parser); undefined = valid. */
  expressionError?: (expression: string) => string | undefined;
}

/** Returns the ClientException ECS would give, or undefined when the definition registers. */
export function checkTaskDefinitionRegistration(definition: TaskDefinition, options: RegistrationOptions = {}): EcsError | undefined {
  for (const rule of RULES) {
    const message = rule(definition, options);
    if (message !== undefined) return clientException(message);
  }
  return undefined;
}

type Rule = (definition: TaskDefinition, options: RegistrationOptions) => string | undefined;

const FAMILY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

const RULES: readonly Rule[] = [
  // Family: up to 255 letters, digits, `_` and `-` (1.1). Text is ours.
  (td) => (typeof td.family === 'string' && FAMILY_PATTERN.test(td.family) ? undefined : 'Family contains invalid characters or is empty.'),
  // V1 (observed text).
  (td) => (td.containerDefinitions.length > MAX_CONTAINERS_PER_TASK_DEFINITION ? 'Too many containers.' : undefined),
  // At least one container (the API requires the list). Text is ours.
  (td) => (td.containerDefinitions.length === 0 ? 'Container list cannot be empty.' : undefined),
  // V13 (MOTO's text; the real wording is unverified).
  (td) => firstOf(td.containerDefinitions, (c) => (isBlank(c.name) ? 'Container.name should not be null or empty.' : undefined)),
  (td) => firstOf(td.containerDefinitions, (c) => (isBlank(c.image) ? 'Container.image should not be null or empty.' : undefined)),
  (td) =>
    firstOf(td.containerDefinitions, (c) =>
      NAME_PATTERN.test(c.name ?? '') ? undefined : `Invalid setting for container '${c.name}'. Container name contains invalid characters.`,
    ),
  // V7 (documented text): task cpu outside the allowed range.
  (td) => {
    const cpu = parseTaskCpu(td.cpu);
    if (cpu === undefined) return undefined;
    return Number.isInteger(cpu) && cpu >= MIN_TASK_CPU && cpu <= MAX_TASK_CPU ? undefined : "Invalid 'cpu' setting for task.";
  },
  // Task memory must parse. Text mirrors V7's.
  (td) => {
    const memory = parseTaskMemory(td.memory);
    return memory === undefined || (Number.isInteger(memory) && memory > 0) ? undefined : "Invalid 'memory' setting for task.";
  },
  // V2 (observed text): no task memory and a container with neither memory nor memoryReservation.
  (td) =>
    parseTaskMemory(td.memory) !== undefined
      ? undefined
      : firstOf(td.containerDefinitions, (c) =>
          c.memory === undefined && c.memoryReservation === undefined
            ? `Invalid setting for container '${c.name}'. At least one of 'memory' or 'memoryReservation' must be specified.`
            : undefined,
        ),
  // V3: memory < memoryReservation (equal is accepted). Text is ours.
  (td) =>
    firstOf(td.containerDefinitions, (c) =>
      c.memory !== undefined && c.memoryReservation !== undefined && c.memory < c.memoryReservation
        ? `Invalid setting for container '${c.name}'. 'memory' must be greater than or equal to 'memoryReservation'.`
        : undefined,
    ),
  // V4 (observed text).
  (td) => {
    const cpu = parseTaskCpu(td.cpu);
    if (cpu === undefined) return undefined;
    const containerCpu = td.containerDefinitions.reduce((total, c) => total + (c.cpu ?? 0), 0);
    return containerCpu > cpu ? "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'." : undefined;
  },
  // V6 (observed text): a container's hard limit above the task's.
  (td) => {
    const memory = parseTaskMemory(td.memory);
    if (memory === undefined) return undefined;
    return firstOf(td.containerDefinitions, (c) =>
      c.memory !== undefined && c.memory > memory ? `'memory' setting for container '${c.name}' is greater than for task.` : undefined,
    );
  },
  // V5 (observed text).
  (td) => {
    const memory = parseTaskMemory(td.memory);
    if (memory === undefined) return undefined;
    const reserved = td.containerDefinitions.reduce((total, c) => total + (c.memoryReservation ?? 0), 0);
    return reserved > memory
      ? "The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'."
      : undefined;
  },
  // V12: at least one essential container (essential defaults to true). Text is ours.
  (td) => (td.containerDefinitions.some((c) => c.essential !== false) ? undefined : 'A task definition must have at least one essential container.'),
  // V9: COMPLETE/SUCCESS may only target non-essential containers. Text is ours.
  (td) => {
    const essential = new Set(td.containerDefinitions.filter((c) => c.essential !== false).map((c) => c.name));
    return firstOf(td.containerDefinitions, (c) =>
      firstOf(c.dependsOn ?? [], (d) =>
        (d.condition === 'COMPLETE' || d.condition === 'SUCCESS') && essential.has(d.containerName)
          ? `Invalid setting for container '${c.name}'. Dependency condition '${d.condition}' is not allowed on essential container '${d.containerName}'.`
          : undefined,
      ),
    );
  },
  // V11: no port mappings with networkMode none. Text is ours.
  (td) =>
    td.networkMode === 'none'
      ? firstOf(td.containerDefinitions, (c) =>
          (c.portMappings?.length ?? 0) > 0 ? `Invalid setting for container '${c.name}'. Port mappings are not allowed with network mode 'none'.` : undefined,
        )
      : undefined,
  // V10: with awsvpc or host, hostPort must be omitted or equal containerPort. Text is ours.
  (td) =>
    td.networkMode === 'awsvpc' || td.networkMode === 'host'
      ? firstOf(td.containerDefinitions, (c) =>
          firstOf(c.portMappings ?? [], (m) =>
            m.hostPort !== undefined && m.hostPort !== m.containerPort
              ? `Invalid setting for container '${c.name}'. When networkMode=${td.networkMode}, the host port must be the same as the container port or omitted.`
              : undefined,
          ),
        )
      : undefined,
  // V8 (observed text), then the constraint count (1.8) and memberOf syntax.
  (td) =>
    firstOf(td.placementConstraints ?? [], (p) => (p.type === 'distinctInstance' ? "constraint.type 'distinctInstance' is not supported." : undefined)),
  (td) =>
    (td.placementConstraints?.length ?? 0) > MAX_PLACEMENT_CONSTRAINTS
      ? `Too many placement constraints. At most ${MAX_PLACEMENT_CONSTRAINTS} are allowed.`
      : undefined,
  (td, options) =>
    firstOf(td.placementConstraints ?? [], (p) => {
      if (p.type !== 'memberOf') return undefined;
      if (isBlank(p.expression)) return 'constraint.expression must be specified for memberOf.';
      const error = options.expressionError?.(p.expression);
      return error === undefined ? undefined : `Invalid constraint expression: ${error}`;
    }),
];

function firstOf<T>(items: readonly T[], check: (item: T) => string | undefined): string | undefined {
  for (const item of items) {
    const message = check(item);
    if (message !== undefined) return message;
  }
  return undefined;
}

function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() === '';
}
