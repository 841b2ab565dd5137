// Throttling of tasks that keep failing to start (ECS-SEMANTICS 6.11, Q14). ECS only says the
// delay "grows incrementally" up to 27 minutes; our schedule [OP] by consecutive failures:
// 1 ⇒ 0 (retry at once), 2 ⇒ 30 s, 3 ⇒ 1 m, 4 ⇒ 2 m, 5 ⇒ 4 m, ... capped at 27 m.
// Reset by a new deployment (new revision) or by any task reaching RUNNING.

export const THROTTLE_FIRST_DELAY_MS = 30_000;
export const THROTTLE_MAX_DELAY_MS = 27 * 60_000;

export function computeThrottleDelayMs(consecutiveFailures: number): number {
  if (consecutiveFailures <= 1) return 0;
  const exponent = Math.min(consecutiveFailures - 2, 30);
  return Math.min(THROTTLE_FIRST_DELAY_MS * 2 ** exponent, THROTTLE_MAX_DELAY_MS);
}

/** When the next launch may happen; undefined ⇒ now. */
export function computeNextLaunchAt(throttle: { consecutiveFailures: number; lastFailureAt?: number }): number | undefined {
  const delay = computeThrottleDelayMs(throttle.consecutiveFailures);
  if (delay === 0 || throttle.lastFailureAt === undefined) return undefined;
  return throttle.lastFailureAt + delay;
}
