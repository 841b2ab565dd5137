// Records Kubernetes Events (core/v1, what `kubectl describe` shows) on the objects the
// operator acts on. Repeats are correlated (event-correlator.ts) so that a reconcile loop
// bumps a count instead of flooding etcd. Recording never fails a reconcile: an Event that
// cannot be written is logged and dropped, as client-go's recorder does.
import { CoreV1Api, PatchStrategy, setHeaderOptions, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import type { Logger } from 'pino';
import { realTimers, type Timers } from '../runtime/timers.ts';
import { classify } from './errors.ts';
import { EventCorrelator, type CorrelatedEvent, type EventInput, type InvolvedObject } from './event-correlator.ts';

/** Who reports the Events, in `reportingComponent` and `source.component`. */
export const reportingController = 'stevedore.dev/operator';

/** Anything with the identifying fields of an object: a cached object fits. */
export interface EventSubject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

export interface EventRecorder {
  /** Records an Event, e.g. `normal(task, 'Placed', 'Placed Task on Node n1')`. Never rejects. */
  normal(subject: EventSubject, reason: string, message: string): Promise<void>;
  warning(subject: EventSubject, reason: string, message: string): Promise<void>;
}

export interface KubeEventRecorderOptions {
  logger: Logger;
  /** This replica, in `reportingInstance` (the leader election identity fits). */
  instance: string;
  timers?: Timers;
  correlator?: EventCorrelator;
}

export class KubeEventRecorder implements EventRecorder {
  readonly #core: CoreV1Api;
  readonly #logger: Logger;
  readonly #instance: string;
  readonly #timers: Timers;
  readonly #correlator: EventCorrelator;
  readonly #inflight = new Map<string, Promise<void>>();

  constructor(kc: KubeConfig, options: KubeEventRecorderOptions) {
    this.#core = kc.makeApiClient(CoreV1Api);
    this.#logger = options.logger;
    this.#instance = options.instance;
    this.#timers = options.timers ?? realTimers;
    this.#correlator = options.correlator ?? new EventCorrelator();
  }

  normal(subject: EventSubject, reason: string, message: string): Promise<void> {
    return this.#record(subject, 'Normal', reason, message);
  }

  warning(subject: EventSubject, reason: string, message: string): Promise<void> {
    return this.#record(subject, 'Warning', reason, message);
  }

  async #record(subject: EventSubject, type: EventInput['type'], reason: string, message: string): Promise<void> {
    const involvedObject: InvolvedObject = {
      apiVersion: subject.apiVersion,
      kind: subject.kind,
      name: subject.metadata?.name,
      namespace: subject.metadata?.namespace,
      uid: subject.metadata?.uid,
    };
    const now = this.#timers.now();
    const event: EventInput = { involvedObject, type, reason, message };
    const correlated = this.#correlator.observe(event, now);
    // Writes to one Event go out in order, so a repeat never patches an Event whose create
    // is still in flight.
    const previous = this.#inflight.get(correlated.name) ?? Promise.resolve();
    const write = previous.then(() => this.#write(subject, event, correlated, now));
    this.#inflight.set(correlated.name, write);
    await write;
    if (this.#inflight.get(correlated.name) === write) this.#inflight.delete(correlated.name);
  }

  async #write(subject: EventSubject, event: EventInput, correlated: CorrelatedEvent, now: number): Promise<void> {
    const { involvedObject, type, reason, message } = event;
    // Events of cluster-scoped objects go to `default`, as client-go's recorder does.
    const namespace = involvedObject.namespace || 'default';
    try {
      if (correlated.action === 'update') {
        try {
          const patch = { count: correlated.count, message: correlated.message, lastTimestamp: new Date(now) };
          await this.#core.patchNamespacedEvent(
            { name: correlated.name, namespace, body: patch },
            setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
          );
          return;
        } catch (err) {
          if (classify(err) !== 'not-found') throw err;
          // The Event expired (the API server keeps them for an hour): start a new one.
          this.#correlator.forget(correlated.name);
          return await this.#record(subject, type, reason, message);
        }
      }
      const body: CoreV1Event = {
        metadata: { name: correlated.name, namespace },
        involvedObject: { ...involvedObject, resourceVersion: subject.metadata?.resourceVersion },
        type,
        reason,
        message: correlated.message,
        count: 1,
        firstTimestamp: new Date(correlated.firstTimestamp),
        lastTimestamp: new Date(now),
        source: { component: reportingController },
        reportingComponent: reportingController,
        reportingInstance: this.#instance,
      };
      await this.#core.createNamespacedEvent({ namespace, body });
    } catch (err) {
      this.#logger.warn({ err, reason, involvedObject }, 'Could not record Event');
    }
  }
}

/** A recorder that drops everything, for tests and commands that need no Events. */
export const discardEvents: EventRecorder = {
  normal: async () => {},
  warning: async () => {},
};
