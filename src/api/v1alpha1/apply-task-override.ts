/**
 * RunTask `overrides` applied to a normalised task definition (ECS-SEMANTICS 4.3): the
 * effective definition that placement reserves resources for and the registration checks
 * (V6 in particular) run against.
 */
import { checkTaskDefinition } from './check-task-definition.ts';
import type { KeyValuePair } from './meta.ts';
import type { NormalizedTaskDefinition } from './normalize-task-definition.ts';
import { MAX_PLACEMENT_CONSTRAINTS, type PlacementConstraint } from './placement.ts';
import type { TaskOverride } from './task-override.ts';
import { parseTaskCpu, parseTaskMemory } from './task-size.ts';

export type EffectiveTaskDefinition = { ok: true; taskDefinition: NormalizedTaskDefinition } | { ok: false; messages: string[] };

export const overrideUnknownContainer = (name: string): string => `Container override names a container that is not in the task definition: '${name}'.`;
export const TOO_MANY_PLACEMENT_CONSTRAINTS = 'The task definition and the request together have more than 10 placement constraints.';

/**
 * Apply `override` to `td`: container command, cpu and memory replace; environment variables
 * are added or replace those of the same name; task cpu/memory replace. The result is checked
 * like a registration, so a container `memory` above an overridden task `memory` fails with
 * ECS's V6 text.
 */
export const applyTaskOverride = (td: NormalizedTaskDefinition, override: TaskOverride | undefined): EffectiveTaskDefinition => {
  if (override === undefined) return { ok: true, taskDefinition: td };
  const messages: string[] = [];
  const names = new Set(td.containerDefinitions.map((c) => c.name));
  for (const c of override.containerOverrides ?? []) if (!names.has(c.name)) messages.push(overrideUnknownContainer(c.name));

  const size = (value: string | undefined, parse: typeof parseTaskCpu, current: string | undefined): string | undefined => {
    if (value === undefined) return current;
    const parsed = parse(value);
    if (parsed.ok) return String(parsed.value);
    messages.push(parsed.message);
    return current;
  };

  const effective: NormalizedTaskDefinition = {
    ...td,
    cpu: size(override.cpu, parseTaskCpu, td.cpu),
    memory: size(override.memory, parseTaskMemory, td.memory),
    ...(override.taskRoleArn === undefined ? {} : { taskRoleArn: override.taskRoleArn }),
    ...(override.executionRoleArn === undefined ? {} : { executionRoleArn: override.executionRoleArn }),
    ...(override.ephemeralStorage === undefined ? {} : { ephemeralStorage: override.ephemeralStorage }),
    containerDefinitions: td.containerDefinitions.map((container) => {
      const o = override.containerOverrides?.find((c) => c.name === container.name);
      if (o === undefined) return container;
      return {
        ...container,
        ...(o.command === undefined ? {} : { command: o.command }),
        ...(o.cpu === undefined ? {} : { cpu: o.cpu }),
        ...(o.memory === undefined ? {} : { memory: o.memory }),
        ...(o.memoryReservation === undefined ? {} : { memoryReservation: o.memoryReservation }),
        ...(o.resourceRequirements === undefined ? {} : { resourceRequirements: o.resourceRequirements }),
        ...(o.environmentFiles === undefined ? {} : { environmentFiles: [...(container.environmentFiles ?? []), ...o.environmentFiles] }),
        ...(o.environment === undefined ? {} : { environment: mergeEnvironment(container.environment ?? [], o.environment) }),
      };
    }),
  };
  messages.push(...checkTaskDefinition(effective));
  return messages.length > 0 ? { ok: false, messages } : { ok: true, taskDefinition: effective };
};

/** Variables of the override replace those of the same name and are added otherwise. */
const mergeEnvironment = (base: KeyValuePair[], added: KeyValuePair[]): KeyValuePair[] => {
  const overridden = new Set(added.map((v) => v.name));
  return [...base.filter((v) => !overridden.has(v.name)), ...added];
};

/** ECS counts the task definition's constraints and the request's together: at most 10. */
export const checkPlacementConstraintCount = (
  fromTaskDefinition: readonly PlacementConstraint[] | undefined,
  fromRequest: readonly PlacementConstraint[] | undefined,
): string[] =>
  (fromTaskDefinition?.length ?? 0) + (fromRequest?.length ?? 0) > MAX_PLACEMENT_CONSTRAINTS ? [TOO_MANY_PLACEMENT_CONSTRAINTS] : [];
