// Target health for the service scheduler (ECS-SEMANTICS 6.5, 6.8, 6.14): a load-balanced
// task counts as healthy when its target is, and on Kubernetes the target group is the core
// Service's endpoints, whose readiness is the Pod's (the healthCheck or the TCP stand-in,
// src/kube/task-pod/load-balancing.ts). Pure; the Service controller reads the task Pods from
// its cache and passes them in.
import type { Cached } from '../../kube/cached.ts';
import { servingLabel } from '../../kube/task-pod.ts';
import type { V1Pod } from '../../kube/types.ts';
import type { TaskHealthStatus } from '../../scheduler/index.ts';
import { loadBalancerServiceName } from './names.ts';

export type TargetHealth = 'healthy' | 'unhealthy' | 'initial' | 'draining';

/**
 * ELB's target states, from the task's Pod: `initial` while it is not running yet (ELB's
 * registering target), `healthy` while Ready, `unhealthy` while running and not Ready,
 * `draining` once it lost the serving label (the deregistration delay). The scheduler ignores
 * `unhealthy` during healthCheckGracePeriodSeconds, as ECS ignores the target group then.
 */
export function computeTargetHealth(pod: Cached<V1Pod> | undefined): TargetHealth {
  if (pod === undefined || pod.status?.phase !== 'Running') return 'initial';
  if (pod.metadata?.labels?.[servingLabel] === undefined) return 'draining';
  return pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') === true ? 'healthy' : 'unhealthy';
}

/**
 * The planner's `loadBalancerHealth` for a target: only a Ready or a failing target reports;
 * a registering or draining one is UNKNOWN (neither healthy nor to be replaced).
 */
export function toLoadBalancerHealth(health: TargetHealth): TaskHealthStatus {
  if (health === 'healthy') return 'HEALTHY';
  if (health === 'unhealthy') return 'UNHEALTHY';
  return 'UNKNOWN';
}

/** What names a target group in ECS's texts: its ARN, or the core Service that stands in for it. */
export function targetGroupOf(serviceObjectName: string, target: { targetGroupArn?: string; containerName: string; containerPort: number }): string {
  return target.targetGroupArn ?? loadBalancerServiceName(serviceObjectName, target.containerName, target.containerPort);
}

export interface UnhealthyTarget {
  /** The ECS service name. */
  service: string;
  /** The container instance (Node) the task runs on. */
  containerInstance: string;
  port: number;
  /** The target group ARN, or for a load balancer without one, the core Service's name. */
  targetGroup: string;
  reason?: string;
}

/** The ECS event text of 6.14, exactly: `service (web) (instance n1) (port 80) is unhealthy in (target-group arn:...) due to (reason Health checks failed)`. */
export function unhealthyTargetMessage(t: UnhealthyTarget): string {
  return `service (${t.service}) (instance ${t.containerInstance}) (port ${t.port}) is unhealthy in (target-group ${t.targetGroup}) due to (reason ${t.reason ?? 'Health checks failed'})`;
}
