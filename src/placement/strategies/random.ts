// random: any candidate, uniformly. All candidates rank equal and the engine's seeded final
// tie-break picks one; strategies listed after it cannot change that, so they are skipped.
import type { StrategyModule } from './strategy-module.ts';

export const random = {
  type: 'random',
  settlesChoice: true,
  ranker: () => ({ name: 'random', key: () => 0 }),
} satisfies StrategyModule<'random'>;
