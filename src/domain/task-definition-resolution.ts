// Which revision a task definition reference means (ECS-SEMANTICS 1.1): `family:revision`,
// a full ARN, or a bare `family` = the latest ACTIVE revision.
import { clientException, invalidParameter, type EcsError } from './ecs-error.ts';
import type { TaskDefinitionRevision } from './task-definition.ts';

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

export function findRevision(reference: string, revisions: readonly TaskDefinitionRevision[]): TaskDefinitionRevision | undefined {
  const parsed = parseTaskDefinitionReference(reference);
  const family = revisions.filter((r) => r.family === parsed.family);
  if (parsed.revision !== undefined) return family.find((r) => r.revision === parsed.revision);
  return family.filter((r) => r.status === 'ACTIVE').sort((a, b) => b.revision - a.revision)[0];
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
  if (revision === undefined) return { error: clientException('Unable to describe task definition.') };
  if (revision.status !== 'ACTIVE') return { error: invalidParameter('TaskDefinition is inactive') };
  return { revision };
}
