// Informers: a list-then-watch cache of one resource type, on client-node's ListWatch.
//
// client-node's informer restarts its watch after a clean close or a 410 Gone, but after any
// other error (connection refused, reset, a failed list) it emits 'error' and stops for good.
// `Informer` restarts it with backoff (1 s doubling to 30 s), and keeps what it had cached
// meanwhile. Handlers only learn that an object changed; they should enqueue a key and no more.
import { KubernetesObjectApi, ListWatch, Watch, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { ExponentialBackoff } from '../runtime/backoff.ts';
import { realTimers, type CancelTimer, type Timers } from '../runtime/timers.ts';
import type { Cached } from './cached.ts';
import { collectionPath, type ResourceType } from './resources.ts';

/** A read-only view of an informer's store. Never modify what it returns. */
export interface ObjectCache<T> {
  get(name: string, namespace?: string): Cached<T> | undefined;
  list(namespace?: string): ReadonlyArray<Cached<T>>;
}

export interface InformerOptions {
  /** Watch one namespace only; all namespaces when not set. Ignored for cluster-scoped types. */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  logger: Logger;
  timers?: Timers;
  /** Restart delays after an error; client-node's own reconnects use 1 s → 30 s too. */
  restartBackoff?: { baseDelayMs: number; maxDelayMs: number };
}

export type ChangeHandler<T> = (obj: Cached<T>) => void;

export class Informer<T extends KubernetesObject> implements ObjectCache<T> {
  readonly resource: ResourceType;
  readonly #listWatch: ListWatch<T>;
  readonly #watch: InterruptibleWatch;
  readonly #logger: Logger;
  readonly #timers: Timers;
  readonly #backoff: ExponentialBackoff;
  #synced = false;
  #stopped = true;
  /** True while `#connect` runs: errors then belong to that attempt, not to a live watch. */
  #connecting = false;
  #failedDuringConnect = false;
  #cancelRestart: CancelTimer | undefined;
  /** Ends the backoff sleep of `start` early, so that `stop` never leaves `start` hanging. */
  #wakeStart: (() => void) | undefined;
  #restarts = 0;

  constructor(kc: KubeConfig, resource: ResourceType, options: InformerOptions) {
    this.resource = resource;
    this.#logger = options.logger.child({ informer: resource.plural, namespace: options.namespace });
    this.#timers = options.timers ?? realTimers;
    this.#backoff = new ExponentialBackoff(options.restartBackoff ?? { baseDelayMs: 1000, maxDelayMs: 30_000 });
    const objects = KubernetesObjectApi.makeApiClient(kc);
    const namespace = resource.namespaced ? options.namespace : undefined;
    const list = async () => {
      const result = await objects.list<T>(
        resource.apiVersion,
        resource.kind,
        namespace,
        undefined,
        undefined,
        undefined,
        options.fieldSelector,
        options.labelSelector,
      );
      // Typed lists carry Date objects; watch events carry strings. Round-trip through JSON
      // so that the store holds one form only (see cached.ts).
      return JSON.parse(JSON.stringify(result)) as typeof result;
    };
    this.#watch = new InterruptibleWatch(kc);
    this.#listWatch = new ListWatch<T>(
      collectionPath(resource, namespace),
      this.#watch,
      list,
      false,
      options.labelSelector,
      options.fieldSelector,
    );
    this.#listWatch.on('error', (err) => this.#onError(err));
  }

  get(name: string, namespace?: string): Cached<T> | undefined {
    return this.#listWatch.get(name, namespace) as Cached<T> | undefined;
  }

  list(namespace?: string): ReadonlyArray<Cached<T>> {
    return this.#listWatch.list(namespace) as ReadonlyArray<Cached<T>>;
  }

  /** Calls `handler` for every add, update and delete, including those of relists. */
  onChange(handler: ChangeHandler<T>): void {
    this.#listWatch.on('change', handler as unknown as (obj: T) => void);
  }

  /** True once the first list has been stored and the watch is open. */
  hasSynced(): boolean {
    return this.#synced;
  }

  /** How many times the informer was restarted after an error. For metrics and tests. */
  get restarts(): number {
    return this.#restarts;
  }

  /**
   * Lists, opens the watch, and resolves when the cache holds the first list. Retries with
   * backoff until it succeeds or `stop` is called.
   */
  async start(): Promise<void> {
    this.#stopped = false;
    while (!this.#stopped) {
      if (await this.#connect()) {
        this.#synced = true;
        this.#logger.info({ objects: this.#listWatch.list().length }, 'Synced informer');
        return;
      }
      await new Promise<void>((resolve) => {
        const cancel = this.#timers.setTimeout(resolve, this.#backoff.next('start'));
        this.#wakeStart = () => (cancel(), resolve());
      });
      this.#wakeStart = undefined;
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#cancelRestart?.();
    this.#cancelRestart = undefined;
    this.#wakeStart?.();
    await this.#listWatch.stop();
  }

  /** Breaks the open watch as a network failure would. Exported for fault tests. */
  interruptWatch(): void {
    this.#watch.interrupt();
  }

  async #connect(): Promise<boolean> {
    this.#connecting = true;
    this.#failedDuringConnect = false;
    try {
      // Resolves once the list is stored and the watch request is answered, or after the
      // error handler has run.
      await this.#listWatch.start();
    } catch (err) {
      this.#failedDuringConnect = true;
      this.#logger.warn({ err }, 'Could not start informer');
    } finally {
      this.#connecting = false;
    }
    // ListWatch does not look at its stopped flag between the list and the watch, so a stop
    // that came in meanwhile may have left a watch open: close it again.
    if (this.#stopped) await this.#listWatch.stop();
    if (!this.#failedDuringConnect) this.#backoff.forget('start');
    return !this.#failedDuringConnect;
  }

  #onError(err: unknown): void {
    if (this.#stopped) return;
    this.#logger.warn({ err }, 'Lost informer watch');
    if (this.#connecting) {
      this.#failedDuringConnect = true;
      return;
    }
    this.#scheduleRestart();
  }

  #scheduleRestart(): void {
    const delay = this.#backoff.next('start');
    this.#cancelRestart = this.#timers.setTimeout(() => {
      this.#cancelRestart = undefined;
      if (this.#stopped) return;
      void this.#connect().then((ok) => {
        if (this.#stopped) return;
        if (ok) {
          this.#restarts++;
          this.#logger.info({ restarts: this.#restarts }, 'Restarted informer');
        } else {
          this.#scheduleRestart();
        }
      });
    }, delay);
  }
}

/** A Watch that remembers its open request so that a test can break it. */
class InterruptibleWatch extends Watch {
  #current: AbortController | undefined;

  override async watch(
    path: string,
    queryParams: Record<string, string | number | boolean | undefined>,
    callback: (phase: string, apiObj: unknown, watchObj?: unknown) => void,
    done: (err: unknown) => void,
  ): Promise<AbortController> {
    const request = await super.watch(path, queryParams, callback, done);
    this.#current = request;
    return request;
  }

  interrupt(): void {
    this.#current?.abort(new Error('Watch interrupted'));
  }
}
