import type { Condition, ConditionStatus } from '../../api/v1alpha1/conditions.ts';

export interface ConditionUpdate {
  type: string;
  status: ConditionStatus;
  reason: string;
  message: string;
}

/**
 * Sets a condition as apimachinery's SetStatusCondition does: `lastTransitionTime` changes only
 * when the status flips, so a level-triggered reconcile that repeats itself writes nothing new.
 */
export function setCondition(conditions: readonly Condition[] | undefined, update: ConditionUpdate, observedGeneration: number | undefined, now: Date): Condition[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((c) => c.type === update.type);
  const previous = index === -1 ? undefined : list[index];
  const next: Condition = {
    ...update,
    ...(observedGeneration === undefined ? {} : { observedGeneration }),
    lastTransitionTime: previous !== undefined && previous.status === update.status ? previous.lastTransitionTime : now.toISOString(),
  };
  if (index === -1) list.push(next);
  else list[index] = next;
  return list;
}
