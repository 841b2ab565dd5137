// The contract of a placement strategy. A strategy ranks the candidates that passed every
// filter, lower = preferred. Strategies are ordered tie-breakers (ECS's own example: spread
// over zones, then binpack inside the winning zone): the second strategy only decides among
// instances the first one ranked equal, and so on; whatever is still tied at the end is
// broken by the seeded RNG.
//
// A ranker is a column of numbers the workspace keeps current as tasks are placed:
// key(i) = column[bucketOf ? bucketOf[i] : i] − offset. Plain data rather than a callback, so
// the per-pick pass over thousands of instances is array reads with no calls.
import type { PlacementStrategy } from '../../domain/task-definition.ts';
import type { PlacementWorkspace } from '../workspace.ts';

export interface Ranker {
  readonly name: string;
  /** Live values (remaining memory, tasks per zone, ...) updated by the workspace on commit. */
  readonly column: Float64Array;
  /** Maps an instance to its row in `column` (its zone's bucket); absent = one row per instance. */
  readonly bucketOf?: Int32Array;
  readonly offset: number;
}

/** Rank of instance i for the next task; lower is preferred. */
export function rankKey(ranker: Ranker, i: number): number {
  const row = ranker.bucketOf === undefined ? i : (ranker.bucketOf[i] as number);
  return (ranker.column[row] as number) - ranker.offset;
}

export interface StrategyModule<T extends PlacementStrategy['type']> {
  readonly type: T;
  /**
   * True when the strategy settles the choice by itself (random): strategies after it
   * cannot change the outcome and are skipped.
   */
  readonly settlesChoice: boolean;
  /** Undefined when the strategy ranks every candidate equal (random). */
  ranker(strategy: Extract<PlacementStrategy, { type: T }>, workspace: PlacementWorkspace): Ranker | undefined;
}
