// Container and task health (ECS-SEMANTICS 1.4, 5.5). The healthCheck is the container's
// readiness probe, so the kubelet's `ready` is the check's latest verdict.
import type { HealthCheck } from '../../api/v1alpha1/container-definition.ts';
import type { HealthStatus } from '../../api/v1alpha1/task.ts';
import { HEALTH_CHECK_DEFAULTS } from '../../api/v1alpha1/normalize-task-definition.ts';

export interface ContainerHealth {
  healthStatus: HealthStatus;
  /** When an UNKNOWN verdict turns UNHEALTHY if the container is still not ready (epoch ms). */
  decidedAtMs?: number;
}

export interface RunningContainerHealthInput {
  healthCheck: HealthCheck | undefined;
  ready: boolean;
  /** When the container started running (epoch ms), if the kubelet said. */
  startedAtMs: number | undefined;
  /** The verdict of the previous derivation. */
  previous: HealthStatus | undefined;
  nowMs: number;
}

/**
 * A not-ready container is UNHEALTHY once `retries` checks can have failed after `startPeriod`:
 * a readiness probe is not ready from the start, so before that window ends "not ready" means
 * "still evaluating". One that was evaluated before (HEALTHY or UNHEALTHY) and is not ready now
 * has failed `retries` checks in a row: the probe's failureThreshold is `retries`.
 *
 * Worked example: interval 10, retries 3, startPeriod 20 ⇒ a never-ready container started at
 * t=0 is UNKNOWN until t=50 s and UNHEALTHY from then on.
 */
export function computeRunningContainerHealth(input: RunningContainerHealthInput): ContainerHealth {
  const check = input.healthCheck;
  if (check === undefined) return { healthStatus: 'UNKNOWN' };
  if (input.ready) return { healthStatus: 'HEALTHY' };
  if (input.previous === 'HEALTHY' || input.previous === 'UNHEALTHY') return { healthStatus: 'UNHEALTHY' };
  if (input.startedAtMs === undefined) return { healthStatus: 'UNKNOWN' };
  const decidedAtMs = input.startedAtMs + healthWindowSeconds(check) * 1000;
  return input.nowMs >= decidedAtMs ? { healthStatus: 'UNHEALTHY' } : { healthStatus: 'UNKNOWN', decidedAtMs };
}

/** startPeriod + interval × retries, with ECS's defaults. */
export function healthWindowSeconds(check: HealthCheck): number {
  const interval = check.interval ?? HEALTH_CHECK_DEFAULTS.interval;
  const retries = check.retries ?? HEALTH_CHECK_DEFAULTS.retries;
  return (check.startPeriod ?? 0) + interval * retries;
}

export interface ContainerHealthFact {
  essential: boolean;
  hasHealthCheck: boolean;
  healthStatus: HealthStatus;
}

/**
 * Task health from the essential containers that have a check: HEALTHY when all are, UNHEALTHY
 * when one is, otherwise UNKNOWN (still evaluating, only non-essential checks, or none).
 */
export function computeTaskHealth(containers: readonly ContainerHealthFact[]): HealthStatus {
  const checked = containers.filter((c) => c.essential && c.hasHealthCheck);
  if (checked.length === 0) return 'UNKNOWN';
  if (checked.some((c) => c.healthStatus === 'UNHEALTHY')) return 'UNHEALTHY';
  return checked.every((c) => c.healthStatus === 'HEALTHY') ? 'HEALTHY' : 'UNKNOWN';
}
