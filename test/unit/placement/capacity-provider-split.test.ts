import { describe, expect, it } from 'vitest';
import { splitAcrossCapacityProviders, type CapacityProviderStrategyItem } from '../../../src/placement/index.ts';

interface Case {
  name: string;
  strategy: CapacityProviderStrategyItem[];
  count: number;
  want: Record<string, number>;
}

describe('capacity provider split (ECS-SEMANTICS 7.5, Q16)', () => {
  it.each<Case>([
    { name: 'G59 A{base 2, weight 1} B{weight 4}, 12 tasks ⇒ A 4, B 8', strategy: [{ capacityProvider: 'A', base: 2, weight: 1 }, { capacityProvider: 'B', weight: 4 }], count: 12, want: { A: 4, B: 8 } },
    { name: 'same strategy, 10 tasks: largest remainder to A', strategy: [{ capacityProvider: 'A', base: 2, weight: 1 }, { capacityProvider: 'B', weight: 4 }], count: 10, want: { A: 4, B: 6 } },
    { name: 'base larger than count', strategy: [{ capacityProvider: 'A', base: 5, weight: 1 }, { capacityProvider: 'B', weight: 1 }], count: 3, want: { A: 3 } },
    { name: 'weight 0 gets nothing beyond its base', strategy: [{ capacityProvider: 'A', base: 1 }, { capacityProvider: 'B', weight: 1 }], count: 4, want: { A: 1, B: 3 } },
    { name: 'equal remainders go in strategy order', strategy: [{ capacityProvider: 'A', weight: 1 }, { capacityProvider: 'B', weight: 1 }], count: 3, want: { A: 2, B: 1 } },
    { name: 'three-way 1:1:1 of 10', strategy: [{ capacityProvider: 'A', weight: 1 }, { capacityProvider: 'B', weight: 1 }, { capacityProvider: 'C', weight: 1 }], count: 10, want: { A: 4, B: 3, C: 3 } },
  ])('$name', ({ strategy, count, want }) => {
    const shares = splitAcrossCapacityProviders(strategy, count);
    expect(Object.fromEntries(shares.map((s) => [s.capacityProvider, s.count]))).toEqual(want);
    expect(shares.reduce((sum, s) => sum + s.count, 0)).toBe(count);
  });
});
