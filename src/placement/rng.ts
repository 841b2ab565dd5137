// Randomness is injected (STYLE 14): the engine only ever draws from an Rng, so the same
// input and seed give the same placements.

export interface Rng {
  /** A number in [0, 1). */
  next(): number;
}

/** mulberry32: small, fast, and good enough to break ties fairly. */
export function seededRng(seed: number): Rng {
  let state = seed >>> 0;
  return {
    next(): number {
      state = (state + 0x6d2b79f5) >>> 0;
      let t = state;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}

/** Uniform index in [0, length). */
export function pickIndex(rng: Rng, length: number): number {
  return Math.min(length - 1, Math.floor(rng.next() * length));
}
