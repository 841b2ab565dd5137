// A controller: N workers taking keys from one work queue and calling `reconcile(key)`, in
// the shape of client-go's sample-controller (`processNextWorkItem` → `syncHandler`). Event
// handlers only call `enqueue`; everything else happens in `reconcile`, level-triggered.
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { isConflictError, isTerminalError } from './errors.ts';
import { runtimeMetrics, type RuntimeMetrics } from './metrics.ts';
import type { Result } from './result.ts';
import { WorkQueue } from './workqueue.ts';

export type Reconcile = (key: string) => Promise<Result>;

export interface ControllerOptions {
  /** Short lowercase name, used in metrics and logs: `task`, `service`. */
  name: string;
  /** The Kind this controller owns, used in log messages: "Reconciled Task". */
  kind: string;
  reconcile: Reconcile;
  logger: Logger;
  registry: Registry;
  /** Keys reconciled in parallel; one key is never reconciled twice at once. */
  workers?: number;
  /** A queue built by the caller, to inject timers or backoff in tests. */
  queue?: WorkQueue;
}

/** How one reconcile ended, for the duration histogram and the queue bookkeeping. */
export type ReconcileOutcome = 'success' | 'requeue' | 'conflict' | 'error' | 'terminal';

export class Controller {
  readonly name: string;
  readonly queue: WorkQueue;
  readonly #kind: string;
  readonly #reconcile: Reconcile;
  readonly #logger: Logger;
  readonly #metrics: RuntimeMetrics;
  readonly #workers: number;
  #running: Promise<void>[] = [];

  constructor(options: ControllerOptions) {
    this.name = options.name;
    this.#kind = options.kind;
    this.#reconcile = options.reconcile;
    this.#logger = options.logger.child({ controller: options.name });
    this.#workers = Math.max(1, options.workers ?? 1);
    this.queue = options.queue ?? new WorkQueue();
    this.#metrics = runtimeMetrics(options.registry);
    this.#metrics.trackQueueDepth(options.name, () => this.queue.len());
  }

  /** Asks for `key` to be reconciled. This is all an event handler should do. */
  enqueue(key: string): void {
    this.queue.add(key);
  }

  /** Starts the workers. Call it after the informers this controller reads have synced. */
  start(): void {
    if (this.#running.length > 0) return;
    this.#logger.info({ workers: this.#workers }, 'Started workers');
    this.#running = Array.from({ length: this.#workers }, () => this.#runWorker());
  }

  /** Stops taking keys and resolves when every reconcile in flight has finished. */
  async stop(): Promise<void> {
    await this.queue.shutDown();
    await Promise.all(this.#running);
    this.#running = [];
    this.#logger.info('Stopped workers');
  }

  async #runWorker(): Promise<void> {
    while (await this.processNextWorkItem());
  }

  /**
   * Reconciles one key and decides what happens to it next. Resolves to false when the
   * queue has shut down. Exported for tests, which drive workers one step at a time.
   */
  async processNextWorkItem(): Promise<boolean> {
    const key = await this.queue.get();
    if (key === undefined) return false;
    await this.reconcileKey(key);
    this.queue.done(key);
    return true;
  }

  async reconcileKey(key: string): Promise<ReconcileOutcome> {
    const log = this.#logger.child({ key });
    const startedAt = performance.now();
    let outcome: ReconcileOutcome;
    try {
      const result = await this.#reconcile(key);
      this.queue.forget(key);
      if (result.requeueAfterMs !== undefined && result.requeueAfterMs >= 0) {
        this.queue.addAfter(key, result.requeueAfterMs);
        outcome = 'requeue';
      } else {
        outcome = 'success';
      }
      log.debug({ requeueAfterMs: result.requeueAfterMs }, `Reconciled ${this.#kind}`);
    } catch (err) {
      outcome = this.#handleError(key, err, log);
    }
    this.#metrics.reconcileDuration.observe({ controller: this.name, result: outcome }, (performance.now() - startedAt) / 1000);
    return outcome;
  }

  #handleError(key: string, err: unknown, log: Logger): ReconcileOutcome {
    if (isTerminalError(err)) {
      // Retrying cannot help; the next change to the object brings the key back.
      this.queue.forget(key);
      this.#metrics.reconcileErrors.inc({ controller: this.name, reason: 'terminal' });
      log.error({ err }, `Could not reconcile ${this.#kind}; not retrying`);
      return 'terminal';
    }
    if (isConflictError(err)) {
      // The cache was stale; look again at once. The key is in flight, so this add marks it
      // dirty and `done` puts it back in the queue.
      this.#metrics.reconcileErrors.inc({ controller: this.name, reason: 'conflict' });
      log.debug({ err }, `Conflicted on ${this.#kind}; retrying at once`);
      this.queue.add(key);
      return 'conflict';
    }
    this.queue.addRateLimited(key);
    this.#metrics.reconcileErrors.inc({ controller: this.name, reason: 'error' });
    this.#metrics.workqueueRetries.inc({ controller: this.name });
    log.error({ err, retries: this.queue.retries(key) }, `Could not reconcile ${this.#kind}; retrying with backoff`);
    return 'error';
  }
}
