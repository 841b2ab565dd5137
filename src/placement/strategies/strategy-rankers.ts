// Turns the request's strategy list into rankers, in order, stopping after one that settles
// the choice by itself.
import type { PlacementStrategy } from '../../domain/task-definition.ts';
import { assertNever } from '../assert-never.ts';
import type { SnapshotLineage } from '../snapshot-lineage.ts';
import type { PlacementWorkspace } from '../workspace.ts';
import { binpack } from './binpack.ts';
import { random } from './random.ts';
import { spread } from './spread.ts';
import type { Ranker } from './strategy-module.ts';

export function strategyRankers(strategies: readonly PlacementStrategy[], workspace: PlacementWorkspace, lineage: SnapshotLineage): Ranker[] {
  const rankers: Ranker[] = [];
  for (const strategy of strategies) {
    switch (strategy.type) {
      case 'binpack':
        rankers.push(binpack.ranker(strategy, workspace));
        break;
      case 'spread':
        rankers.push(spread.ranker(strategy, workspace, lineage));
        break;
      case 'random':
        // Ranks all equal (no ranker) and settles the choice: later strategies are moot.
        if (random.settlesChoice) return rankers;
        break;
      default:
        return assertNever(strategy);
    }
  }
  return rankers;
}
