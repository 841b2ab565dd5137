// EventBridge Scheduler's flexible time window: with mode FLEXIBLE the target is invoked at
// some moment within `maximumWindowInMinutes` after the scheduled time, spreading load. The
// moment is chosen here from a hash of the schedule and the scheduled time, so that every
// replica, before and after a restart, picks the same one.

/** Delay in ms after `scheduledMs` at which to invoke, in [0, windowMs). */
export function computeInvocationDelayMs(windowMs: number, seed: string, scheduledMs: number): number {
  if (windowMs <= 0) return 0;
  return fnv1a(`${seed}@${scheduledMs}`) % windowMs;
}

/** 32-bit FNV-1a: small, stable, and good enough to spread invocations. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
