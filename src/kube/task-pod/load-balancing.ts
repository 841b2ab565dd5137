// Target health on Kubernetes. On ECS a load-balanced task counts as healthy when its target
// group says so (ECS-SEMANTICS 6.8); here the core Service's endpoints play the target group,
// and an endpoint is ready when the Pod is. A container of loadBalancers[] that has its own
// healthCheck is gated by it (health.ts); one without gets a TCP check on its container port,
// as a target group checks a target it has no HTTP path for.
import type { V1Probe } from '@kubernetes/client-node';
import type { LoadBalancerTarget } from './types.ts';

/**
 * The stand-in's timing: ELB's own timeout (5 s) and unhealthy threshold (2), checked every
 * 10 s rather than ELB's 30 s, and ready after one success rather than ELB's 5, so a new task
 * takes traffic within seconds of listening, as the kubelet's readiness model expects.
 */
export const TARGET_HEALTH_PROBE = { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 2, successThreshold: 1 } as const;

/** The TCP readiness probe of container `ecsName`, if the service balances traffic to it; its first port when it has several. */
export function toTargetHealthProbe(ecsName: string, targets: readonly LoadBalancerTarget[] | undefined): V1Probe | undefined {
  const target = targets?.find((t) => t.containerName === ecsName);
  if (target === undefined) return undefined;
  return { tcpSocket: { port: target.containerPort }, ...TARGET_HEALTH_PROBE };
}
