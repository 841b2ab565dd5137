// A keyed work queue in the manner of client-go's util/workqueue. It holds keys, never
// objects: a reconciler reads the current state from the informer caches when it gets a key,
// so a burst of events for one object collapses into one reconcile (level-triggered).
//
// - Stingy: a key added many times before a worker picks it up is handled once (`dirty`).
// - Fair: keys are handed out in the order they were first added.
// - One worker per key: a key being handled (`processing`) is not handed to a second worker;
//   if it is added meanwhile, it is queued again when the first worker calls `done`.
import { ExponentialBackoff, type BackoffOptions } from './backoff.ts';
import { realTimers, type CancelTimer, type Timers } from './timers.ts';

export interface WorkQueueOptions {
  timers?: Timers;
  backoff?: BackoffOptions;
}

export class WorkQueue {
  /** Keys waiting for a worker, in order. Every key here is also in `#dirty`. */
  readonly #queue: string[] = [];
  /** Keys that need handling: queued, or added again while being processed. */
  readonly #dirty = new Set<string>();
  /** Keys a worker holds between `get` and `done`. */
  readonly #processing = new Set<string>();
  /** Workers blocked in `get`, oldest first. */
  readonly #waiting: Array<(key: string | undefined) => void> = [];
  /** Keys waiting for `addAfter` to fire; only the earliest deadline per key is kept. */
  readonly #delayed = new Map<string, { readyAt: number; cancel: CancelTimer }>();
  /** Resolved when the last in-flight key is done after shutdown. */
  readonly #drainWaiters: Array<() => void> = [];
  readonly #timers: Timers;
  readonly #backoff: ExponentialBackoff;
  #shuttingDown = false;

  constructor(options: WorkQueueOptions = {}) {
    this.#timers = options.timers ?? realTimers;
    this.#backoff = new ExponentialBackoff(options.backoff);
  }

  /** Marks `key` as needing work. Does nothing if it already waits, or after `shutDown`. */
  add(key: string): void {
    if (this.#shuttingDown || this.#dirty.has(key)) return;
    this.#dirty.add(key);
    // A key in flight is re-queued by `done`, so that no two workers hold it at once.
    if (this.#processing.has(key)) return;
    this.#queue.push(key);
    this.#handOut();
  }

  /**
   * Adds `key` once `ms` have passed. If the key is already waiting for an earlier time, that
   * earlier time wins (as client-go's delaying queue does).
   */
  addAfter(key: string, ms: number): void {
    if (this.#shuttingDown) return;
    if (ms <= 0) {
      this.add(key);
      return;
    }
    const readyAt = this.#timers.now() + ms;
    const existing = this.#delayed.get(key);
    if (existing !== undefined) {
      if (existing.readyAt <= readyAt) return;
      existing.cancel();
    }
    const cancel = this.#timers.setTimeout(() => {
      this.#delayed.delete(key);
      this.add(key);
    }, ms);
    this.#delayed.set(key, { readyAt, cancel });
  }

  /** Adds `key` after its next backoff delay: the retry path after a failed reconcile. */
  addRateLimited(key: string): void {
    this.addAfter(key, this.#backoff.next(key));
  }

  /** Resets the backoff of `key`: call it after a successful reconcile. */
  forget(key: string): void {
    this.#backoff.forget(key);
  }

  /** How many times in a row `key` has been retried through `addRateLimited`. */
  retries(key: string): number {
    return this.#backoff.retries(key);
  }

  /**
   * Waits for the next key and hands it to the caller, who must call `done(key)` when
   * finished. Resolves to `undefined` once the queue is shut down: the worker should exit.
   */
  get(): Promise<string | undefined> {
    if (this.#shuttingDown) return Promise.resolve(undefined);
    const key = this.#queue.shift();
    if (key !== undefined) return Promise.resolve(this.#startProcessing(key));
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Releases `key`; if it was added while in flight, it goes back in the queue. */
  done(key: string): void {
    this.#processing.delete(key);
    if (this.#shuttingDown) {
      if (this.#processing.size === 0) this.#drainWaiters.splice(0).forEach((resolve) => resolve());
      return;
    }
    if (this.#dirty.has(key)) {
      this.#queue.push(key);
      this.#handOut();
    }
  }

  /** Keys waiting for a worker (not counting those in flight or delayed). */
  len(): number {
    return this.#queue.length;
  }

  get isShuttingDown(): boolean {
    return this.#shuttingDown;
  }

  /**
   * Stops the queue: new adds are ignored, waiting keys and pending delays are dropped, and
   * blocked workers are released. Keys in flight are finished by their workers; the returned
   * promise resolves once they are all `done`. Dropping waiting keys is safe because
   * reconciles are level-triggered: whoever runs next (this process after a restart, or
   * another leader) lists everything and enqueues it again.
   */
  shutDown(): Promise<void> {
    this.#shuttingDown = true;
    for (const { cancel } of this.#delayed.values()) cancel();
    this.#delayed.clear();
    this.#queue.length = 0;
    this.#dirty.clear();
    this.#waiting.splice(0).forEach((resolve) => resolve(undefined));
    if (this.#processing.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#drainWaiters.push(resolve));
  }

  #startProcessing(key: string): string {
    this.#dirty.delete(key);
    this.#processing.add(key);
    return key;
  }

  #handOut(): void {
    while (this.#waiting.length > 0 && this.#queue.length > 0) {
      const worker = this.#waiting.shift();
      const key = this.#queue.shift();
      if (worker === undefined || key === undefined) return;
      worker(this.#startProcessing(key));
    }
  }
}
