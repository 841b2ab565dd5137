// ReplicaSet-style expectations: the Task creates and stops a pass made, until the Task cache
// shows them. A pass that planned from a cache without its own last writes would count too few
// tasks and start more, or stop a second task for the same reason: so the controller waits for
// the cache first. Deterministic task names are the second guard (a create repeated from a
// stale cache meets AlreadyExists); a restart starts with fresh caches and no expectations.
export interface PendingWrites {
  /** Task names created and not yet in the cache. */
  creates: Set<string>;
  /** Task names patched to STOPPED whose cached copy still says RUNNING. */
  stops: Set<string>;
  /** When the writes were made (epoch ms): expectations expire rather than block for ever. */
  at: number;
}

/** How long a pass waits for the cache to show its writes before planning anyway. */
export const EXPECTATIONS_TIMEOUT_MS = 30_000;

export class ServiceExpectations {
  readonly #pending = new Map<string, PendingWrites>();

  expect(key: string, creates: readonly string[], stops: readonly string[], now: number): void {
    if (creates.length === 0 && stops.length === 0) return;
    const entry = this.#pending.get(key) ?? { creates: new Set<string>(), stops: new Set<string>(), at: now };
    for (const name of creates) entry.creates.add(name);
    for (const name of stops) entry.stops.add(name);
    entry.at = now;
    this.#pending.set(key, entry);
  }

  /**
   * Whether the cache shows every write of `key`: `lookup` gives a Task's cached desiredStatus
   * (undefined when the cache does not have it).
   */
  satisfied(key: string, lookup: (name: string) => 'RUNNING' | 'STOPPED' | undefined, now: number): boolean {
    const entry = this.#pending.get(key);
    if (entry === undefined) return true;
    for (const name of entry.creates) if (lookup(name) !== undefined) entry.creates.delete(name);
    // A stopped Task that is gone also shows the stop.
    for (const name of entry.stops) if (lookup(name) !== 'RUNNING') entry.stops.delete(name);
    if ((entry.creates.size === 0 && entry.stops.size === 0) || now - entry.at > EXPECTATIONS_TIMEOUT_MS) {
      this.#pending.delete(key);
      return true;
    }
    return false;
  }

  /** Names created and not yet cached: no new Task may take them. */
  pendingNames(key: string): ReadonlySet<string> {
    return this.#pending.get(key)?.creates ?? new Set();
  }

  forget(key: string): void {
    this.#pending.delete(key);
  }
}
