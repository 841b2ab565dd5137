// binpack: the instance with the least remaining amount of the field that still fits, so
// that fewer instances are used (ECS-SEMANTICS 3.5).
import type { PlacementWorkspace } from '../workspace.ts';
import type { StrategyModule } from './strategy-module.ts';

/**
 * What is left on instance i after placing the task.
 * Example (G35): remaining CPU i1 1024, i2 2048, task cpu 512 ⇒ 512 vs 1536, i1 wins; after
 * the pick i1 has 512 left ⇒ 0 vs 1536, i1 wins again; then i1 no longer fits, i2 takes the
 * third task.
 */
export function remainingAfterPlacement(i: number, field: 'cpu' | 'memory', workspace: PlacementWorkspace): number {
  return field === 'cpu'
    ? (workspace.remainingCpu[i] as number) - workspace.requirement.cpu
    : (workspace.remainingMemory[i] as number) - workspace.requirement.memory;
}

export const binpack = {
  type: 'binpack',
  settlesChoice: false,
  ranker(strategy, workspace) {
    const field = strategy.field;
    return { name: `binpack(${field})`, key: (i) => remainingAfterPlacement(i, field, workspace) };
  },
} satisfies StrategyModule<'binpack'>;
