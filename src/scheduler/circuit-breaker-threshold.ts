// The circuit breaker's failure threshold (ECS-SEMANTICS 6.10, Q2: current API text, minimum 3).
//   BOUNDED_PERCENT (default 50): clamp(ceil(value/100 × D), 3, 200)
//   UNBOUNDED_PERCENT:            ceil(value/100 × D)
//   COUNT:                        value
// Examples (BOUNDED 50): D=1 ⇒ 3, D=4 ⇒ 3, D=7 ⇒ 4, D=25 ⇒ 13, D=400 ⇒ 200.
import type { CircuitBreakerSettings } from './types.ts';

export const BOUNDED_MINIMUM = 3;
export const BOUNDED_MAXIMUM = 200;

export function computeCircuitBreakerThreshold(settings: Pick<CircuitBreakerSettings, 'thresholdConfiguration'>, desiredCount: number): number {
  const { type, value } = settings.thresholdConfiguration;
  switch (type) {
    case 'COUNT':
      return value;
    case 'UNBOUNDED_PERCENT':
      return Math.ceil((value * desiredCount) / 100);
    case 'BOUNDED_PERCENT':
      return Math.min(BOUNDED_MAXIMUM, Math.max(BOUNDED_MINIMUM, Math.ceil((value * desiredCount) / 100)));
  }
}
