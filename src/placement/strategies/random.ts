// random: any candidate, uniformly. It ranks every candidate equal, so it needs no ranker:
// the engine's seeded final tie-break picks one. Strategies listed after it cannot change
// that, so they are skipped.
import type { StrategyModule } from './strategy-module.ts';

export const random = {
  type: 'random',
  settlesChoice: true,
  ranker: () => undefined,
} satisfies StrategyModule<'random'>;
