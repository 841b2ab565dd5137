// Which registered revision a request's `taskDefinition` names, and its content, from the
// revision store: ECS's ClientException texts when it names none. Pure over the store.
import type { NormalizedTaskDefinition } from '../api/v1alpha1/normalize-task-definition.ts';
import type { TaskDefinitionRevision } from '../api/v1alpha1/task-definition.ts';
import { resolveTaskDefinitionReference, TASK_DEFINITION_INACTIVE, UNABLE_TO_DESCRIBE } from '../api/v1alpha1/task-definition-reference.ts';
import type { RevisionStore } from '../controllers/task-definition/revision-store.ts';
import { parseTaskDefinitionIdentifier } from './arn.ts';
import { clientException, EcsApiError } from './errors.ts';

export interface ResolvedRevision {
  namespace: string;
  family: string;
  revision: TaskDefinitionRevision;
  content: NormalizedTaskDefinition;
}

/**
 * `forNewTasks`: RunTask, StartTask and CreateService refuse an INACTIVE revision;
 * DescribeTaskDefinition shows it.
 */
export function resolveRevision(store: RevisionStore, identifier: string, namespace: string, options: { forNewTasks: boolean }): ResolvedRevision {
  const ref = parseTaskDefinitionIdentifier(identifier, namespace);
  const revisions = store.revisionsOf(ref.namespace, ref.family);
  const reference = ref.revision === undefined ? ref.family : `${ref.family}:${ref.revision}`;
  // Describing an INACTIVE revision by number works; only new tasks are refused it.
  const inUseRevision = options.forNewTasks ? undefined : ref.revision;
  const resolved = resolveTaskDefinitionReference(reference, () => revisions, inUseRevision === undefined ? {} : { inUseRevision });
  if (!resolved.ok) {
    if (resolved.reason === 'INACTIVE') throw new EcsApiError('InvalidParameterException', TASK_DEFINITION_INACTIVE);
    throw clientException(UNABLE_TO_DESCRIBE);
  }
  const revision = revisions?.find((r) => r.revision === resolved.revision);
  const content = store.content(ref.namespace, resolved.family, resolved.revision);
  if (revision === undefined || content === undefined) throw clientException(UNABLE_TO_DESCRIBE);
  return { namespace: ref.namespace, family: resolved.family, revision, content };
}
