// What the snapshots derived from one another by task changes share: results that depend
// only on the instances' views (memoized), and live indexes over the instances' states that
// the placement of one task updates in O(log n) instead of a scan.
//
// Snapshots are immutable, but an index is one mutable structure for the whole lineage, so it
// sits at one version at a time. Versions form a tree whose edges point toward the version the
// indexes are at, each edge naming the instances that differ between its two ends (Baker's
// "rerooting" of persistent arrays, as in Conchon and Filliâtre's persistent union-find).
// Using the indexes for another snapshot walks its path to the current version, updates the
// instances named on the way from that snapshot's states, and reverses the path. Threading
// snapshots forward (the operator, the simulator, a benchmark) costs only the instances that
// changed; going back to an older snapshot costs the changes in between.
import type { InstanceState } from './snapshot.ts';

/** One snapshot's place in the lineage. */
export class Version {
  /** The neighbour one step closer to the indexes' version; undefined at that version. */
  toward: Version | undefined;
  /** Instance numbers whose state differs between this version and `toward`. */
  diff: readonly number[];
  /** Steps to the indexes' version when this version was made (bounds the chain a snapshot keeps alive). */
  depth: number;

  constructor(toward: Version | undefined, diff: readonly number[], depth = 0) {
    this.toward = toward;
    this.diff = diff;
    this.depth = depth;
  }
}

/** An index over instance states, kept current by the lineage. */
export interface LiveIndex {
  /** Instance i's state is now `state`; called for every instance that may have changed. */
  update(i: number, state: InstanceState): void;
}

const LIVE_INDEX_LIMIT = 16;
/**
 * Snapshots derived this many times without a placement call hold a chain of versions that
 * long; past it the indexes are dropped (rebuilt on the next call) so that the chain does not
 * grow for ever in an operator that derives snapshots all day.
 */
const MAX_CHAIN = 10_000;

export class SnapshotLineage {
  /** Values that depend only on the views; the caller owns the key space. */
  readonly viewMemo = new Map<string, unknown>();
  private readonly live = new Map<string, LiveIndex>();
  /** Indexes the running placement call holds: never evicted under it. */
  private readonly pinned = new Set<string>();
  private at: Version;

  constructor(root: Version) {
    this.at = root;
  }

  /** The version of a snapshot derived from `from` by changing the instances in `diff`. */
  derive(from: Version, diff: readonly number[]): Version {
    if (this.live.size > 0 && from.depth < MAX_CHAIN) return new Version(from, diff, from.depth + 1);
    // No index to keep current (or the chain is too long): the new version needs no path.
    this.live.clear();
    const root = new Version(undefined, []);
    this.at = root;
    return root;
  }

  /**
   * Brings every live index to `target`, whose states `stateAt` reads. Cost: the instances
   * changed between the two versions.
   */
  moveTo(target: Version, stateAt: (i: number) => InstanceState): void {
    this.pinned.clear();
    if (target === this.at) return;
    const path: Version[] = [];
    for (let v: Version | undefined = target; v !== this.at; v = v.toward) {
      if (v === undefined) {
        // Not connected to the indexes' version (cannot happen while the tree is intact):
        // start over rather than serve a wrong index.
        this.live.clear();
        this.at = target;
        target.toward = undefined;
        target.diff = [];
        target.depth = 0;
        return;
      }
      path.push(v);
    }
    if (this.live.size > 0) {
      const changed = new Set<number>();
      for (const v of path) for (const i of v.diff) changed.add(i);
      for (const index of this.live.values()) for (const i of changed) index.update(i, stateAt(i));
    }
    // Reverse the path so that it points at the target: each edge keeps its diff.
    let next = this.at;
    for (let k = path.length - 1; k >= 0; k -= 1) {
      const v = path[k] as Version;
      next.toward = v;
      next.diff = v.diff;
      next = v;
    }
    target.toward = undefined;
    target.diff = [];
    target.depth = 0;
    this.at = target;
  }

  /**
   * The live index under `key`, built if absent from the states the lineage is at (the call's
   * own states, once it has placed tasks). Held until the next `moveTo`.
   */
  liveIndex<T extends LiveIndex>(key: string, build: () => T): T {
    let index = this.live.get(key);
    if (index === undefined) {
      if (this.live.size >= LIVE_INDEX_LIMIT) this.evictOne();
      index = build();
      this.live.set(key, index);
    } else {
      // Most recently used last, so that eviction drops the least recently used.
      this.live.delete(key);
      this.live.set(key, index);
    }
    this.pinned.add(key);
    return index as T;
  }

  /** Drops the least recently used index the running call does not hold. */
  private evictOne(): void {
    for (const key of this.live.keys()) {
      if (!this.pinned.has(key)) {
        this.live.delete(key);
        return;
      }
    }
  }

  hasLiveIndex(key: string): boolean {
    return this.live.has(key);
  }

  /** Instance i changed in place (a pick inside a placement call): every index follows. */
  updateLive(i: number, state: InstanceState): void {
    for (const index of this.live.values()) index.update(i, state);
  }

  /**
   * The indexes were moved from `from` to `to` by `updateLive` calls on `changed`: make `to`
   * the current version.
   */
  advance(from: Version, to: Version, changed: readonly number[]): void {
    if (this.at !== from) throw new Error('SnapshotLineage.advance: the indexes are not at the version the call started from');
    from.toward = to;
    from.diff = changed;
    from.depth = 1;
    to.toward = undefined;
    to.diff = [];
    to.depth = 0;
    this.at = to;
  }

  /** After a failure half-way through updates: the indexes are in no known version. */
  dropLiveIndexes(): void {
    this.live.clear();
  }
}
