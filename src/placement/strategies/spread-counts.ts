// Tasks of one group per value of one attribute (the buckets of spread(attribute:...)), kept
// current as a live index of the snapshot lineage: a placement adds one to its bucket instead
// of a recount over every instance per call.
// Example (G33): zones a, b, c; i1 in zone a runs 3 tasks of group `other` and none of
// `databases` ⇒ for group `databases` the counts are a 0, b 0, c 0: `other` does not count.
import type { ClusterSnapshot, InstanceState } from '../snapshot.ts';
import type { LiveIndex } from '../snapshot-lineage.ts';

/** Instances without the attribute form one bucket of their own (Q7). */
const MISSING_ATTRIBUTE = '\u0000missing';

export interface Buckets {
  /** Bucket number of each instance. */
  readonly bucketOf: Int32Array;
  readonly bucketCount: number;
}

export class SpreadCounts implements LiveIndex {
  readonly bucketOf: Int32Array;
  /** Non-stopped tasks of the group per bucket. */
  readonly counts: Float64Array;
  private readonly group: string;
  /** The group's tasks on each instance as counted in `counts`. */
  private readonly counted: Float64Array;

  constructor(buckets: Buckets, group: string, stateAt: (i: number) => InstanceState) {
    this.bucketOf = buckets.bucketOf;
    this.group = group;
    this.counts = new Float64Array(buckets.bucketCount);
    this.counted = new Float64Array(buckets.bucketOf.length);
    for (let i = 0; i < this.bucketOf.length; i += 1) {
      const n = stateAt(i).groupCounts.get(group) ?? 0;
      this.counted[i] = n;
      const bucket = this.bucketOf[i] as number;
      this.counts[bucket] = (this.counts[bucket] as number) + n;
    }
  }

  update(i: number, state: InstanceState): void {
    const n = state.groupCounts.get(this.group) ?? 0;
    const delta = n - (this.counted[i] as number);
    if (delta === 0) return;
    this.counted[i] = n;
    const bucket = this.bucketOf[i] as number;
    this.counts[bucket] = (this.counts[bucket] as number) + delta;
  }

  /** The count of instance i's bucket. */
  countAt(i: number): number {
    return this.counts[this.bucketOf[i] as number] as number;
  }
}

/** Which bucket (attribute value) each instance is in; depends only on the views, so memoized. */
export function bucketsOf(attribute: string, snapshot: ClusterSnapshot): Buckets {
  return snapshot.memoizeByViews(`spread-buckets\u0000${attribute}`, () => {
    const bucketIds = new Map<string, number>();
    const bucketOf = new Int32Array(snapshot.size);
    for (let i = 0; i < snapshot.size; i += 1) {
      const value = snapshot.stateAt(i).view.attributes[attribute] ?? MISSING_ATTRIBUTE;
      let bucket = bucketIds.get(value);
      if (bucket === undefined) {
        bucket = bucketIds.size;
        bucketIds.set(value, bucket);
      }
      bucketOf[i] = bucket;
    }
    return { bucketOf, bucketCount: bucketIds.size };
  });
}
