// The Manager runs a set of controllers the way controller-runtime's manager does:
//
//   1. serve /metrics, /healthz and /readyz;
//   2. let each controller registration wire its informers (handlers only enqueue keys);
//   3. start the informers and wait for their first sync (every replica does this, so a
//      standby has warm caches);
//   4. start the controllers' workers — at once, or only once this replica leads;
//   5. on stop: release leadership, drain the queues, stop the informers, close the servers.
//
// Losing leadership is not recoverable in-process (caches and queues may hold decisions made
// while another replica led): the Manager stops and calls `onLostLeadership`, and the
// command exits so that the Pod restarts as a standby.
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import type { ControllerContext, ControllerRegistration } from '../controllers/controller-contract.ts';
import type { KubeConfig } from '../kube/config.ts';
import { KubeClient } from '../kube/client.ts';
import { KubeEventRecorder } from '../kube/events.ts';
import { InformerFactory } from '../kube/informer-factory.ts';
import { LeaderElector } from '../kube/leader-election.ts';
import type { LeaseTimings } from '../kube/lease-decision.ts';
import { Controller } from '../runtime/controller.ts';
import { WorkQueue } from '../runtime/workqueue.ts';
import { serveRoutes, type HttpEndpoint } from './http-server.ts';

export interface LeaderElectionConfig {
  namespace: string;
  name: string;
  identity: string;
  timings?: LeaseTimings;
}

export interface ManagerOptions {
  kubeConfig: KubeConfig;
  logger: Logger;
  registry: Registry;
  controllers: ControllerRegistration[];
  /** Watch scope for namespaced resources; all namespaces when undefined. */
  namespace?: string;
  /** Workers per controller unless the registration says otherwise. */
  workers?: number;
  /** Undefined runs the controllers without leader election (one replica only!). */
  leaderElection?: LeaderElectionConfig;
  /** `:8080` style; `0` disables. */
  metricsBindAddress: string;
  healthProbeBindAddress: string;
  /** Called after the Manager stopped because another replica took the Lease. */
  onLostLeadership: () => void;
  /** The reportingInstance of Events; defaults to the leader election identity. */
  instance?: string;
}

export class Manager {
  readonly #options: ManagerOptions;
  readonly #logger: Logger;
  readonly #informers: InformerFactory;
  readonly #controllers: Controller[] = [];
  readonly #elector: LeaderElector | undefined;
  #metricsEndpoint: HttpEndpoint | undefined;
  #healthEndpoint: HttpEndpoint | undefined;
  #controllersStarted = false;
  #stopping: Promise<void> | undefined;

  constructor(options: ManagerOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.#informers = new InformerFactory(options.kubeConfig, options.logger, options.namespace);
    const election = options.leaderElection;
    this.#elector =
      election === undefined
        ? undefined
        : new LeaderElector(options.kubeConfig, {
            ...election,
            logger: options.logger,
            onStartedLeading: () => this.#startControllers(),
            onStoppedLeading: () => this.#onStoppedLeading(),
          });
  }

  /** True when this replica runs the controllers (always, without leader election). */
  get isLeader(): boolean {
    return this.#elector === undefined ? this.#controllersStarted : this.#elector.isLeader;
  }

  /** Ready when every informer has synced; a synced standby is ready too. */
  get isReady(): boolean {
    return this.#stopping === undefined && this.#informers.hasSynced();
  }

  get metricsPort(): number | undefined {
    return this.#metricsEndpoint?.port;
  }

  get healthProbePort(): number | undefined {
    return this.#healthEndpoint?.port;
  }

  /** The shared informers, for tests and commands that want to read the caches. */
  get informers(): InformerFactory {
    return this.#informers;
  }

  async start(): Promise<void> {
    const { registry, kubeConfig } = this.#options;
    await this.#serve();
    const kube = new KubeClient(kubeConfig);
    const events = new KubeEventRecorder(kubeConfig, {
      logger: this.#logger,
      instance: this.#options.instance ?? this.#options.leaderElection?.identity ?? 'stevedore',
    });
    for (const registration of this.#options.controllers) {
      const logger = this.#logger.child({ controller: registration.name });
      // The queue exists before setup so that handlers can enqueue from the first event.
      const queue = new WorkQueue();
      const ctx: ControllerContext = { informers: this.#informers, kube, events, logger, registry, namespace: this.#options.namespace };
      const reconcile = registration.setup(ctx, (key) => queue.add(key));
      const controller = new Controller({
        queue,
        name: registration.name,
        kind: registration.kind,
        reconcile,
        logger: this.#logger,
        registry,
        workers: registration.workers ?? this.#options.workers,
      });
      this.#controllers.push(controller);
    }
    await this.#informers.startAll();
    // A signal may have arrived while the caches synced.
    if (this.#stopping !== undefined) return;
    this.#logger.info({ controllers: this.#controllers.map((c) => c.name) }, 'Synced informers');
    if (this.#elector === undefined) this.#startControllers();
    else this.#elector.start();
  }

  /** Stops gracefully; safe to call more than once. */
  stop(): Promise<void> {
    this.#stopping ??= this.#stop();
    return this.#stopping;
  }

  async #stop(): Promise<void> {
    this.#logger.info('Stopping manager');
    // Drain first so that no reconcile writes after we hand the Lease over.
    await Promise.all(this.#controllers.map((controller) => controller.stop()));
    await this.#elector?.stop();
    await this.#informers.stopAll();
    await Promise.all([this.#metricsEndpoint?.close(), this.#healthEndpoint?.close()]);
    this.#logger.info('Stopped manager');
  }

  #startControllers(): void {
    if (this.#controllersStarted || this.#stopping !== undefined) return;
    this.#controllersStarted = true;
    for (const controller of this.#controllers) controller.start();
  }

  #onStoppedLeading(): void {
    // A release during our own stop is expected; anything else is a lost Lease.
    if (this.#stopping !== undefined) return;
    this.#logger.error('Lost leadership; stopping');
    void this.stop().then(() => this.#options.onLostLeadership());
  }

  async #serve(): Promise<void> {
    const { registry } = this.#options;
    const isLeader = () => this.isLeader;
    const informersSynced = () => this.#informers.hasSynced();
    new Gauge({
      name: 'stevedore_leader_election_status',
      help: '1 while this replica holds the Lease and runs the controllers, else 0.',
      registers: [registry],
      collect() {
        this.set(isLeader() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'stevedore_informers_synced',
      help: '1 once every informer has completed its first list, else 0.',
      registers: [registry],
      collect() {
        this.set(informersSynced() ? 1 : 0);
      },
    });
    this.#metricsEndpoint = await serveRoutes(this.#options.metricsBindAddress, {
      '/metrics': async () => ({ status: 200, body: await registry.metrics(), contentType: registry.contentType }),
    });
    this.#healthEndpoint = await serveRoutes(this.#options.healthProbeBindAddress, {
      '/healthz': async () => ({ status: 200, body: 'ok\n' }),
      '/readyz': async () =>
        this.isReady ? { status: 200, body: 'ok\n' } : { status: 503, body: 'informers not synced\n' },
    });
    this.#logger.info({ metricsPort: this.metricsPort, healthProbePort: this.healthProbePort }, 'Served metrics and probes');
  }
}
