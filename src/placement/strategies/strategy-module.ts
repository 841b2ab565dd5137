// The contract of a placement strategy. A strategy ranks the candidates that passed every
// filter, lower = preferred. Strategies are ordered tie-breakers (ECS's own example: spread
// over zones, then binpack inside the winning zone): the second strategy only decides among
// instances the first one ranked equal, and so on; whatever is still tied at the end is
// broken by the seeded RNG.
//
// A ranker is plain data naming what it reads, so that the indexed pick can keep candidates
// ordered by it (remaining resources, tasks of the group per instance) or grouped by it
// (attribute buckets), and the reference scan can compute it for one instance.
import type { PlacementStrategy } from '../../domain/task-definition.ts';
import type { SnapshotLineage } from '../snapshot-lineage.ts';
import type { PlacementWorkspace } from '../workspace.ts';
import type { SpreadCounts } from './spread-counts.ts';

export type Ranker =
  /** binpack: what is left of the resource after placing the task. */
  | { readonly kind: 'remaining'; readonly name: string; readonly resource: 'cpu' | 'memory'; readonly offset: number }
  /** spread(instanceId): tasks of the call's group on the instance. */
  | { readonly kind: 'group'; readonly name: string }
  /** spread(attribute): tasks of the call's group in the instance's bucket (live counts). */
  | { readonly kind: 'bucket'; readonly name: string; readonly attribute: string; readonly counts: SpreadCounts };

/** Rank of instance i for the next task; lower is preferred. */
export function rankKey(ranker: Ranker, i: number, workspace: PlacementWorkspace): number {
  switch (ranker.kind) {
    case 'remaining':
      return (ranker.resource === 'cpu' ? workspace.remainingCpu(i) : workspace.remainingMemory(i)) - ranker.offset;
    case 'group':
      return workspace.groupCount(i);
    case 'bucket':
      return ranker.counts.countAt(i);
  }
}

export interface StrategyModule<T extends PlacementStrategy['type']> {
  readonly type: T;
  /**
   * True when the strategy settles the choice by itself (random): strategies after it
   * cannot change the outcome and are skipped.
   */
  readonly settlesChoice: boolean;
  /** Undefined when the strategy ranks every candidate equal (random). */
  ranker(strategy: Extract<PlacementStrategy, { type: T }>, workspace: PlacementWorkspace, lineage: SnapshotLineage): Ranker | undefined;
}
