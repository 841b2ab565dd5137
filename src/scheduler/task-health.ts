// What counts as healthy for minimumHealthyPercent (ECS-SEMANTICS 6.8, 5.5):
//
//   load balancer?  essential health check?  healthy when
//   no              no                       RUNNING for 40 seconds
//   no              yes                      healthStatus HEALTHY
//   yes             no                       target healthy
//   yes             yes                      HEALTHY and target healthy
//
// During healthCheckGracePeriodSeconds after the task starts, UNHEALTHY signals are ignored
// [F, CREATESVC]: the task is neither replaced nor counted as failed, and it counts as
// healthy only once the signals say so ([OP] a task in its grace period is "initializing").
import type { ServiceTask } from './types.ts';

export const RUNNING_WITHOUT_CHECKS_HEALTHY_AFTER_MS = 40_000;

export interface HealthRules {
  hasLoadBalancers: boolean;
  hasEssentialHealthCheck: boolean;
  healthCheckGracePeriodSeconds: number;
}

export type TaskHealth =
  /** Counts toward minimumHealthyPercent. */
  | { kind: 'healthy' }
  /** Not yet (PENDING, within 40 s, UNKNOWN, grace period); `until` = when to look again, if known. */
  | { kind: 'initializing'; until?: number }
  /** To be replaced (6.9); `cause` picks the stop reason. */
  | { kind: 'unhealthy'; cause: 'container' | 'load-balancer' };

/** Health of a live task at `now`. Tasks not RUNNING are initializing. */
export function computeTaskHealth(task: ServiceTask, rules: HealthRules, now: number): TaskHealth {
  if (task.lastStatus !== 'RUNNING') return { kind: 'initializing' };
  // A RUNNING task without startedAt (not yet written) counts from its creation, never from now.
  const startedAt = task.startedAt ?? task.createdAt;
  const graceEnds = startedAt + rules.healthCheckGracePeriodSeconds * 1000;
  const inGrace = rules.healthCheckGracePeriodSeconds > 0 && now < graceEnds;
  if (!rules.hasLoadBalancers && !rules.hasEssentialHealthCheck) {
    const healthyAt = startedAt + RUNNING_WITHOUT_CHECKS_HEALTHY_AFTER_MS;
    return now >= healthyAt ? { kind: 'healthy' } : { kind: 'initializing', until: healthyAt };
  }
  const signals: { status: ServiceTask['healthStatus']; cause: 'container' | 'load-balancer' }[] = [];
  if (rules.hasEssentialHealthCheck) signals.push({ status: task.healthStatus, cause: 'container' });
  if (rules.hasLoadBalancers) signals.push({ status: task.loadBalancerHealth, cause: 'load-balancer' });
  const failing = signals.find((s) => s.status === 'UNHEALTHY');
  if (failing !== undefined) {
    return inGrace ? { kind: 'initializing', until: graceEnds } : { kind: 'unhealthy', cause: failing.cause };
  }
  if (signals.every((s) => s.status === 'HEALTHY')) return { kind: 'healthy' };
  return inGrace ? { kind: 'initializing', until: graceEnds } : { kind: 'initializing' };
}
