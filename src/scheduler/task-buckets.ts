// First the buckets, then the decisions (Nomad's reconciler, STYLE 1/7): every task of the
// service lands in exactly one bucket, so each rule reads the tasks it is about.
//
//   stopped     STOPPED or DELETED: only counted (failures, throttle)
//   stopping    on its way out (desiredStatus STOPPED, or DEACTIVATING/STOPPING/DEPROVISIONING);
//               not live (Q11: maximumPercent counts PENDING + RUNNING)
//   lost        live on an instance that is gone or INACTIVE: replaced, stopped for the record
//   pendingOnDraining  not yet RUNNING on a DRAINING instance: stopped at once (7.3)
//   live        everything else: PROVISIONING/PENDING/ACTIVATING/RUNNING, desired RUNNING;
//               each with its deployment, health and whether its instance is draining
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import { computeTaskHealth, type HealthRules, type TaskHealth } from './task-health.ts';
import type { DeploymentRecord, ServiceTask, TaskDefinitionFacts } from './types.ts';

export const AVAILABILITY_ZONE_ATTRIBUTE = 'ecs.availability-zone';

export interface LiveTask {
  task: ServiceTask;
  /** The deployment that started it, or undefined when it names none we know (counted old). */
  deployment: DeploymentRecord | undefined;
  isPrimary: boolean;
  health: TaskHealth;
  /** RUNNING (or starting) on a DRAINING instance: to be replaced (7.3). */
  onDrainingInstance: boolean;
  instance: ContainerInstanceView | undefined;
  zone: string | undefined;
}

export interface TaskBuckets {
  live: LiveTask[];
  stopping: ServiceTask[];
  stopped: ServiceTask[];
  lost: ServiceTask[];
  pendingOnDraining: ServiceTask[];
}

const LIVE_STATUSES = new Set(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING']);

export interface BucketContext {
  instances: ReadonlyMap<string, ContainerInstanceView>;
  deployments: readonly DeploymentRecord[];
  primaryId: string;
  taskDefinitions: Readonly<Record<string, TaskDefinitionFacts>>;
  healthCheckGracePeriodSeconds: number;
  /** ServiceObservation.loadBalancerHealthReported. */
  loadBalancerHealthReported: boolean;
  now: number;
}

export function computeTaskBuckets(tasks: readonly ServiceTask[], context: BucketContext): TaskBuckets {
  const buckets: TaskBuckets = { live: [], stopping: [], stopped: [], lost: [], pendingOnDraining: [] };
  const byId = new Map(context.deployments.map((d) => [d.id, d]));
  for (const task of tasks) {
    if (task.lastStatus === 'STOPPED' || task.lastStatus === 'DELETED') {
      buckets.stopped.push(task);
      continue;
    }
    if (task.desiredStatus === 'STOPPED' || !LIVE_STATUSES.has(task.lastStatus)) {
      buckets.stopping.push(task);
      continue;
    }
    const instanceId = instanceIdOf(task);
    const instance = instanceId === undefined ? undefined : context.instances.get(instanceId);
    if (instanceId !== undefined && (instance === undefined || instance.status === 'INACTIVE')) {
      buckets.lost.push(task);
      continue;
    }
    const onDrainingInstance = instance?.status === 'DRAINING';
    if (onDrainingInstance && task.lastStatus !== 'RUNNING') {
      buckets.pendingOnDraining.push(task);
      continue;
    }
    const deployment = task.startedBy === undefined ? undefined : byId.get(task.startedBy);
    buckets.live.push({
      task,
      deployment,
      isPrimary: deployment?.id === context.primaryId,
      health: computeTaskHealth(task, healthRulesFor(deployment, context), context.now),
      onDrainingInstance,
      instance,
      zone: instance?.attributes[AVAILABILITY_ZONE_ATTRIBUTE],
    });
  }
  return buckets;
}

/** 6.8 rules for a deployment's tasks: its revision says whether there are load balancers. */
export function healthRulesFor(deployment: DeploymentRecord | undefined, context: Pick<BucketContext, 'taskDefinitions' | 'healthCheckGracePeriodSeconds' | 'loadBalancerHealthReported'>): HealthRules {
  const facts = deployment === undefined ? undefined : context.taskDefinitions[deployment.taskDefinition];
  return {
    hasLoadBalancers: context.loadBalancerHealthReported && (deployment?.revision.loadBalancers?.length ?? 0) > 0,
    hasEssentialHealthCheck: facts?.hasEssentialHealthCheck ?? false,
    healthCheckGracePeriodSeconds: context.healthCheckGracePeriodSeconds,
  };
}

/** Where the task is, or where it is pinned to go (DAEMON) while not yet placed. */
export const instanceIdOf = (task: ServiceTask): string | undefined => task.containerInstanceId ?? task.pinnedInstanceId;

export const isHealthy = (t: LiveTask): boolean => t.health.kind === 'healthy';
export const isUnhealthy = (t: LiveTask): boolean => t.health.kind === 'unhealthy';
