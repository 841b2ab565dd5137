// The PodDisruptionBudget of an ECS Service: voluntary evictions (kubectl drain, Karpenter and
// cluster-autoscaler consolidation) never take the service below minimumHealthyPercent.
//
// Why minAvailable as an integer, and not maxUnavailable or a percentage: the disruption
// controller can resolve those two only for Pods whose controller has a /scale subresource
// (Deployments, StatefulSets...); task Pods are owned by Tasks, so the Kubernetes docs allow
// only an integer minAvailable for them. It is also ECS's rule as written: a floor of
// ceil(desired x minimumHealthyPercent / 100) healthy tasks (ECS-SEMANTICS 6.6), rounded up.
// Extra tasks a deployment runs above desiredCount (maximumPercent) may be evicted; the floor
// stays. Unhealthy Pods may always be evicted (unhealthyPodEvictionPolicy AlwaysAllow): a task
// that is not serving cannot be protected, and ECS replaces it anyway (6.9).
import { computeDeploymentConfiguration } from '../../api/v1alpha1/deployment-defaults.ts';
import type { ServiceSpec, ServiceStatus } from '../../api/v1alpha1/service.ts';

/**
 * The service's desired count: spec.desiredCount (REPLICA), or the effective count the Service
 * controller reports for DAEMON (one per eligible instance), 0 until it does.
 */
export function computeDesiredCount(spec: Pick<ServiceSpec, 'schedulingStrategy' | 'desiredCount'>, status: Pick<ServiceStatus, 'desiredCount'> | undefined): number {
  return spec.schedulingStrategy === 'DAEMON' ? (status?.desiredCount ?? 0) : (spec.desiredCount ?? 0);
}

/**
 * minAvailable = ceil(desired x minimumHealthyPercent / 100). Worked examples (6.6): D 4, min 50
 * -> 2 (two may be evicted at once); D 2, min 75 -> 2 (none); D 3, min 100 -> 3 (a drain waits
 * for replacements); D 5, min 0 -> 0 (evictions are never refused).
 */
export function computeMinAvailable(desiredCount: number, minimumHealthyPercent: number): number {
  return Math.ceil((desiredCount * minimumHealthyPercent) / 100);
}

export function computeServiceMinAvailable(spec: ServiceSpec, status: ServiceStatus | undefined): number {
  return computeMinAvailable(computeDesiredCount(spec, status), computeDeploymentConfiguration(spec).minimumHealthyPercent);
}
