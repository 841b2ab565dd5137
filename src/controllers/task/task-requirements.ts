// What each placed task reserves, in ECS terms. A task's revision and overrides never change
// once it is placed, so the requirement is computed once per Task (by uid) and kept.
import { applyTaskOverride } from '../../api/v1alpha1/apply-task-override.ts';
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import { parseTaskDefinitionReference } from '../../api/v1alpha1/task-definition-reference.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { TaskOverride } from '../../api/v1alpha1/task-override.ts';
import { computeTaskRequirement, type TaskRequirement } from '../../domain/task-requirement.ts';
import type { Cached } from '../../kube/cached.ts';
import type { RevisionStore } from '../task-definition/revision-store.ts';

/** The revision with the Task's overrides applied, or why there is none. */
export type EffectiveDefinition =
  | { ok: true; family: string; revision: number; taskDefinition: NormalizedTaskDefinition }
  | { ok: false; reason: 'RevisionNotCached' | 'InvalidOverrides'; message: string };

export function effectiveDefinitionOf(store: RevisionStore, namespace: string, family: string, revision: number, overrides: TaskOverride | undefined): EffectiveDefinition {
  const content = store.content(namespace, family, revision);
  if (content === undefined) return { ok: false, reason: 'RevisionNotCached', message: `Revision ${family}:${revision} is not in the cache yet` };
  const effective = applyTaskOverride(content, overrides);
  if (!effective.ok) return { ok: false, reason: 'InvalidOverrides', message: effective.messages.join(' ') };
  return { ok: true, family, revision, taskDefinition: effective.taskDefinition };
}

export function requirementOf(taskDefinition: NormalizedTaskDefinition): TaskRequirement {
  // The normalised definition is ECS JSON with units already converted: the domain shape.
  return computeTaskRequirement(taskDefinition);
}

export class TaskRequirements {
  readonly #byUid = new Map<string, TaskRequirement>();
  readonly #store: RevisionStore;

  constructor(store: RevisionStore) {
    this.#store = store;
  }

  remember(uid: string, requirement: TaskRequirement): void {
    this.#byUid.set(uid, requirement);
  }

  forget(uid: string): void {
    this.#byUid.delete(uid);
  }

  /** The requirement of a placed Task; undefined while its revision is not cached. */
  of(task: Cached<Task>): TaskRequirement | undefined {
    const uid = task.metadata.uid as string;
    const known = this.#byUid.get(uid);
    if (known !== undefined) return known;
    const reference = task.status?.taskDefinition === undefined ? undefined : parseTaskDefinitionReference(task.status.taskDefinition);
    if (reference?.revision === undefined) return undefined;
    const effective = effectiveDefinitionOf(this.#store, task.metadata.namespace as string, reference.family, reference.revision, task.spec.overrides as TaskOverride | undefined);
    if (!effective.ok) return undefined;
    const requirement = requirementOf(effective.taskDefinition);
    this.#byUid.set(uid, requirement);
    return requirement;
  }
}
