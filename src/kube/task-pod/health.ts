// healthCheck (ECS-SEMANTICS 1.4) as probes. An UNHEALTHY ECS container is never restarted
// (a service replaces the whole task), so a health check is never a livenessProbe.
import type { V1Probe } from '@kubernetes/client-node';
import type { HealthCheck } from '../../api/v1alpha1/container-definition.ts';
import { HEALTH_CHECK_DEFAULTS } from '../../api/v1alpha1/normalize-task-definition.ts';

/** Docker's health check command: ["CMD", exe, ...args] runs directly, ["CMD-SHELL", "cmd"] through /bin/sh -c. */
export function toProbeCommand(command: readonly string[]): string[] {
  const [kind, ...rest] = command;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  if (kind === 'CMD') return rest;
  // Neither prefix: ECS treats the whole list as CMD.
  return [...command];
}

/**
 * The readiness probe: Ready is ECS's HEALTHY. startPeriod needs no initialDelaySeconds:
 * a container starts not ready and failures before the first success change nothing, which
 * is what startPeriod means; an initial delay would only hold back a container that is
 * healthy early. (Telling UNHEALTHY from still-starting is the operator's job, from the
 * container's start time and the health check.)
 */
export function toReadinessProbe(h: HealthCheck): V1Probe {
  return { ...probeBase(h), failureThreshold: h.retries ?? HEALTH_CHECK_DEFAULTS.retries };
}

/**
 * The startup probe of a sidecar another container waits on with HEALTHY: the next container
 * starts when it first passes. It gives up (and the kubelet restarts the sidecar) only when
 * ECS would call the container UNHEALTHY: the checks inside startPeriod, then `retries` more.
 */
export function toStartupProbe(h: HealthCheck): V1Probe {
  const interval = h.interval ?? HEALTH_CHECK_DEFAULTS.interval;
  const checksInStartPeriod = Math.ceil((h.startPeriod ?? 0) / interval);
  return { ...probeBase(h), failureThreshold: checksInStartPeriod + (h.retries ?? HEALTH_CHECK_DEFAULTS.retries) };
}

function probeBase(h: HealthCheck): V1Probe {
  return {
    exec: { command: toProbeCommand(h.command) },
    periodSeconds: h.interval ?? HEALTH_CHECK_DEFAULTS.interval,
    timeoutSeconds: h.timeout ?? HEALTH_CHECK_DEFAULTS.timeout,
    successThreshold: 1,
  };
}
