// Which revision a task definition reference means (ECS-SEMANTICS 1.1): `family:revision`,
// a full ARN, or a bare `family` = the latest ACTIVE revision. ECS's texts for a reference that
// does not resolve, and the latest-ACTIVE choice, are shared with the controllers'
// resolution (src/api/v1alpha1/task-definition-reference.ts).
import { clientException, invalidParameter, type EcsError } from './ecs-error.ts';
import type { TaskDefinitionRevision } from './task-definition.ts';

/** ECS's ClientException text for a reference that names no revision. */
export const UNABLE_TO_DESCRIBE = 'Unable to describe task definition.';
/** ECS's InvalidParameterException text for an INACTIVE revision asked for new tasks. */
export const TASK_DEFINITION_INACTIVE = 'TaskDefinition is inactive';

export interface ParsedReference {
  family: string;
  revision?: number;
}

/** `web`, `web:3`, `arn:aws:ecs:us-east-1:123:task-definition/web:3`. */
export function parseTaskDefinitionReference(reference: string): ParsedReference {
  const afterSlash = reference.startsWith('arn:') ? reference.slice(reference.lastIndexOf('/') + 1) : reference;
  const match = /^(.*):(\d+)$/.exec(afterSlash);
  if (match?.[1] !== undefined && match[2] !== undefined) return { family: match[1], revision: Number(match[2]) };
  return { family: afterSlash };
}

/** What a bare family means: the ACTIVE revision with the highest number (the first of them on a tie). */
export function latestActiveRevision<R extends Pick<TaskDefinitionRevision, 'revision' | 'status'>>(revisions: readonly R[]): R | undefined {
  return revisions.reduce<R | undefined>((best, r) => (r.status === 'ACTIVE' && (best === undefined || r.revision > best.revision) ? r : best), undefined);
}

export function findRevision(reference: string, revisions: readonly TaskDefinitionRevision[]): TaskDefinitionRevision | undefined {
  const parsed = parseTaskDefinitionReference(reference);
  const family = revisions.filter((r) => r.family === parsed.family);
  if (parsed.revision !== undefined) return family.find((r) => r.revision === parsed.revision);
  return latestActiveRevision(family);
}

/**
 * Resolution for new tasks (RunTask, StartTask, CreateService): unknown ⇒ ECS's
 * `ClientException: Unable to describe task definition.`; INACTIVE revision ⇒
 * `InvalidParameterException: TaskDefinition is inactive`.
 */
export function resolveTaskDefinitionForNewTasks(
  reference: string,
  revisions: readonly TaskDefinitionRevision[],
): { revision: TaskDefinitionRevision } | { error: EcsError } {
  const revision = findRevision(reference, revisions);
  if (revision === undefined) return { error: clientException(UNABLE_TO_DESCRIBE) };
  if (revision.status !== 'ACTIVE') return { error: invalidParameter(TASK_DEFINITION_INACTIVE) };
  return { revision };
}
