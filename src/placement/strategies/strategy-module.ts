// The contract of a placement strategy. A strategy ranks the candidates that passed every
// filter by one number, lower = preferred. Strategies are ordered tie-breakers (ECS's own
// example: spread over zones, then binpack inside the winning zone): the second strategy only
// decides among instances the first one ranked equal, and so on; whatever is still tied at
// the end is broken by the seeded RNG. A key per instance (rather than a pairwise compare)
// lets one linear pass keep the running best and its ties.
import type { PlacementStrategy } from '../../domain/task-definition.ts';
import type { PlacementWorkspace } from '../workspace.ts';

export interface Ranker {
  readonly name: string;
  /** Rank of instance i for the next task; lower is preferred. */
  key(i: number): number;
}

export interface StrategyModule<T extends PlacementStrategy['type']> {
  readonly type: T;
  /**
   * True when the strategy settles the choice by itself (random): strategies after it
   * cannot change the outcome and are skipped.
   */
  readonly settlesChoice: boolean;
  ranker(strategy: Extract<PlacementStrategy, { type: T }>, workspace: PlacementWorkspace): Ranker;
}
