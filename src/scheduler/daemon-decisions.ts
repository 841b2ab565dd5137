// DAEMON decisions for one pass (6.3, 7.3): exactly one task on each ACTIVE instance that
// satisfies the service's constraints (the PRIMARY's revision and task definition).
//
//   eligible       ACTIVE, agent connected, memberOf constraints hold ⇒ D = |eligible|
//   stop at once   tasks on DRAINING instances; tasks on ACTIVE instances that no longer
//                  satisfy the constraints (SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED);
//                  a second task on one instance
//   replace        old-deployment tasks within minimumHealthyPercent (max is 100: one task
//                  per instance, so the old one goes before the new one starts); UNHEALTHY
//                  tasks (no room to start first)
//   start          on every eligible instance that holds no task of the service, pinned
// Instances that are neither ACTIVE nor DRAINING (agent disconnected, registering) keep
// their tasks and get none.
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import type { PlacementConstraint } from '../domain/task-definition.ts';
import type { ClusterSnapshot } from '../placement/index.ts';
import { acceptsTasks, satisfiesMemberOf } from './instance-eligibility.ts';
import type { RolloutBounds } from './rollout-bounds.ts';
import { StopDecisions } from './stop-decisions.ts';
import { instanceIdOf, isHealthy, isUnhealthy, type LiveTask, type TaskBuckets } from './task-buckets.ts';
import type { DeploymentRecord, ServiceTask } from './types.ts';

export interface DaemonInput {
  instances: readonly ContainerInstanceView[];
  /** Task definition's constraints, then the service's. */
  constraints: readonly PlacementConstraint[];
  snapshot: ClusterSnapshot | undefined;
}

/** `NodeShouldRunDaemonPod`: should a daemon task start here, and may one keep running here? */
export function shouldRunDaemonTask(instance: ContainerInstanceView, input: DaemonInput): { shouldRun: boolean; shouldContinueRunning: boolean } {
  if (instance.status === 'DRAINING' || instance.status === 'INACTIVE') return { shouldRun: false, shouldContinueRunning: false };
  if (instance.status !== 'ACTIVE') return { shouldRun: false, shouldContinueRunning: true };
  const satisfies = satisfiesMemberOf(instance, input.constraints, input.snapshot);
  return { shouldRun: satisfies && instance.agentConnected, shouldContinueRunning: satisfies };
}

export function computeEligibleInstances(input: DaemonInput): ContainerInstanceView[] {
  return input.instances.filter((i) => acceptsTasks(i) && shouldRunDaemonTask(i, input).shouldRun);
}

export interface DaemonDecision {
  /** Instances to start a pinned task on (before the resource check). */
  startOn: string[];
  stops: StopDecisions;
  violations: ServiceTask[];
  blocked: boolean;
  keepers: LiveTask[];
  leaving: LiveTask[];
}

/** Best first: the one task an instance keeps when it has several. */
const keepRank = (t: LiveTask): number => (t.isPrimary ? 0 : 2) + (isHealthy(t) ? 0 : 1);

export function decideDaemon(input: DaemonInput & { eligible: readonly ContainerInstanceView[]; bounds: RolloutBounds; primary: DeploymentRecord; canLaunch: boolean; buckets: TaskBuckets }): DaemonDecision {
  const { buckets, primary } = input;
  const stops = new StopDecisions(buckets.live.filter(isHealthy).length, input.bounds.minHealthy, primary.id);
  for (const task of [...buckets.lost, ...buckets.pendingOnDraining]) stops.immediately(task);
  const byId = new Map(input.instances.map((i) => [i.id, i]));
  const violations: ServiceTask[] = [];
  const perInstance = new Map<string, LiveTask[]>();
  for (const t of buckets.live) {
    const instanceId = instanceIdOf(t.task);
    const instance = instanceId === undefined ? undefined : byId.get(instanceId);
    if (instance === undefined) continue;
    const verdict = shouldRunDaemonTask(instance, input);
    if (!verdict.shouldContinueRunning) {
      if (instance.status === 'ACTIVE') violations.push(t.task);
      stops.immediately(t.task);
      continue;
    }
    perInstance.set(instance.id, [...(perInstance.get(instance.id) ?? []), t]);
  }
  const keepers: LiveTask[] = [];
  const leaving: LiveTask[] = [];
  for (const tasks of perInstance.values()) {
    const [kept, ...extra] = [...tasks].sort((a, b) => keepRank(a) - keepRank(b) || a.task.taskArn.localeCompare(b.task.taskArn));
    for (const t of extra) stops.immediately(t.task, stops.reasonFor(t));
    if (kept === undefined) continue;
    if (kept.isPrimary && !isUnhealthy(kept)) keepers.push(kept);
    else leaving.push(kept);
  }

  if (primary.rolloutState !== 'FAILED') {
    for (const t of leaving.filter((l) => !isHealthy(l))) stops.withinFloor(t);
    for (const t of leaving.filter(isHealthy)) stops.withinFloor(t);
  }

  const occupied = new Set<string>();
  for (const task of [...buckets.live.map((l) => l.task), ...buckets.stopping, ...buckets.pendingOnDraining, ...buckets.lost]) {
    const instanceId = instanceIdOf(task);
    if (instanceId !== undefined) occupied.add(instanceId);
  }
  const startOn = input.canLaunch ? input.eligible.filter((i) => !occupied.has(i.id)).map((i) => i.id) : [];
  const settling = buckets.stopping.length > 0 || buckets.live.some((t) => t.health.kind === 'initializing');
  const blocked = input.canLaunch && startOn.length === 0 && stops.size === 0 && leaving.length > 0 && !settling;
  return { startOn, stops, violations, blocked, keepers, leaving };
}
