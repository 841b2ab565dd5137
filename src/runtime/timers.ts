// Time as a dependency: the work queue and leader election read the clock and arm timers
// only through this interface, so tests drive time by hand instead of sleeping.

/** Cancels a timer armed by `Timers.setTimeout`; calling it after the timer fired is harmless. */
export type CancelTimer = () => void;

export interface Timers {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(callback: () => void, ms: number): CancelTimer;
}

export const realTimers: Timers = {
  now: () => Date.now(),
  setTimeout(callback, ms) {
    const handle = setTimeout(callback, ms);
    return () => clearTimeout(handle);
  },
};

/**
 * Timers that only move when `advance` is called. Exported for tests: timers fire in due
 * order, and a timer armed by a callback fires in the same `advance` if it falls due.
 */
export class ManualTimers implements Timers {
  #now: number;
  #nextId = 0;
  readonly #pending = new Map<number, { dueAt: number; callback: () => void }>();

  constructor(startAt = 0) {
    this.#now = startAt;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(callback: () => void, ms: number): CancelTimer {
    const id = this.#nextId++;
    this.#pending.set(id, { dueAt: this.#now + Math.max(0, ms), callback });
    return () => this.#pending.delete(id);
  }

  /** Moves the clock forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#nextDue(target);
      if (next === undefined) break;
      this.#pending.delete(next.id);
      this.#now = next.dueAt;
      next.callback();
    }
    this.#now = target;
  }

  /** How many timers are armed and not yet fired. */
  get pendingCount(): number {
    return this.#pending.size;
  }

  #nextDue(limit: number): { id: number; dueAt: number; callback: () => void } | undefined {
    let best: { id: number; dueAt: number; callback: () => void } | undefined;
    for (const [id, timer] of this.#pending) {
      if (timer.dueAt <= limit && (best === undefined || timer.dueAt < best.dueAt)) best = { id, ...timer };
    }
    return best;
  }
}
