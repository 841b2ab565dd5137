// How a capacityProviderStrategy shares `count` tasks among providers (ECS-SEMANTICS 7.5):
// the one provider with a `base` gets up to that many first; the rest is shared in
// proportion to `weight`, rounded by largest remainder (Q16), ties by strategy order.
//
// Worked example (G59): [A{base 2, weight 1}, B{weight 4}], 12 tasks. A takes its base 2;
// 10 remain, shares 10×1/5 = 2 and 10×4/5 = 8 ⇒ A 4, B 8. With 10 tasks: base 2, then 8 ⇒
// exact shares 1.6 and 6.4, floors 1 and 6, one task left goes to the largest remainder
// (A, .6) ⇒ A 2+2 = 4, B 6.

export interface CapacityProviderStrategyItem {
  capacityProvider: string;
  weight?: number;
  base?: number;
}

export interface ProviderShare {
  capacityProvider: string;
  count: number;
}

export const MAX_CAPACITY_PROVIDERS_PER_STRATEGY = 20;

export function splitAcrossCapacityProviders(strategy: readonly CapacityProviderStrategyItem[], count: number): ProviderShare[] {
  const shares = strategy.map((item) => ({ capacityProvider: item.capacityProvider, count: 0 }));
  let left = count;
  strategy.forEach((item, k) => {
    const base = Math.min(item.base ?? 0, left);
    (shares[k] as ProviderShare).count += base;
    left -= base;
  });
  const totalWeight = strategy.reduce((sum, item) => sum + (item.weight ?? 0), 0);
  if (left > 0 && totalWeight > 0) {
    const exact = strategy.map((item) => (left * (item.weight ?? 0)) / totalWeight);
    const floors = exact.map(Math.floor);
    let remainder = left - floors.reduce((a, b) => a + b, 0);
    floors.forEach((n, k) => ((shares[k] as ProviderShare).count += n));
    const byRemainder = exact.map((x, k) => ({ k, fraction: x - Math.floor(x) })).sort((a, b) => b.fraction - a.fraction || a.k - b.k);
    for (const { k } of byRemainder) {
      if (remainder === 0) break;
      (shares[k] as ProviderShare).count += 1;
      remainder -= 1;
    }
  }
  return shares.filter((share) => share.count > 0);
}

/** The InvalidParameterException text for an unusable strategy, or undefined. Texts are ours. */
export function capacityProviderStrategyError(strategy: readonly CapacityProviderStrategyItem[]): string | undefined {
  if (strategy.length > MAX_CAPACITY_PROVIDERS_PER_STRATEGY) {
    return `The capacity provider strategy cannot contain more than ${MAX_CAPACITY_PROVIDERS_PER_STRATEGY} capacity providers.`;
  }
  if (strategy.filter((item) => (item.base ?? 0) > 0).length > 1) return 'Only one capacity provider in a capacity provider strategy can have a base.';
  for (const item of strategy) {
    const weight = item.weight ?? 0;
    const base = item.base ?? 0;
    if (!Number.isInteger(weight) || weight < 0 || weight > 1000) return `Invalid weight for capacity provider ${item.capacityProvider}: must be between 0 and 1000.`;
    if (!Number.isInteger(base) || base < 0 || base > 100000) return `Invalid base for capacity provider ${item.capacityProvider}: must be between 0 and 100000.`;
  }
  if (strategy.length > 0 && strategy.every((item) => (item.weight ?? 0) === 0)) {
    return 'At least one capacity provider in the capacity provider strategy must have a weight greater than zero.';
  }
  return undefined;
}
