// RegisterTaskDefinition's validation rules (ECS-SEMANTICS 1.9, V1..V13), the one
// implementation of them. The rules read a RegistrationSubject, so both shapes a definition
// comes in can be checked: ECS's own JSON (`stevedore simulate`, below) and the normalised
// TaskDefinition spec (the controller, src/api/v1alpha1/check-task-definition.ts). Each caller
// lists the rules it applies in its own order: the simulator stops at the first broken rule,
// as ECS reports one error per call; the controller reports every broken rule.
import { clientException, type EcsError } from './ecs-error.ts';
import type { TaskDefinition } from './task-definition.ts';
import * as msg from './task-definition-messages.ts';
import { MAX_TASK_CPU, MIN_TASK_CPU, parseTaskCpu, parseTaskMemory } from './task-size.ts';

export const MAX_CONTAINERS_PER_TASK_DEFINITION = 10;
export const MAX_PLACEMENT_CONSTRAINTS = 10;
/** RunTask and CreateService take at most five placement strategies (ECS-SEMANTICS 4). */
export const MAX_PLACEMENT_STRATEGIES = 5;

/** A container as the rules read it. */
export interface SubjectContainer {
  name?: string;
  cpu?: number;
  memory?: number;
  memoryReservation?: number;
}

/** A task definition as the rules read it, task sizes already in units. */
export interface RegistrationSubject<C extends SubjectContainer = SubjectContainer> {
  containerDefinitions: readonly C[];
  /** CPU units; undefined when absent, NaN when the text is not a size. */
  taskCpu: number | undefined;
  /** MiB; undefined when absent, NaN when the text is not a size. */
  taskMemory: number | undefined;
  placementConstraints?: readonly { type: string }[] | undefined;
}

/** A rule about the whole definition: the message when broken. */
export type TaskRule = (td: RegistrationSubject) => string | undefined;
/** A rule about one container: the message when that container breaks it. */
export type ContainerRule = (container: SubjectContainer, td: RegistrationSubject) => string | undefined;

/** V1 (observed text). */
export const tooManyContainers: TaskRule = (td) =>
  td.containerDefinitions.length > MAX_CONTAINERS_PER_TASK_DEFINITION ? msg.TOO_MANY_CONTAINERS : undefined;

/** V7 (documented text): task cpu outside the EC2 range, or not whole units. */
export const taskCpuOutOfRange: TaskRule = (td) =>
  td.taskCpu === undefined || (Number.isInteger(td.taskCpu) && td.taskCpu >= MIN_TASK_CPU && td.taskCpu <= MAX_TASK_CPU)
    ? undefined
    : msg.INVALID_TASK_CPU;

/** V4 (observed text). */
export const containerCpuAboveTask: TaskRule = (td) =>
  td.taskCpu !== undefined && sum(td.containerDefinitions.map((c) => c.cpu ?? 0)) > td.taskCpu ? msg.CPU_SUM_EXCEEDS_TASK : undefined;

/** V5 (observed text). */
export const memoryReservationAboveTask: TaskRule = (td) =>
  td.taskMemory !== undefined && sum(td.containerDefinitions.map((c) => c.memoryReservation ?? 0)) > td.taskMemory
    ? msg.MEMORY_RESERVATION_SUM_EXCEEDS_TASK
    : undefined;

/** V8 (observed text). */
export const distinctInstanceInTaskDefinition: TaskRule = (td) =>
  (td.placementConstraints ?? []).some((p) => p.type === 'distinctInstance') ? msg.DISTINCT_INSTANCE_NOT_SUPPORTED : undefined;

/** V2 (observed text): no task memory and a container with neither memory nor memoryReservation. */
export const memoryNotSpecified: ContainerRule = (c, td) =>
  td.taskMemory === undefined && c.memory === undefined && c.memoryReservation === undefined ? msg.memoryNotSpecified(String(c.name)) : undefined;

/** V3: memory < memoryReservation (equal is accepted). Text is ours. */
export const memoryBelowReservation: ContainerRule = (c) =>
  c.memory !== undefined && c.memoryReservation !== undefined && c.memory < c.memoryReservation ? msg.memoryBelowReservation(String(c.name)) : undefined;

/** V6 (observed text): a container's hard limit above the task's. */
export const containerMemoryAboveTask: ContainerRule = (c, td) =>
  td.taskMemory !== undefined && c.memory !== undefined && c.memory > td.taskMemory ? msg.containerMemoryExceedsTask(String(c.name)) : undefined;

// ---------------------------------------------------------------------------------------------
// `stevedore simulate`: ECS's RegisterTaskDefinition on ECS's JSON.

export interface RegistrationOptions {
  /** Syntax check for memberOf expressions (the placement engine's parser); undefined = valid. */
  expressionError?: (expression: string) => string | undefined;
}

type SimulatedSubject = RegistrationSubject<TaskDefinition['containerDefinitions'][number]> & TaskDefinition;
type SimulatedRule = (td: SimulatedSubject, options: RegistrationOptions) => string | undefined;

/** Returns the ClientException ECS would give, or undefined when the definition registers. */
export function checkTaskDefinitionRegistration(definition: TaskDefinition, options: RegistrationOptions = {}): EcsError | undefined {
  const subject: SimulatedSubject = { ...definition, taskCpu: parseTaskCpu(definition.cpu), taskMemory: parseTaskMemory(definition.memory) };
  for (const rule of SIMULATED_RULES) {
    const message = rule(subject, options);
    if (message !== undefined) return clientException(message);
  }
  return undefined;
}

const FAMILY_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,255}$/;

/** The first container that breaks `rule`, as a rule about the definition. */
const anyContainer =
  (rule: ContainerRule): SimulatedRule =>
  (td) =>
    firstOf(td.containerDefinitions, (c) => rule(c, td));

// In the order ECS-SEMANTICS 1.9 lists what ECS checks first.
const SIMULATED_RULES: readonly SimulatedRule[] = [
  // Family: up to 255 letters, digits, `_` and `-` (1.1). Text is ours.
  (td) => (typeof td.family === 'string' && FAMILY_PATTERN.test(td.family) ? undefined : msg.INVALID_FAMILY),
  tooManyContainers,
  // At least one container (the API requires the list). Text is ours.
  (td) => (td.containerDefinitions.length === 0 ? msg.EMPTY_CONTAINER_LIST : undefined),
  // V13 (MOTO's text; the real wording is unverified).
  (td) => firstOf(td.containerDefinitions, (c) => (isBlank(c.name) ? msg.CONTAINER_NAME_EMPTY : undefined)),
  (td) => firstOf(td.containerDefinitions, (c) => (isBlank(c.image) ? msg.CONTAINER_IMAGE_EMPTY : undefined)),
  (td) => firstOf(td.containerDefinitions, (c) => (NAME_PATTERN.test(c.name ?? '') ? undefined : msg.invalidContainerName(String(c.name)))),
  taskCpuOutOfRange,
  // Task memory must parse. Text mirrors V7's.
  (td) => (td.taskMemory === undefined || (Number.isInteger(td.taskMemory) && td.taskMemory > 0) ? undefined : msg.INVALID_TASK_MEMORY),
  anyContainer(memoryNotSpecified),
  anyContainer(memoryBelowReservation),
  containerCpuAboveTask,
  anyContainer(containerMemoryAboveTask),
  memoryReservationAboveTask,
  // V12: at least one essential container (essential defaults to true).
  (td) => (td.containerDefinitions.some((c) => c.essential !== false) ? undefined : msg.NO_ESSENTIAL_CONTAINER),
  // V9: COMPLETE/SUCCESS may only target non-essential containers.
  (td) => {
    const essential = new Set(td.containerDefinitions.filter((c) => c.essential !== false).map((c) => c.name));
    return firstOf(td.containerDefinitions, (c) =>
      firstOf(c.dependsOn ?? [], (d) =>
        (d.condition === 'COMPLETE' || d.condition === 'SUCCESS') && essential.has(d.containerName)
          ? msg.dependsOnEssential(String(c.name))
          : undefined,
      ),
    );
  },
  // V11: no port mappings with networkMode none.
  (td) =>
    td.networkMode === 'none'
      ? firstOf(td.containerDefinitions, (c) => ((c.portMappings?.length ?? 0) > 0 ? msg.portMappingsWithNetworkModeNone(String(c.name)) : undefined))
      : undefined,
  // V10: with awsvpc or host, hostPort must be omitted or equal containerPort.
  (td) => {
    const networkMode = td.networkMode;
    return networkMode === 'awsvpc' || networkMode === 'host'
      ? firstOf(td.containerDefinitions, (c) =>
          firstOf(c.portMappings ?? [], (m) =>
            m.hostPort !== undefined && m.hostPort !== m.containerPort ? msg.hostPortMustEqualContainerPort(String(c.name)) : undefined,
          ),
        )
      : undefined;
  },
  // V8, then the constraint count (1.8) and memberOf syntax.
  distinctInstanceInTaskDefinition,
  (td) => ((td.placementConstraints?.length ?? 0) > MAX_PLACEMENT_CONSTRAINTS ? msg.tooManyPlacementConstraints(MAX_PLACEMENT_CONSTRAINTS) : undefined),
  (td, options) =>
    firstOf(td.placementConstraints ?? [], (p) => {
      if (p.type !== 'memberOf') return undefined;
      if (isBlank(p.expression)) return msg.MEMBER_OF_EXPRESSION_REQUIRED;
      const error = options.expressionError?.(p.expression);
      return error === undefined ? undefined : msg.invalidConstraintExpression(error);
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

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
