// Service metrics on the operator's registry: desired, running and pending tasks per service
// (from the statuses in the cache when scraped), deployments by rollout state, and
// circuit-breaker trips.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Service } from '../../api/v1alpha1/service.ts';
import type { ObjectCache } from '../../kube/informers.ts';

export interface ServiceMetrics {
  circuitBreakerTripped(namespace: string, service: string): void;
}

export function serviceMetrics(registry: Registry, services: ObjectCache<Service>): ServiceMetrics {
  const counts = [
    ['stevedore_service_desired_tasks', 'Effective desired count of each service (DAEMON: eligible instances).', 'desiredCount'],
    ['stevedore_service_running_tasks', 'RUNNING tasks of each service.', 'runningCount'],
    ['stevedore_service_pending_tasks', 'PENDING tasks of each service.', 'pendingCount'],
  ] as const;
  for (const [name, help, field] of counts) {
    new Gauge({
      name,
      help,
      labelNames: ['namespace', 'service'],
      registers: [registry],
      collect() {
        this.reset();
        for (const s of services.list()) this.set({ namespace: s.metadata.namespace ?? '', service: s.metadata.name }, s.status?.[field] ?? 0);
      },
    });
  }
  new Gauge({
    name: 'stevedore_service_deployments',
    help: 'Service deployments by rollout state.',
    labelNames: ['rollout_state'],
    registers: [registry],
    collect() {
      this.reset();
      const byState = new Map<string, number>([['IN_PROGRESS', 0], ['COMPLETED', 0], ['FAILED', 0]]);
      for (const s of services.list()) for (const d of s.status?.deployments ?? []) if (d.rolloutState !== undefined) byState.set(d.rolloutState, (byState.get(d.rolloutState) ?? 0) + 1);
      for (const [state, n] of byState) this.set({ rollout_state: state }, n);
    },
  });
  const trips = new Counter({
    name: 'stevedore_service_circuit_breaker_trips_total',
    help: 'Deployments the circuit breaker marked FAILED.',
    labelNames: ['namespace', 'service'],
    registers: [registry],
  });
  return { circuitBreakerTripped: (namespace, service) => trips.inc({ namespace, service }) };
}
