// One pass of the ECS service scheduler for one Service (ECS-SEMANTICS 6), as a pure diff:
//
//   1. deployments   a new revision starts a PRIMARY (desiredCount changes do not, Q10)
//   2. buckets       every task in one bucket (task-buckets.ts)
//   3. accounting    failures counted once: circuit breaker, failedTasks, throttle
//   4. breaker       FAILED at the threshold; rollback to the last COMPLETED revision
//   5. decisions     REPLICA (replica-decisions.ts) or DAEMON (daemon-decisions.ts), then
//                    placement checks and AZ rebalancing
//   6. rollout       COMPLETED when steady; old deployments dropped
//   7. status        counts, events (suppressed repeats), transitions, the next timer
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import type { PlacementConstraint } from '../domain/task-definition.ts';
import { computeCircuitBreakerThreshold } from './circuit-breaker-threshold.ts';
import { computeEligibleInstances, decideDaemon } from './daemon-decisions.ts';
import { circuitBreakerStatusFor, computeDeploymentId, createDeployment, touchDeployment } from './deployment-records.ts';
import { ServiceEventLog } from './event-log.ts';
import { accountTaskOutcomes } from './failure-accounting.ts';
import { acceptsTasks, satisfiesMemberOf } from './instance-eligibility.ts';
import * as msg from './messages.ts';
import { checkDaemonPlacement, checkReplicaPlacement } from './placement-check.ts';
import { decideReplica } from './replica-decisions.ts';
import { computeRolloutBounds } from './rollout-bounds.ts';
import { computeServiceRevisionId, hasSamePlacement } from './service-revision.ts';
import type { StopDecisions } from './stop-decisions.ts';
import { computeTaskBuckets, isHealthy, type LiveTask, type TaskBuckets } from './task-buckets.ts';
import { computeOldRevisionReplacements } from './old-revision-replacements.ts';
import { computeNextLaunchAt, computeThrottleDelayMs } from './throttle.ts';
import type { DeploymentRecord, SchedulerState, ServiceObservation, ServicePlan, ServiceRevision, StartIntent, StopIntent } from './types.ts';
import { computeZoneCounts, isZoneBalanced, leastLoadedZone, spreadsOverZonesFirst } from './zone-balance.ts';

/** ECS retries a service task that fits nowhere; we look again this often [OP]. */
export const PLACEMENT_RETRY_MS = 15_000;

/** Beyond this many, ACTIVE deployments without tasks are dropped, oldest first [OP]. */
export const MAX_LISTED_DEPLOYMENTS = 10;

export function planService(observation: ServiceObservation): ServicePlan {
  const { now, rng } = observation;
  const log = new ServiceEventLog(observation.state.standingMessages, now, rng);
  const settings = observation.rollout.deploymentCircuitBreaker;
  const instancesById = new Map(observation.instances.map((i) => [i.id, i]));
  const timers: number[] = [];

  // 1. Deployments: the spec's revision becomes the PRIMARY unless the breaker rejected it.
  let deployments = observation.state.deployments.map((d) => ({ ...d }));
  let rejectedRevisionId = observation.state.rejectedRevisionId;
  let lastCompleted = observation.state.lastCompleted;
  let throttle = observation.state.throttle;
  const specRevisionId = computeServiceRevisionId(observation.revision);
  const current = deployments[0];
  const startsDeployment = current === undefined || (!observation.deleting && specRevisionId !== current.revisionId && specRevisionId !== rejectedRevisionId);
  if (startsDeployment) {
    deployments = promote(deployments, newDeployment(observation, observation.revision, deployments));
    rejectedRevisionId = undefined;
    throttle = { consecutiveFailures: 0 };
    log.transition({ type: 'SERVICE_DEPLOYMENT_IN_PROGRESS', deploymentId: deployments[0]?.id as string, reason: deployments[0]?.rolloutStateReason as string });
  } else if (current !== undefined && specRevisionId === current.revisionId) {
    rejectedRevisionId = undefined;
    // Placement changes apply to the running deployment without starting one (6.4).
    if (!hasSamePlacement(current.revision, observation.revision)) {
      const revision = withPlacementOf(current.revision, observation.revision);
      deployments = [{ ...current, revision }, ...deployments.slice(1)];
    }
  }
  let primary = deployments[0] as DeploymentRecord;

  // 2-3. Buckets and failure accounting.
  const bucketsFor = (primaryId: string): TaskBuckets =>
    computeTaskBuckets(observation.tasks, {
      instances: instancesById,
      deployments,
      primaryId,
      taskDefinitions: observation.taskDefinitions,
      healthCheckGracePeriodSeconds: observation.healthCheckGracePeriodSeconds,
      loadBalancerHealthReported: observation.loadBalancerHealthReported === true,
      now,
    });
  let buckets = bucketsFor(primary.id);
  const accounting = accountTaskOutcomes(observation.tasks, buckets.live, deployments, { ...observation.state, throttle }, settings, now);
  deployments = accounting.deployments;
  primary = deployments[0] as DeploymentRecord;
  throttle = accounting.state.throttle;

  // 4. Circuit breaker (6.10): only the PRIMARY of an ECS rolling deployment is watched.
  const daemonConstraints = (revision: ServiceRevision): PlacementConstraint[] => [
    ...(observation.taskDefinitions[revision.taskDefinition]?.placementConstraints ?? []),
    ...(revision.placementConstraints ?? []),
  ];
  const desiredFor = (revision: ServiceRevision): number =>
    observation.deleting
      ? 0
      : observation.schedulingStrategy === 'DAEMON'
        ? computeEligibleInstances({ instances: observation.instances, constraints: daemonConstraints(revision), snapshot: observation.snapshot }).length
        : observation.desiredCount;
  let desiredCount = desiredFor(primary.revision);
  const threshold = computeCircuitBreakerThreshold(settings, desiredCount);
  if (!observation.deleting && settings.enable && primary.rolloutState === 'IN_PROGRESS' && primary.failedTasks > 0 && primary.failedTasks >= threshold) {
    // The count stops at the threshold: ECS shows failureCount == threshold on a tripped breaker.
    const failed: DeploymentRecord = {
      ...primary,
      failedTasks: threshold,
      rolloutState: 'FAILED',
      rolloutStateReason: msg.CIRCUIT_BREAKER_FAILED_TO_START_REASON,
      circuitBreaker: { status: 'TRIGGERED', failureCount: threshold, threshold },
    };
    deployments = [failed, ...deployments.slice(1)];
    log.transition({ type: 'SERVICE_DEPLOYMENT_FAILED', deploymentId: failed.id, reason: failed.rolloutStateReason });
    const target = lastCompleted;
    if (settings.rollback && target !== undefined && target.revisionId !== failed.revisionId && failed.rollbackOf === undefined) {
      const rollback = newDeployment(observation, target.revision, deployments, { reason: msg.circuitBreakerRollbackReason(target.deploymentId), rollbackOf: failed.id });
      deployments = promote(deployments, rollback);
      rejectedRevisionId = failed.revisionId;
      throttle = { consecutiveFailures: 0 };
      log.transition({ type: 'SERVICE_DEPLOYMENT_IN_PROGRESS', deploymentId: rollback.id, reason: rollback.rolloutStateReason });
    }
    primary = deployments[0] as DeploymentRecord;
    desiredCount = desiredFor(primary.revision);
    buckets = bucketsFor(primary.id);
  }

  // 5. Decisions.
  const nextLaunchAt = computeNextLaunchAt(throttle);
  const throttled = nextLaunchAt !== undefined && now < nextLaunchAt;
  if (computeThrottleDelayMs(throttle.consecutiveFailures) > 0) {
    log.standing(msg.unableToConsistentlyStartMessage(observation.serviceName), { type: 'SERVICE_TASK_START_IMPAIRED' });
  }
  const canLaunch = !observation.deleting && primary.rolloutState !== 'FAILED' && !throttled;
  const facts = observation.taskDefinitions[primary.taskDefinition];
  const start: StartIntent[] = [];
  let stops: StopDecisions | undefined;
  let deletionStops: StopIntent[] = [];
  let keepers: LiveTask[] = [];
  let leavingCount = 0;
  let rebalancing = observation.state.rebalancing === true;
  let placementShort = false;
  let blocked = false;

  if (observation.deleting) {
    deletionStops = [...buckets.live.map((l) => l.task), ...buckets.lost, ...buckets.pendingOnDraining].map((task) => ({
      taskArn: task.taskArn,
      stopCode: 'ServiceSchedulerInitiated' as const,
      reason: msg.scalingActivityReason(primary.id),
    }));
  } else if (observation.schedulingStrategy === 'DAEMON') {
    const constraints = daemonConstraints(primary.revision);
    const eligible = computeEligibleInstances({ instances: observation.instances, constraints, snapshot: observation.snapshot });
    const decision = decideDaemon({
      instances: observation.instances,
      constraints,
      snapshot: observation.snapshot,
      eligible,
      bounds: computeRolloutBounds(desiredCount, observation.rollout.minimumHealthyPercent, observation.rollout.maximumPercent),
      primary,
      canLaunch,
      buckets,
    });
    stops = decision.stops;
    keepers = decision.keepers;
    leavingCount = decision.leaving.length;
    blocked = decision.blocked;
    for (const task of decision.violations) {
      log.transition({ type: 'SERVICE_DAEMON_PLACEMENT_CONSTRAINT_VIOLATED', deploymentId: primary.id, taskArn: task.taskArn, reason: `Task ${task.taskArn} no longer meets the placement constraints of service ${observation.serviceName}.` });
    }
    const placement = checkDaemonPlacement(decision.startOn, facts, observation.serviceName, observation.snapshot);
    for (const failure of placement.failures) {
      log.standing(msg.unableToPlaceMessage(observation.serviceName, failure.detail), { type: 'SERVICE_TASK_PLACEMENT_FAILURE', deploymentId: primary.id });
    }
    placementShort = placement.failures.length > 0;
    if (placement.placeable.length > 0) start.push({ deploymentId: primary.id, revision: primary.revision, count: placement.placeable.length, containerInstanceIds: placement.placeable });
  } else {
    const bounds = computeRolloutBounds(desiredCount, observation.rollout.minimumHealthyPercent, observation.rollout.maximumPercent);
    const decision = decideReplica({
      desiredCount,
      bounds,
      primary,
      canLaunch,
      buckets,
      rebalancing,
      scaleIn: { serviceName: observation.serviceName, instances: observation.instances, taskDefinitions: observation.taskDefinitions, snapshot: observation.snapshot, rng },
      oldReplacements: computeOldRevisionReplacements(observation.tasks, deployments, primary),
    });
    stops = decision.stops;
    keepers = decision.keepers;
    leavingCount = decision.leaving.length;
    blocked = decision.blocked;
    if (decision.protectedSurplus) log.standing(msg.protectedTasksScaleInMessage(observation.serviceName, primary.id));
    // Starts as many of `count` tasks of deployment `d` as placement allows, and says why not for the rest.
    const startPlaced = (d: DeploymentRecord, count: number): void => {
      const placement = checkReplicaPlacement({ serviceName: observation.serviceName, revision: d.revision, facts: observation.taskDefinitions[d.taskDefinition], count, snapshot: observation.snapshot, rng });
      if (placement.failureDetail !== undefined) {
        placementShort = true;
        log.standing(msg.unableToPlaceMessage(observation.serviceName, placement.failureDetail), { type: 'SERVICE_TASK_PLACEMENT_FAILURE', deploymentId: d.id });
      }
      if (placement.placeable > 0) start.push({ deploymentId: d.id, revision: d.revision, count: placement.placeable, ...(placement.instanceIds === undefined ? {} : { expectedInstanceIds: placement.instanceIds }) });
    };
    for (const owed of decision.oldStarts) startPlaced(owed.deployment, owed.count);
    startPlaced(primary, decision.startCount);

    // AZ rebalancing (6.12): only from a steady service, one task at a time.
    const quiet = start.length === 0 && stops.size === 0 && leavingCount === 0 && buckets.stopping.length === 0;
    if (observation.availabilityZoneRebalancing && spreadsOverZonesFirst(primary.revision.placementStrategy) && primary.rolloutState === 'COMPLETED' && quiet) {
      const zones = eligibleZones(observation.instances, daemonConstraints(primary.revision));
      const counts = computeZoneCounts(keepers, zones);
      const allHealthy = keepers.length === desiredCount && keepers.every(isHealthy);
      if (!isZoneBalanced(counts) && allHealthy && decision.room > 0 && canLaunch) {
        const zone = leastLoadedZone(counts) as string;
        const check = checkReplicaPlacement({ serviceName: observation.serviceName, revision: primary.revision, facts, count: 1, snapshot: observation.snapshot, rng, availabilityZone: zone });
        if (check.placeable > 0) {
          log.standing(msg.notAzBalancedMessage(observation.serviceName, counts), rebalancing ? undefined : { type: 'SERVICE_REBALANCING_STARTED', deploymentId: primary.id });
          rebalancing = true;
          start.push({ deploymentId: primary.id, revision: primary.revision, count: 1, availabilityZone: zone, ...(check.instanceIds === undefined ? {} : { expectedInstanceIds: check.instanceIds }) });
        } else {
          // The zone has no room: the service stays steady (and unbalanced) and says why.
          log.standing(msg.unableToPlaceInZoneMessage(observation.serviceName, zone), { type: 'SERVICE_TASK_PLACEMENT_FAILURE', deploymentId: primary.id });
          rebalancing = false;
        }
      } else if (rebalancing && isZoneBalanced(counts)) {
        log.oneOff(msg.azBalancedMessage(observation.serviceName, counts));
        log.transition({ type: 'SERVICE_REBALANCING_COMPLETED', deploymentId: primary.id, reason: msg.azBalancedMessage(observation.serviceName, counts) });
        rebalancing = false;
      }
    } else if (!observation.availabilityZoneRebalancing) {
      rebalancing = false;
    }
  }
  if (blocked) log.standing(msg.deploymentConfigurationBlockedMessage(observation.serviceName));

  const stop = observation.deleting ? deletionStops : (stops?.list() ?? []);
  const startCount = start.reduce((n, s) => n + s.count, 0);

  // 6. Rollout state: COMPLETED once the PRIMARY alone runs D healthy tasks (6.5, 6.7 step 5).
  const steady =
    !observation.deleting &&
    primary.rolloutState !== 'FAILED' &&
    startCount === 0 &&
    stop.length === 0 &&
    leavingCount === 0 &&
    buckets.stopping.length === 0 &&
    keepers.length === desiredCount &&
    keepers.every(isHealthy) &&
    !rebalancing;
  if (steady && primary.rolloutState === 'IN_PROGRESS') {
    primary = { ...primary, rolloutState: 'COMPLETED', rolloutStateReason: msg.deploymentCompletedReason(primary.id) };
    deployments = [primary];
    log.transition({ type: 'SERVICE_DEPLOYMENT_COMPLETED', deploymentId: primary.id, reason: primary.rolloutStateReason });
  }
  if (primary.rolloutState === 'COMPLETED') {
    deployments = [deployments[0] as DeploymentRecord];
    lastCompleted = { deploymentId: primary.id, revision: primary.revision, revisionId: primary.revisionId };
  }
  if (steady) log.standing(msg.steadyStateMessage(observation.serviceName), { type: 'SERVICE_STEADY_STATE', deploymentId: primary.id });

  // Many quick revisions: forget the oldest ACTIVE deployments that have no task left.
  if (deployments.length > MAX_LISTED_DEPLOYMENTS) {
    const withTasks = new Set(observation.tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.lastStatus !== 'DELETED').map((t) => t.startedBy));
    const kept = [...deployments];
    for (let k = kept.length - 1; k > 0 && kept.length > MAX_LISTED_DEPLOYMENTS; k -= 1) {
      if (!withTasks.has(kept[k]?.id)) kept.splice(k, 1);
    }
    deployments = kept;
  }

  // 7. Deployment fields, counts and the next timer.
  const stopped = new Set(stop.map((s) => s.taskArn));
  const before = new Map(observation.state.deployments.map((d) => [d.id, d]));
  deployments = deployments.map((d, index) => {
    const own = observation.tasks.filter((t) => t.startedBy === d.id);
    const next: DeploymentRecord = {
      ...d,
      status: index === 0 ? 'PRIMARY' : 'ACTIVE',
      desiredCount: index === 0 ? desiredCount : buckets.live.filter((l) => l.deployment?.id === d.id && !stopped.has(l.task.taskArn)).length,
      runningCount: own.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingCount: own.filter((t) => t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING' || t.lastStatus === 'ACTIVATING').length,
      circuitBreaker: {
        status: circuitBreakerStatusFor(settings, d.rolloutState),
        failureCount: d.failedTasks,
        threshold: d.rolloutState === 'IN_PROGRESS' || index === 0 ? computeCircuitBreakerThreshold(settings, desiredCount) : d.circuitBreaker.threshold,
      },
    };
    const previous = before.get(d.id);
    return previous === undefined ? next : touchDeployment(previous, next, now);
  });

  for (const t of buckets.live) if (t.health.kind === 'initializing' && t.health.until !== undefined) timers.push(t.health.until);
  if (throttled && nextLaunchAt !== undefined) timers.push(nextLaunchAt);
  if (placementShort) timers.push(now + PLACEMENT_RETRY_MS);
  const nextTimer = timers.filter((t) => t > now).reduce((a, b) => Math.min(a, b), Infinity);

  const live = observation.tasks.filter((t) => t.lastStatus !== 'STOPPED' && t.lastStatus !== 'DELETED');
  const state: SchedulerState = {
    deployments,
    ...(lastCompleted === undefined ? {} : { lastCompleted }),
    ...(rejectedRevisionId === undefined ? {} : { rejectedRevisionId }),
    accountedTaskArns: accounting.state.accountedTaskArns,
    healthyTaskArns: accounting.state.healthyTaskArns,
    deploymentsWithRunningTask: accounting.state.deploymentsWithRunningTask,
    throttle,
    standingMessages: log.standingMessages(),
    ...(rebalancing ? { rebalancing } : {}),
  };
  const plan: ServicePlan = {
    start,
    stop,
    deployments,
    status: {
      desiredCount,
      runningCount: live.filter((t) => t.lastStatus === 'RUNNING').length,
      pendingCount: live.filter((t) => t.lastStatus === 'PROVISIONING' || t.lastStatus === 'PENDING' || t.lastStatus === 'ACTIVATING').length,
      taskDefinition: primary.taskDefinition,
    },
    lifecycle: observation.deleting ? (live.length === 0 ? 'INACTIVE' : 'DRAINING') : 'ACTIVE',
    steady,
    blocked,
    events: log.events(),
    transitions: log.transitions,
    state,
  };
  if (Number.isFinite(nextTimer)) plan.requeueAfterMs = Math.max(1, nextTimer - now);
  return plan;
}

function newDeployment(observation: ServiceObservation, revision: ServiceRevision, existing: readonly DeploymentRecord[], extra: { reason?: string; rollbackOf?: string } = {}): DeploymentRecord {
  const id = computeDeploymentId(observation.now, new Set(existing.map((d) => d.id)), observation.rng);
  return createDeployment({ id, revision, desiredCount: observation.desiredCount, settings: observation.rollout.deploymentCircuitBreaker, now: observation.now, ...extra });
}

function withPlacementOf(revision: ServiceRevision, spec: ServiceRevision): ServiceRevision {
  const { placementConstraints: _c, placementStrategy: _s, ...rest } = revision;
  return {
    ...rest,
    ...(spec.placementConstraints === undefined ? {} : { placementConstraints: spec.placementConstraints }),
    ...(spec.placementStrategy === undefined ? {} : { placementStrategy: spec.placementStrategy }),
  };
}

/** The new deployment becomes PRIMARY; the others stay, ACTIVE, newest first. */
function promote(deployments: readonly DeploymentRecord[], next: DeploymentRecord): DeploymentRecord[] {
  return [next, ...deployments.map((d) => ({ ...d, status: 'ACTIVE' as const }))];
}

/** Zones with at least one instance that takes the service's tasks (static constraints only). */
function eligibleZones(instances: readonly ContainerInstanceView[], constraints: readonly PlacementConstraint[]): Set<string> {
  const zones = new Set<string>();
  for (const instance of instances) {
    const zone = instance.attributes['ecs.availability-zone'];
    if (zone !== undefined && acceptsTasks(instance) && satisfiesMemberOf(instance, constraints)) zones.add(zone);
  }
  return zones;
}
