// spread: the bucket (an instance, or an attribute value such as the zone) holding the fewest
// tasks of the same task group (ECS-SEMANTICS 3.5, 3.7). Counts include tasks placed earlier
// in the same call. Instances without the attribute form one bucket of their own (Q7).
// Buckets without a fitting candidate are never considered: spread is best effort.
import type { PlacementWorkspace } from '../workspace.ts';
import type { StrategyModule } from './strategy-module.ts';

const MISSING_ATTRIBUTE = '\u0000missing';

export const spread = {
  type: 'spread',
  settlesChoice: false,
  ranker(strategy, workspace) {
    const attribute = spreadAttribute(strategy.field);
    if (attribute === undefined) {
      // Per instance: the count is the group's tasks on the instance itself.
      return { name: `spread(${strategy.field})`, column: workspace.groupCount, offset: 0 };
    }
    const { bucketOf, counts } = spreadCount(attribute, workspace);
    workspace.onCommit((i) => {
      const bucket = bucketOf[i] as number;
      counts[bucket] = (counts[bucket] as number) + 1;
    });
    return { name: `spread(${strategy.field})`, column: counts, bucketOf, offset: 0 };
  },
} satisfies StrategyModule<'spread'>;

/** `attribute:ecs.availability-zone` → `ecs.availability-zone`; instanceId/host → undefined. */
export function spreadAttribute(field: string): string | undefined {
  if (field === 'instanceId' || field === 'host') return undefined;
  return field.startsWith('attribute:') ? field.slice('attribute:'.length) : field;
}

/**
 * Tasks of the group per attribute value.
 * Example (G33): zones a, b, c; i1 in zone a runs 3 tasks of group `other` and none of
 * `databases` ⇒ for group `databases` the counts are a 0, b 0, c 0: `other` does not count.
 */
export function spreadCount(attribute: string, workspace: PlacementWorkspace): { bucketOf: Int32Array; counts: Float64Array } {
  const { bucketOf, bucketCount } = workspace.snapshot.memoizeByViews(`spread-buckets\u0000${attribute}`, () => bucketsOf(attribute, workspace));
  const counts = new Float64Array(bucketCount);
  for (let i = 0; i < bucketOf.length; i += 1) {
    const bucket = bucketOf[i] as number;
    counts[bucket] = (counts[bucket] as number) + (workspace.groupCount[i] as number);
  }
  return { bucketOf, counts };
}

/** Which bucket (attribute value) each instance is in; depends only on the views, so memoized. */
function bucketsOf(attribute: string, workspace: PlacementWorkspace): { bucketOf: Int32Array; bucketCount: number } {
  const bucketIds = new Map<string, number>();
  const bucketOf = new Int32Array(workspace.size);
  for (let i = 0; i < workspace.size; i += 1) {
    const value = workspace.view(i).attributes[attribute] ?? MISSING_ATTRIBUTE;
    let bucket = bucketIds.get(value);
    if (bucket === undefined) {
      bucket = bucketIds.size;
      bucketIds.set(value, bucket);
    }
    bucketOf[i] = bucket;
  }
  return { bucketOf, bucketCount: bucketIds.size };
}
