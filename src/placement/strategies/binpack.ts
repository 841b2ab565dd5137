// binpack: the instance with the least remaining amount of the field that still fits, so
// that fewer instances are used (ECS-SEMANTICS 3.5).
//
// Key = what is left on the instance after placing the task.
// Example (G35): remaining CPU i1 1024, i2 2048, task cpu 512 ⇒ keys 512 and 1536, i1 wins;
// after the pick i1 has 512 left ⇒ 0 vs 1536, i1 wins again; then i1 no longer fits and i2
// takes the third task.
import type { StrategyModule } from './strategy-module.ts';

export const binpack = {
  type: 'binpack',
  settlesChoice: false,
  ranker(strategy, workspace) {
    return strategy.field === 'cpu'
      ? { kind: 'remaining', name: 'binpack(cpu)', resource: 'cpu', offset: workspace.requirement.cpu }
      : { kind: 'remaining', name: 'binpack(memory)', resource: 'memory', offset: workspace.requirement.memory };
  },
} satisfies StrategyModule<'binpack'>;
