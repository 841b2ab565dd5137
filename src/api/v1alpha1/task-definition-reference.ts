/**
 * Resolving `taskDefinition` references of Services and Tasks (ECS-SEMANTICS 1.1): `family`
 * (latest ACTIVE revision), `family:revision`, or a task definition ARN. ECS's texts, the
 * latest-ACTIVE choice and the `family:revision` form are the domain's
 * (src/domain/task-definition-resolution.ts), shared with `stevedore simulate`; the reference
 * syntax here is the CRD's, stricter than the simulator's (a malformed reference is INVALID),
 * and a Service may keep the revision it runs.
 */
import { taskDefinitionRef } from '../../domain/task-definition.ts';
import { latestActiveRevision, TASK_DEFINITION_INACTIVE, UNABLE_TO_DESCRIBE } from '../../domain/task-definition-resolution.ts';
import type { TaskDefinitionRevision } from './task-definition.ts';

export { TASK_DEFINITION_INACTIVE, UNABLE_TO_DESCRIBE };

export interface TaskDefinitionReference {
  family: string;
  /** Absent for a bare family: the latest ACTIVE revision. */
  revision?: number;
}

export type ResolvedTaskDefinition =
  | { ok: true; family: string; revision: number }
  | { ok: false; reason: 'INVALID' | 'MISSING' | 'INACTIVE'; message: string };

/** Ours, for a reference that is not one of ECS's forms. */
export const INVALID_REFERENCE = "Invalid task definition: expected 'family', 'family:revision' or a task definition ARN.";

const FAMILY = '[A-Za-z0-9_-]{1,255}';
const REFERENCE = new RegExp(`^(?:arn:aws[a-z-]*:ecs:[a-z0-9-]*:[0-9]*:task-definition/)?(${FAMILY})(?::([1-9][0-9]*))?$`);

/** `web` ⇒ {family: web}; `web:3` and `arn:aws:ecs:us-east-1:123456789012:task-definition/web:3` ⇒ {family: web, revision: 3}. */
export const parseTaskDefinitionReference = (reference: string): TaskDefinitionReference | undefined => {
  const match = REFERENCE.exec(reference);
  if (match?.[1] === undefined) return undefined;
  return match[2] === undefined ? { family: match[1] } : { family: match[1], revision: Number(match[2]) };
};

/** `family:revision`, the form status fields show. */
export const formatTaskDefinition = (family: string, revision: number): string => taskDefinitionRef({ family, revision });

export interface ResolveOptions {
  /**
   * The revision an existing Service already runs. ECS lets such a service keep using it (and
   * scale) after it was deregistered; new Tasks and Services may not start on an INACTIVE one.
   */
  inUseRevision?: number;
}

/**
 * Resolve `reference` against the revisions of its family (`undefined` when the family does
 * not exist in the namespace).
 */
export const resolveTaskDefinitionReference = (
  reference: string,
  revisionsOf: (family: string) => readonly Pick<TaskDefinitionRevision, 'revision' | 'status'>[] | undefined,
  options: ResolveOptions = {},
): ResolvedTaskDefinition => {
  const parsed = parseTaskDefinitionReference(reference);
  if (parsed === undefined) return { ok: false, reason: 'INVALID', message: INVALID_REFERENCE };
  const revisions = revisionsOf(parsed.family);
  if (revisions === undefined || revisions.length === 0) return { ok: false, reason: 'MISSING', message: UNABLE_TO_DESCRIBE };

  const usable = (r: Pick<TaskDefinitionRevision, 'revision' | 'status'>) => r.status === 'ACTIVE' || r.revision === options.inUseRevision;

  if (parsed.revision !== undefined) {
    const found = revisions.find((r) => r.revision === parsed.revision);
    if (found === undefined) return { ok: false, reason: 'MISSING', message: UNABLE_TO_DESCRIBE };
    if (!usable(found)) return { ok: false, reason: 'INACTIVE', message: TASK_DEFINITION_INACTIVE };
    return { ok: true, family: parsed.family, revision: found.revision };
  }

  const latestActive = latestActiveRevision(revisions);
  if (latestActive !== undefined) return { ok: true, family: parsed.family, revision: latestActive.revision };
  if (options.inUseRevision !== undefined && revisions.some((r) => r.revision === options.inUseRevision)) {
    return { ok: true, family: parsed.family, revision: options.inUseRevision };
  }
  return { ok: false, reason: 'INACTIVE', message: TASK_DEFINITION_INACTIVE };
};
