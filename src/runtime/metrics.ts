// The controller runtime's Prometheus metrics, named like controller-runtime's but under
// the stevedore_ prefix. prom-client refuses to register a name twice in one registry, so
// the metrics are created once per registry and shared by every controller in it, labelled
// by controller name.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface RuntimeMetrics {
  reconcileDuration: Histogram<'controller' | 'result'>;
  reconcileErrors: Counter<'controller' | 'reason'>;
  workqueueRetries: Counter<'controller'>;
  /** Reports the depth of every registered queue when scraped. */
  trackQueueDepth(controller: string, depth: () => number): void;
}

const byRegistry = new WeakMap<Registry, RuntimeMetrics>();

export function runtimeMetrics(registry: Registry): RuntimeMetrics {
  const existing = byRegistry.get(registry);
  if (existing !== undefined) return existing;
  const depthSources = new Map<string, () => number>();
  const metrics: RuntimeMetrics = {
    reconcileDuration: new Histogram({
      name: 'stevedore_reconcile_duration_seconds',
      help: 'Time spent in one reconcile, by controller and result (success, requeue, conflict, error, terminal).',
      labelNames: ['controller', 'result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    reconcileErrors: new Counter({
      name: 'stevedore_reconcile_errors_total',
      help: 'Reconciles that threw, by controller and reason (conflict, error, terminal).',
      labelNames: ['controller', 'reason'],
      registers: [registry],
    }),
    workqueueRetries: new Counter({
      name: 'stevedore_workqueue_retries_total',
      help: 'Keys put back in a work queue with backoff after a failed reconcile.',
      labelNames: ['controller'],
      registers: [registry],
    }),
    trackQueueDepth(controller, depth) {
      depthSources.set(controller, depth);
    },
  };
  new Gauge({
    name: 'stevedore_workqueue_depth',
    help: 'Keys waiting in a work queue for a worker.',
    labelNames: ['controller'],
    registers: [registry],
    collect() {
      for (const [controller, depth] of depthSources) this.set({ controller }, depth());
    },
  });
  byRegistry.set(registry, metrics);
  return metrics;
}
