// What the TaskDefinition controller must do for one TaskDefinition (pure): register a new
// revision when the normalised spec changed, and the status that follows (ECS-SEMANTICS 1.1).
import { checkTaskDefinition } from '../../api/v1alpha1/check-task-definition.ts';
import { normalizeTaskDefinition, type NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { TaskDefinitionRevision, TaskDefinitionSpec } from '../../api/v1alpha1/task-definition.ts';

/** A revision as stored (a ControllerRevision owned by the TaskDefinition). */
export interface StoredRevision {
  revision: number;
  hash: string;
  registeredAt: string;
}

export interface RegistrationInput {
  name: string;
  spec: TaskDefinitionSpec;
  stored: readonly StoredRevision[];
  /** Revisions the status already shows INACTIVE: deregistration is permanent. */
  previouslyInactive: ReadonlyMap<number, string | undefined>;
  now: Date;
}

export type RegistrationPlan =
  | { ok: false; reason: 'InvalidTaskDefinition'; messages: string[]; revisions: TaskDefinitionRevision[] }
  | {
      ok: true;
      family: string;
      hash: string;
      /** Present when the normalised spec differs from the latest revision. */
      register?: { revision: number; taskDefinition: NormalizedTaskDefinition };
      revisions: TaskDefinitionRevision[];
      latest: number;
    };

export function planRegistration(input: RegistrationInput): RegistrationPlan {
  const normalized = normalizeTaskDefinition(input.spec, input.name);
  const messages = normalized.ok ? checkTaskDefinition(normalized.taskDefinition) : normalized.messages;
  if (!normalized.ok || messages.length > 0) {
    return { ok: false, reason: 'InvalidTaskDefinition', messages, revisions: listRevisions(input, input.stored) };
  }
  const latest = input.stored.reduce<StoredRevision | undefined>((best, r) => (best === undefined || r.revision > best.revision ? r : best), undefined);
  if (latest !== undefined && latest.hash === normalized.hash) {
    return { ok: true, family: normalized.taskDefinition.family, hash: normalized.hash, revisions: listRevisions(input, input.stored), latest: latest.revision };
  }
  // Revisions are never renumbered or reused: the next is one above the highest ever stored.
  const revision = (latest?.revision ?? 0) + 1;
  const stored = [...input.stored, { revision, hash: normalized.hash, registeredAt: input.now.toISOString() }];
  return {
    ok: true,
    family: normalized.taskDefinition.family,
    hash: normalized.hash,
    register: { revision, taskDefinition: normalized.taskDefinition },
    revisions: listRevisions(input, stored),
    latest: revision,
  };
}

function listRevisions(input: RegistrationInput, stored: readonly StoredRevision[]): TaskDefinitionRevision[] {
  const deregistered = new Set(input.spec.deregisteredRevisions ?? []);
  return [...stored]
    .sort((a, b) => a.revision - b.revision)
    .map((r) => {
      const inactive = deregistered.has(r.revision) || input.previouslyInactive.has(r.revision);
      if (!inactive) return { revision: r.revision, status: 'ACTIVE' as const, registeredAt: r.registeredAt, hash: r.hash };
      const deregisteredAt = input.previouslyInactive.get(r.revision) ?? input.now.toISOString();
      return { revision: r.revision, status: 'INACTIVE' as const, registeredAt: r.registeredAt, deregisteredAt, hash: r.hash };
    });
}
