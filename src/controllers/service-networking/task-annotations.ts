// What a service task carries so that its Pod and its stop follow the service's load balancing
// (docs/networking.md). The Service controller puts serviceTaskAnnotations(spec) on every Task
// it creates; the Task controller reads them back: the targets become the Pod translation's
// loadBalancerTargets (the TCP readiness stand-in), the delay the wait between leaving the
// endpoints and deleting the Pod (src/controllers/task/deregistration.ts).
import type { ServiceSpec } from '../../api/v1alpha1/service.ts';
import type { LoadBalancerTarget } from '../../kube/task-pod.ts';

/** `web:80,api:8080`: the loadBalancers[] container/port pairs, in spec order, without repeats. */
export const loadBalancerTargetsAnnotation = 'ecs.stevedore.dev/load-balancer-targets';
/** Whole seconds; only on tasks of services with loadBalancers[]. */
export const deregistrationDelayAnnotation = 'ecs.stevedore.dev/deregistration-delay-seconds';

/**
 * ELB's default deregistration_delay.timeout_seconds. With a TargetGroupBinding the real
 * target group drains the target for its own delay (300 s unless changed), and deleting the
 * Pod sooner would cut the connections it still serves; without one the same default keeps
 * the ECS behaviour users know. Tests and latency-insensitive services set it lower.
 */
export const DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;

export function serviceTaskAnnotations(spec: Readonly<Pick<ServiceSpec, 'deregistrationDelaySeconds'>> & { readonly loadBalancers?: readonly Readonly<LoadBalancerTarget>[] }): Record<string, string> {
  const targets = uniqueTargets(spec.loadBalancers ?? []);
  if (targets.length === 0) return {};
  return {
    [loadBalancerTargetsAnnotation]: targets.map((t) => `${t.containerName}:${t.containerPort}`).join(','),
    [deregistrationDelayAnnotation]: String(spec.deregistrationDelaySeconds ?? DEFAULT_DEREGISTRATION_DELAY_SECONDS),
  };
}

/** The pairs of the annotation; malformed entries are skipped (the annotation is ours, but editable). */
export function readLoadBalancerTargets(annotations: Readonly<Record<string, string>> | undefined): LoadBalancerTarget[] | undefined {
  const text = annotations?.[loadBalancerTargetsAnnotation];
  if (text === undefined) return undefined;
  return text.split(',').flatMap((entry) => {
    const colon = entry.lastIndexOf(':');
    const containerName = entry.slice(0, colon).trim();
    const containerPort = Number(entry.slice(colon + 1));
    return colon > 0 && Number.isInteger(containerPort) && containerPort > 0 && containerPort <= 65535 ? [{ containerName, containerPort }] : [];
  });
}

/** Seconds to wait out of the endpoints before the Pod is deleted; 0 for tasks without load balancers. */
export function readDeregistrationDelaySeconds(annotations: Readonly<Record<string, string>> | undefined): number {
  const text = annotations?.[deregistrationDelayAnnotation];
  if (text === undefined) return 0;
  const seconds = Number(text);
  return Number.isInteger(seconds) && seconds >= 0 ? Math.min(seconds, 3600) : DEFAULT_DEREGISTRATION_DELAY_SECONDS;
}

/** One entry per container/port pair: two target groups on one port share a core Service. */
export function uniqueTargets(loadBalancers: readonly { containerName: string; containerPort: number }[]): LoadBalancerTarget[] {
  const seen = new Set<string>();
  return loadBalancers.flatMap((lb) => {
    const key = `${lb.containerName}:${lb.containerPort}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ containerName: lb.containerName, containerPort: lb.containerPort }];
  });
}
