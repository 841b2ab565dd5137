// Load-balancer target health as the Service controller sees it (ECS-SEMANTICS 6.8, 6.9, 6.14):
// each task of a load-balanced service carries its target's health from its Pod, so that the
// planner counts Ready targets as healthy and replaces failing ones, and a target that starts
// failing gets ECS's unhealthy-target event once (until it recovers or its task goes).
import type { LoadBalancer } from '../../api/v1alpha1/service.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';
import type { V1Pod } from '../../kube/types.ts';
import type { ServiceTask } from '../../scheduler/index.ts';
import { computeTargetHealth, targetGroupOf, toLoadBalancerHealth, unhealthyTargetMessage } from '../service-networking/target-health.ts';

/** The task as the planner sees it, with its target's health when the service has load balancers. */
export function withTargetHealth(task: ServiceTask, pod: Cached<V1Pod> | undefined, loadBalancers: readonly LoadBalancer[]): ServiceTask {
  if (loadBalancers.length === 0) return task;
  const targetGroupArn = loadBalancers.find((l) => l.targetGroupArn !== undefined)?.targetGroupArn;
  return { ...task, loadBalancerHealth: toLoadBalancerHealth(computeTargetHealth(pod)), ...(targetGroupArn === undefined ? {} : { targetGroupArn }) };
}

export interface UnhealthyTargetReport {
  /** Task uid and port: one report per failing target. */
  key: string;
  message: string;
}

/** ECS's event for every target of a RUNNING task whose Pod is running and not Ready. */
export function findUnhealthyTargets(input: {
  serviceName: string;
  serviceObjectName: string;
  loadBalancers: readonly LoadBalancer[];
  tasks: readonly Cached<Task>[];
  podOf: (task: Cached<Task>) => Cached<V1Pod> | undefined;
}): UnhealthyTargetReport[] {
  if (input.loadBalancers.length === 0) return [];
  const reports: UnhealthyTargetReport[] = [];
  for (const task of input.tasks) {
    if (task.status?.lastStatus !== 'RUNNING' || task.spec.desiredStatus === 'STOPPED') continue;
    if (computeTargetHealth(input.podOf(task)) !== 'unhealthy') continue;
    for (const target of input.loadBalancers) {
      reports.push({
        key: `${task.metadata.uid as string}/${target.containerName}/${target.containerPort}`,
        message: unhealthyTargetMessage({
          service: input.serviceName,
          containerInstance: task.status.containerInstance ?? '',
          port: target.containerPort,
          targetGroup: targetGroupOf(input.serviceObjectName, target),
        }),
      });
    }
  }
  return reports;
}

/**
 * Which failing targets were already reported, per Service. In memory on purpose: after a
 * restart a still-failing target is reported once more, which loses nothing.
 */
export class UnhealthyTargetLedger {
  readonly #reported = new Map<string, Set<string>>();

  /** The reports not made before. */
  fresh(serviceKey: string, current: readonly UnhealthyTargetReport[]): UnhealthyTargetReport[] {
    const before = this.#reported.get(serviceKey) ?? new Set<string>();
    return current.filter((r) => !before.has(r.key));
  }

  /** Once the status that carries them is written: these are reported, the rest recovered or went. */
  record(serviceKey: string, current: readonly UnhealthyTargetReport[]): void {
    if (current.length === 0) this.#reported.delete(serviceKey);
    else this.#reported.set(serviceKey, new Set(current.map((r) => r.key)));
  }

  forget(serviceKey: string): void {
    this.#reported.delete(serviceKey);
  }
}
