// Reads task definition revisions from the informer caches: which TaskDefinition holds a
// family in a namespace, its revisions with their status, and a revision's registered content.
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { TaskDefinition, TaskDefinitionRevision } from '../../api/v1alpha1/task-definition.ts';
import type { Cached } from '../../kube/cached.ts';
import type { ObjectCache } from '../../kube/informers.ts';
import type { V1ControllerRevision } from '../../kube/types.ts';
import { revisionObjectName } from './revision-names.ts';

export class RevisionStore {
  readonly #definitions: ObjectCache<TaskDefinition>;
  readonly #revisions: ObjectCache<V1ControllerRevision>;

  constructor(definitions: ObjectCache<TaskDefinition>, revisions: ObjectCache<V1ControllerRevision>) {
    this.#definitions = definitions;
    this.#revisions = revisions;
  }

  /** The TaskDefinition whose family is `family` (spec.family, else its name), oldest first on a tie. */
  definitionOf(namespace: string, family: string): Cached<TaskDefinition> | undefined {
    const byName = this.#definitions.get(family, namespace);
    if (byName !== undefined && (byName.spec.family ?? family) === family) return byName;
    return this.#definitions
      .list(namespace)
      .filter((td) => (td.spec.family ?? td.metadata.name) === family)
      .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)))[0];
  }

  /** The registered revisions of a family, as its TaskDefinition's status lists them. */
  revisionsOf(namespace: string, family: string): readonly TaskDefinitionRevision[] | undefined {
    return this.definitionOf(namespace, family)?.status?.revisions as TaskDefinitionRevision[] | undefined;
  }

  /** What revision `revision` of `family` registered, or undefined if it is not (yet) cached. */
  content(namespace: string, family: string, revision: number): NormalizedTaskDefinition | undefined {
    const td = this.definitionOf(namespace, family);
    if (td === undefined) return undefined;
    const stored = this.#revisions.get(revisionObjectName(td.metadata.name, revision), namespace);
    return stored?.data as NormalizedTaskDefinition | undefined;
  }
}
