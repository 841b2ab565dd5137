// REPLICA decisions for one pass (6.7, 6.9, 6.13, 7.3, 3.8), on the buckets:
//
//   keepers  = PRIMARY live tasks not on a DRAINING instance and not UNHEALTHY
//   leaving  = every other live task (old deployments, draining, unhealthy)
//   want     = D − |keepers|                  tasks the PRIMARY still needs
//   room     = maxTasks − |live|              what maximumPercent leaves (rounded down)
//   old        replacements a running revision is owed (2025 rule, old-revision-replacements.ts),
//              first within room
//   start      min(want, room left), unless FAILED (6.10) or throttled (6.11), and what fits (3)
//   stop       leaving tasks that are not healthy: free (PENDING / initializing / unhealthy old)
//              UNHEALTHY PRIMARY tasks once a healthy replacement covers them (start-first,
//              6.9), or one at a time when maximumPercent leaves no room
//              healthy leaving tasks while healthy > minHealthy: draining first, then old
//              deployments by the scale-in rules, then PRIMARY surplus (scale-in, 3.8)
//   blocked    nothing may start or stop, nothing is settling, and work remains (6.6 event)
import { isOldRevisionReplacement, type OldRevisionReplacement } from './old-revision-replacements.ts';
import type { LiveTask, TaskBuckets } from './task-buckets.ts';
import { isHealthy, isUnhealthy } from './task-buckets.ts';
import type { RolloutBounds } from './rollout-bounds.ts';
import { selectServiceTasksToStop, type ScaleInInput } from './select-service-tasks-to-stop.ts';
import { StopDecisions } from './stop-decisions.ts';
import type { DeploymentRecord } from './types.ts';

export interface ReplicaInput {
  desiredCount: number;
  bounds: RolloutBounds;
  primary: DeploymentRecord;
  /** False when the PRIMARY is FAILED or launches are throttled. */
  canLaunch: boolean;
  buckets: TaskBuckets;
  /** Scale-in context; `candidates`, `live` and `count` are filled in here. */
  scaleIn: Omit<ScaleInInput, 'candidates' | 'live' | 'count' | 'placementStrategy'>;
  /** AZ rebalancing is moving a task: only a healthy surplus is stopped. */
  rebalancing: boolean;
  /** What running revisions are owed for their tasks that failed during the rollout. */
  oldReplacements: readonly OldRevisionReplacement[];
}

export interface ReplicaDecision {
  /** Before placement checks. */
  startCount: number;
  /** Replacements of running revisions' tasks, before placement checks, within room. */
  oldStarts: OldRevisionReplacement[];
  stops: StopDecisions;
  keepers: LiveTask[];
  leaving: LiveTask[];
  /** 6.6: neither a start nor a stop is allowed and work remains. */
  blocked: boolean;
  /** 3.8: the surplus is protected from scale-in. */
  protectedSurplus: boolean;
  room: number;
}

export const isLeaving = (t: LiveTask): boolean => !t.isPrimary || t.onDrainingInstance || isUnhealthy(t);

export function decideReplica(input: ReplicaInput): ReplicaDecision {
  const { buckets, bounds, desiredCount: D, primary } = input;
  const live = buckets.live;
  const keepers = live.filter((t) => !isLeaving(t));
  const leaving = live.filter(isLeaving);
  const want = Math.max(0, D - keepers.length);
  const room = Math.max(0, bounds.maxTasks - live.length);
  const oldStarts: OldRevisionReplacement[] = [];
  let roomLeft = room;
  for (const owed of input.canLaunch ? input.oldReplacements : []) {
    const count = Math.min(owed.count, roomLeft);
    if (count <= 0) break;
    oldStarts.push({ deployment: owed.deployment, count });
    roomLeft -= count;
  }
  const startCount = input.canLaunch ? Math.min(want, roomLeft) : 0;
  const stops = new StopDecisions(live.filter(isHealthy).length, bounds.minHealthy, primary.id);
  for (const task of [...buckets.lost, ...buckets.pendingOnDraining]) stops.immediately(task);

  let protectedSurplus = false;
  // A FAILED deployment without rollback keeps what runs (6.10: it launches nothing).
  if (primary.rolloutState !== 'FAILED') {
    const unhealthyPrimary = live.filter((t) => t.isPrimary && !t.onDrainingInstance && isUnhealthy(t));
    for (const t of leaving) {
      if (isHealthy(t) || unhealthyPrimary.includes(t)) continue;
      // A running revision's replacement on its way up is kept until it fails or serves.
      if (isOldRevisionReplacement(t.task, t.deployment, primary) && !isUnhealthy(t) && !t.onDrainingInstance) continue;
      if (!t.isPrimary && t.task.protectedFromScaleIn === true && !t.onDrainingInstance && !isUnhealthy(t)) continue;
      stops.withinFloor(t);
    }

    // 6.9 start-first: an unhealthy task goes once a healthy keeper stands in for it.
    const healthyKeepers = keepers.filter(isHealthy).length;
    const covered = Math.max(0, healthyKeepers + unhealthyPrimary.length - D);
    unhealthyPrimary.slice(0, covered).forEach((t) => stops.withinFloor(t));
    const noHeadroom = room === 0 && want > 0;
    const settling = buckets.stopping.length > 0 || stops.size > 0;
    const uncovered = unhealthyPrimary.slice(covered);
    if (noHeadroom && !settling && uncovered[0] !== undefined) stops.withinFloor(uncovered[0]);

    // Healthy leaving tasks, within the floor.
    for (const t of leaving.filter((l) => l.onDrainingInstance && isHealthy(l))) stops.withinFloor(t);
    const oldHealthy = leaving.filter((l) => !l.isPrimary && !l.onDrainingInstance && isHealthy(l) && l.task.protectedFromScaleIn !== true && !stops.has(l.task));
    if (stops.budget > 0 && oldHealthy.length > 0) {
      const chosen = selectServiceTasksToStop({ ...input.scaleIn, candidates: oldHealthy, live, count: stops.budget, placementStrategy: primary.revision.placementStrategy });
      for (const t of chosen) stops.withinFloor(t);
    }

    // Scale-in of the PRIMARY itself (3.8).
    const surplus = keepers.length - D;
    if (surplus > 0) {
      const eligible = keepers.filter((t) => t.task.protectedFromScaleIn !== true && (!input.rebalancing || isHealthy(t)));
      const healthySurplusReady = !input.rebalancing || keepers.filter(isHealthy).length > D;
      if (healthySurplusReady) {
        const chosen = selectServiceTasksToStop({ ...input.scaleIn, candidates: eligible, live, count: surplus, placementStrategy: primary.revision.placementStrategy });
        for (const t of chosen) stops.withinFloor(t);
      }
      protectedSurplus = keepers.filter((t) => t.task.protectedFromScaleIn === true).length > D;
    }
  }

  const workRemains = want > 0 || leaving.length > 0;
  const settlingNow = buckets.stopping.length > 0 || live.some((t) => t.health.kind === 'initializing');
  const blocked = input.canLaunch && startCount === 0 && oldStarts.length === 0 && stops.size === 0 && room === 0 && stops.budget === 0 && workRemains && !settlingNow;
  return { startCount, oldStarts, stops, keepers, leaving, blocked, protectedSurplus, room };
}
