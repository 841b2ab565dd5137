// spread: the bucket (an instance, or an attribute value such as the zone) holding the fewest
// tasks of the same task group (ECS-SEMANTICS 3.5, 3.7). Counts include tasks placed earlier
// in the same call. Instances without the attribute form one bucket of their own (Q7).
// Buckets without a fitting candidate are never considered: spread is best effort.
import { bucketsOf, SpreadCounts } from './spread-counts.ts';
import type { StrategyModule } from './strategy-module.ts';

export const spread = {
  type: 'spread',
  settlesChoice: false,
  ranker(strategy, workspace, lineage) {
    const name = `spread(${strategy.field})`;
    const attribute = spreadAttribute(strategy.field);
    // Per instance: the count is the group's tasks on the instance itself.
    if (attribute === undefined) return { kind: 'group', name };
    const snapshot = workspace.snapshot;
    const counts = lineage.liveIndex(`spread-counts\u0000${attribute}\u0000${workspace.group}`, () =>
      new SpreadCounts(bucketsOf(attribute, snapshot), workspace.group, (i) => snapshot.stateAt(i)),
    );
    return { kind: 'bucket', name, attribute, counts };
  },
} satisfies StrategyModule<'spread'>;

/** `attribute:ecs.availability-zone` → `ecs.availability-zone`; instanceId/host → undefined. */
export function spreadAttribute(field: string): string | undefined {
  if (field === 'instanceId' || field === 'host') return undefined;
  return field.startsWith('attribute:') ? field.slice('attribute:'.length) : field;
}
