// What this process knows about Task Pods beyond the cache, as ReplicaSet's "expectations" do:
// a Pod it created a moment ago (so it does not create it again before the cache shows it), and
// when it first saw each Pod (so that a Pod that vanishes is known to have existed even before
// the status says so). Lost on restart, which is safe: the status and deterministic Pod names
// cover that case.

/** How long a created Pod is expected before a missing one is created again. */
export const POD_EXPECTATION_TTL_MS = 30_000;

export class PodTracker {
  readonly #createdAt = new Map<string, number>();
  readonly #firstSeenAt = new Map<string, number>();

  /** This process created the Pod of Task `uid` at `now`. */
  created(uid: string, now: number): void {
    this.#createdAt.set(uid, now);
  }

  /** Records what the cache shows now; returns when the Pod was first seen, if it ever was. */
  observe(uid: string, present: boolean, now: number): number | undefined {
    if (present) {
      this.#createdAt.delete(uid);
      if (!this.#firstSeenAt.has(uid)) this.#firstSeenAt.set(uid, now);
    }
    return this.#firstSeenAt.get(uid);
  }

  /** The Pod was created by this process and the cache may just not show it yet. */
  isExpected(uid: string, now: number): boolean {
    const at = this.#createdAt.get(uid);
    if (at === undefined) return false;
    if (now - at < POD_EXPECTATION_TTL_MS) return true;
    this.#createdAt.delete(uid);
    return false;
  }

  forget(uid: string): void {
    this.#createdAt.delete(uid);
    this.#firstSeenAt.delete(uid);
  }
}
