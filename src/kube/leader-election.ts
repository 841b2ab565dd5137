// Leader election on a coordination.k8s.io/v1 Lease, after client-go's leaderelection: one
// replica of the operator runs the controllers, the others stand by. Every write carries the
// resourceVersion that was read, so two candidates can never both win a round.
//
// A leader that cannot renew for `renewDeadline` steps down and calls onStoppedLeading; the
// operator then exits (as controller-runtime does) because its caches and queues may hold
// decisions made while another replica was already leading.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { realTimers, type Timers } from '../runtime/timers.ts';
import { classify } from './errors.ts';
import {
  decideLease,
  defaultLeaseTimings,
  hasMissedRenewDeadline,
  observeLease,
  type LeaseObservation,
  type LeaseTimings,
  type WritableLeaseRecord,
} from './lease-decision.ts';

export interface LeaderElectionOptions {
  /** The Lease's namespace and name, e.g. stevedore-system/stevedore-operator. */
  namespace: string;
  name: string;
  /** Unique per replica; `defaultIdentity()` gives hostname plus a random suffix. */
  identity: string;
  timings?: LeaseTimings;
  logger: Logger;
  timers?: Timers;
  onStartedLeading: () => void;
  /** Called once when leadership is lost or released. */
  onStoppedLeading: () => void;
}

/** `hostname_random`: unique even for two replicas on one host or a restarted Pod. */
export function defaultIdentity(): string {
  return `${hostname()}_${randomBytes(4).toString('hex')}`;
}

export class LeaderElector {
  readonly identity: string;
  readonly #api: CoordinationV1Api;
  readonly #options: LeaderElectionOptions;
  readonly #timings: LeaseTimings;
  readonly #timers: Timers;
  readonly #logger: Logger;
  #observation: LeaseObservation | undefined;
  /** The Lease as last read or written, for its resourceVersion. */
  #lease: V1Lease | undefined;
  #leading = false;
  #stopped = false;
  #lastRenewedAt = 0;
  #wake: (() => void) | undefined;
  #loop: Promise<void> | undefined;

  constructor(kc: KubeConfig, options: LeaderElectionOptions) {
    this.#api = kc.makeApiClient(CoordinationV1Api);
    this.#options = options;
    this.identity = options.identity;
    this.#timings = options.timings ?? defaultLeaseTimings;
    this.#timers = options.timers ?? realTimers;
    this.#logger = options.logger.child({ lease: `${options.namespace}/${options.name}`, identity: options.identity });
  }

  get isLeader(): boolean {
    return this.#leading;
  }

  /** Starts campaigning in the background; returns at once. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /**
   * Stops campaigning and, if leading, releases the Lease so that a standby takes over at
   * once instead of after the lease duration.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
    if (this.#leading) {
      await this.#release();
      this.#stepDown('Released leadership');
    }
  }

  async #run(): Promise<void> {
    this.#logger.info('Started leader election');
    while (!this.#stopped) {
      const renewed = await this.#tryAcquireOrRenew();
      if (this.#stopped) break;
      const now = this.#timers.now();
      if (renewed) {
        this.#lastRenewedAt = now;
        if (!this.#leading) {
          this.#leading = true;
          this.#logger.info('Acquired leadership');
          this.#options.onStartedLeading();
        }
      } else if (this.#leading && hasMissedRenewDeadline(this.#lastRenewedAt, now, this.#timings)) {
        this.#stepDown('Lost leadership: could not renew the Lease in time');
        return;
      }
      await this.#sleep(jittered(this.#timings.retryPeriodMs, this.#leading));
    }
  }

  /** One round: read the Lease, decide, write. Resolves to whether we hold the Lease now. */
  async #tryAcquireOrRenew(): Promise<boolean> {
    const { namespace, name } = this.#options;
    try {
      let lease: V1Lease | undefined;
      try {
        lease = await this.#withDeadline(this.#api.readNamespacedLease({ name, namespace }));
      } catch (err) {
        if (classify(err) !== 'not-found') throw err;
      }
      const now = this.#timers.now();
      this.#observation = observeLease(this.#observation, lease?.spec, now);
      this.#lease = lease;
      const decision = decideLease(this.#observation, this.identity, now, this.#timings);
      if (decision.action === 'wait') {
        this.#logger.debug({ holder: decision.holder }, 'Waited for the Lease holder');
        return false;
      }
      const body: V1Lease = {
        apiVersion: 'coordination.k8s.io/v1',
        kind: 'Lease',
        metadata: { name, namespace, resourceVersion: lease?.metadata?.resourceVersion },
        spec: toLeaseSpec(decision.record),
      };
      const written =
        decision.action === 'create'
          ? await this.#withDeadline(this.#api.createNamespacedLease({ namespace, body }))
          : await this.#withDeadline(this.#api.replaceNamespacedLease({ name, namespace, body }));
      this.#lease = written;
      this.#observation = observeLease(this.#observation, written.spec, now);
      return true;
    } catch (err) {
      // 409 means another candidate wrote first; anything else is an API server problem.
      // Both mean "not renewed this round"; the renew deadline decides when that matters.
      const level = classify(err) === 'conflict' || classify(err) === 'already-exists' ? 'debug' : 'warn';
      this.#logger[level]({ err }, 'Could not acquire or renew the Lease');
      return false;
    }
  }

  /** Hands the Lease back: empty holder and a 1 s duration, as client-go's ReleaseOnCancel. */
  async #release(): Promise<void> {
    const lease = this.#lease;
    if (lease?.spec?.holderIdentity !== this.identity) return;
    const now = this.#timers.now();
    const body: V1Lease = {
      ...lease,
      spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: new V1MicroTime(now), acquireTime: new V1MicroTime(now) },
    };
    try {
      await this.#withDeadline(this.#api.replaceNamespacedLease({ name: this.#options.name, namespace: this.#options.namespace, body }));
    } catch (err) {
      this.#logger.warn({ err }, 'Could not release the Lease; a standby takes over when it expires');
    }
  }

  #stepDown(message: string): void {
    if (!this.#leading) return;
    this.#leading = false;
    this.#logger.info(message);
    this.#options.onStoppedLeading();
  }

  /** No single call may outlast the renew deadline, or a hung request would keep us leading. */
  #withDeadline<T>(promise: Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancel = this.#timers.setTimeout(() => reject(new Error('Lease request timed out')), this.#timings.renewDeadlineMs);
      promise.then(
        (value) => (cancel(), resolve(value)),
        (err: unknown) => (cancel(), reject(err)),
      );
    });
  }

  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.#timers.setTimeout(done, ms);
      this.#wake = () => (cancel(), done());
      function done(): void {
        resolve();
      }
    });
  }
}

/** MicroTime fields must be written as V1MicroTime: a plain Date serialises with millisecond
 * precision, which the API server rejects for MicroTime. */
function toLeaseSpec(record: WritableLeaseRecord): NonNullable<V1Lease['spec']> {
  return {
    holderIdentity: record.holderIdentity,
    leaseDurationSeconds: record.leaseDurationSeconds,
    acquireTime: new V1MicroTime(record.acquireTimeMs),
    renewTime: new V1MicroTime(record.renewTimeMs),
    leaseTransitions: record.leaseTransitions,
  };
}

/** The leader renews on the period; candidates add up to 20% jitter so they do not collide. */
function jittered(ms: number, leading: boolean): number {
  return leading ? ms : ms * (1 + 0.2 * Math.random());
}
