// The Task controller's decision for one reconcile, as a pure function of what it observed
// (task-plan.ts): place the task if it is not placed, create its Pod once placed, derive its ECS
// status from the Pod (derive-task-status.ts), stop it, delete it after its retention, and let
// it go once deleted. The same input gives the same plan; feeding the planned status back in
// plans nothing new.
import { formatTaskDefinition } from '../../api/v1alpha1/task-definition-reference.ts';
import type { TaskStatus } from '../../api/v1alpha1/task.ts';
import { defaultTaskGroup } from '../../domain/task.ts';
import type { PlacementConstraint, PlacementStrategy } from '../../domain/task-definition.ts';
import { checkStartTask, EMPTY_CLUSTER_MESSAGE, runTask } from '../../placement/index.ts';
import { isDeepEqual } from '../../util/deep-equal.ts';
import { setCondition } from '../status/conditions.ts';
import { deriveTaskStatus } from './derive-task-status.ts';
import { MAX_FAILURES_IN_STATUS, type PlacementFailure, type PlacementIntent, type TaskPlan, type TaskPlanInput } from './task-plan.ts';

/**
 * How long a first look at a Pending Pod may wait to be written: if the Pod runs meanwhile,
 * PENDING and RUNNING go out as one status write. The commit already says PENDING.
 */
export const FIRST_SIGHT_COALESCE_MS = 1000;

export function planTask(input: TaskPlanInput): TaskPlan {
  const plan = emptyPlan();
  if (input.task.deleting) return planFinalize(input, plan);

  const { task } = input;
  const now = new Date(input.now);
  const status = task.status;
  if (status?.lastStatus !== 'STOPPED' && !task.hasFinalizer) plan.addFinalizer = true;

  // The revision: pinned in status once resolved (new revisions never move a task).
  const definition = input.definition;
  if (!definition.ok) {
    if (definition.transient === true) return { ...plan, requeueAfterMs: 500 };
    return planWaiting(input, plan, status, 'Ready', definition.reason, definition.message);
  }
  const group = task.spec.group ?? defaultTaskGroup(definition.family);
  let current: TaskStatus = { ...status, taskDefinition: formatTaskDefinition(definition.family, definition.revision), group };
  // What Kubernetes cannot express is reported, never dropped silently.
  const translation = input.translation;
  if (translation?.ok === true) current = { ...current, conditions: setCondition(current.conditions, translationCondition(translation.warnings), task.generation, now) };

  if (current.containerInstance === undefined && task.spec.desiredStatus !== 'STOPPED') {
    if (translation !== undefined && !translation.ok) return planWaiting(input, plan, current, 'Ready', translation.reason, translation.message);
    const { cluster } = input;
    if (!cluster.exists) {
      plan.createDefaultCluster = cluster.name === 'default';
      return planWaiting(input, plan, current, 'Scheduled', 'ClusterNotFound', `Cluster "${cluster.name}" does not exist`);
    }
    if (cluster.allowedNamespaces !== undefined && !cluster.allowedNamespaces.includes(task.namespace)) {
      return planWaiting(input, plan, current, 'Scheduled', 'NamespaceNotAllowed', `Cluster "${cluster.name}" does not allow namespace "${task.namespace}"`);
    }
    // Placed a moment ago and the cache has not caught up: the commit's watch event wakes us.
    if (input.assumed) return plan;
    plan.decided = true;
    const decision = decidePlacement(input, group);
    if (decision.kind === 'invalid') return planWaiting(input, plan, current, 'Scheduled', 'InvalidPlacementRequest', decision.message);
    if (decision.kind === 'placed') return planCommit(input, plan, current, decision.intent);
    current = recordFailures(input, current, decision.failures);
    plan.placementFailedReason = decision.failures[0]?.reason ?? 'UNKNOWN';
    // One Event per new reason, not per attempt: a task waiting for capacity is retried often.
    if (status?.conditions?.find((c) => c.type === 'Scheduled')?.message !== placementMessage(decision.failures)) {
      plan.events.push({ eventType: 'Warning', reason: 'PlacementFailed', message: placementMessage(decision.failures) });
    }
  }

  const node = current.containerInstance;
  const podMissing = input.pod.pod === undefined && !input.pod.existed;
  if (node !== undefined && podMissing && task.spec.desiredStatus !== 'STOPPED' && input.node?.exists === true && current.lastStatus !== 'STOPPING') {
    // Placed but its Pod is not there yet (just committed, or a restart between commit and
    // create): create it, unless this process did so a moment ago. A Pod that was seen and is
    // gone was deleted; the derivation stops the task instead.
    if (!input.pod.expected) plan.createPod = { node };
    return plan;
  }
  return planDerived(input, plan, current, now);
}

/** Status follows the Pod; the derivation's actions become steps. */
function planDerived(input: TaskPlanInput, plan: TaskPlan, current: TaskStatus, now: Date): TaskPlan {
  const { task } = input;
  // The pull started when this process first saw the Pod, even if that sight was not written.
  const firstSeen = input.pod.firstSeenAtMs;
  if (input.pod.pod !== undefined && current.containerInstance !== undefined && current.pullStartedAt === undefined && firstSeen !== undefined && current.lastStatus !== 'STOPPED') {
    current = { ...current, pullStartedAt: new Date(firstSeen).toISOString() };
  }
  const observation = deriveTaskStatus({
    spec: task.spec,
    status: current,
    taskDefinition: input.definition.ok ? input.definition.taskDefinition : undefined,
    pod: input.pod.pod,
    podExisted: input.pod.existed,
    nodeGone: current.containerInstance !== undefined && input.node?.exists !== true,
    nodeNotReady: input.node?.exists === true && !input.node.ready,
    now,
    placementTimeoutMs: input.cluster.placementTimeoutMs,
    stoppedRetentionMs: input.cluster.stoppedRetentionMs,
    createdAt: task.createdAtMs === undefined ? undefined : new Date(task.createdAtMs),
    stopInitiator: input.stopInitiator,
  });
  for (const action of observation.actions) {
    switch (action.type) {
      case 'deletePod':
        if (input.pod.pod !== undefined) plan.stopPod = { gracePeriodSeconds: action.gracePeriodSeconds, podUid: input.pod.uid };
        break;
      case 'deleteTask':
        return { ...plan, stopPod: undefined, events: [], deleteTask: true };
      case 'requeueAfter':
        plan.requeueAfterMs = earliest(plan.requeueAfterMs, action.ms);
        break;
      case 'event':
        plan.events.push({ eventType: action.eventType, reason: action.reason, message: action.message });
        break;
    }
  }
  if (observation.status.lastStatus === 'STOPPED') plan.forgetAssumption = true;
  const derived = observation.status;
  const next: TaskStatus = { ...derived, conditions: setCondition(derived.conditions, readyCondition(derived), task.generation, now), observedGeneration: task.generation };
  if (isDeepEqual(next, task.status)) return plan;
  const waitMs = firstSightWaitMs(input, next);
  if (waitMs !== undefined) return { ...plan, requeueAfterMs: earliest(plan.requeueAfterMs, waitMs) };
  plan.status = next;
  return plan;
}

/**
 * A first look at a Pod that has not started yet changes only what the commit left open
 * (pull start, containers PENDING): hold the write a moment, so that a Pod that runs at once
 * costs one status write for PENDING and RUNNING together. Anything else is written at once.
 */
function firstSightWaitMs(input: TaskPlanInput, next: TaskStatus): number | undefined {
  const previous = input.task.status;
  const firstSeen = input.pod.firstSeenAtMs;
  if (previous?.lastStatus !== 'PENDING' || next.lastStatus !== 'PENDING' || previous.pullStartedAt !== undefined || firstSeen === undefined) return undefined;
  if (!(next.containers ?? []).every((c) => c.lastStatus === 'PENDING' && c.reason === undefined)) return undefined;
  const strip = ({ pullStartedAt: _p, containers: _c, healthStatus: _h, ...rest }: TaskStatus) => rest;
  if (!isDeepEqual(strip(next), strip(previous))) return undefined;
  const left = firstSeen + FIRST_SIGHT_COALESCE_MS - input.now;
  return left > 0 ? left : undefined;
}

/** The commit: the chosen instance and the first PENDING status, in one conditional write. */
function planCommit(input: TaskPlanInput, plan: TaskPlan, current: TaskStatus, intent: PlacementIntent): TaskPlan {
  const now = new Date(input.now);
  const { task } = input;
  const node = intent.containerInstance;
  const placed: TaskStatus = {
    ...current,
    containerInstance: node,
    capacityProviderName: intent.capacityProviderName,
    lastStatus: 'PENDING',
    desiredStatus: task.spec.desiredStatus,
    createdAt: current.createdAt ?? (task.createdAtMs === undefined ? now : new Date(task.createdAtMs)).toISOString(),
    placementFailures: undefined,
    observedGeneration: task.generation,
    conditions: setCondition(current.conditions, { type: 'Scheduled', status: 'True', reason: 'Placed', message: `Placed on container instance ${node}` }, task.generation, now),
  };
  plan.place = intent;
  plan.status = { ...placed, conditions: setCondition(placed.conditions, readyCondition(placed), task.generation, now) };
  plan.createPod = { node };
  plan.events.push({ eventType: 'Normal', reason: 'Placed', message: `Placed task on container instance ${node}` });
  return plan;
}

type Decision = { kind: 'placed'; intent: PlacementIntent } | { kind: 'failed'; failures: PlacementFailure[] } | { kind: 'invalid'; message: string };

/** Runs the engine on the Cluster's snapshot (the view's, assumed placements included). */
function decidePlacement(input: TaskPlanInput, group: string): Decision {
  const definition = input.definition;
  if (!definition.ok) return { kind: 'invalid', message: definition.message };
  const { task, cluster } = input;
  const taskDefinition = definition.taskDefinition;
  const snapshot = input.snapshot();
  const taskDefinitionArn = formatTaskDefinition(definition.family, definition.revision);
  const outcome =
    input.placement.kind === 'startTask'
      ? checkStartTask({ containerInstanceIds: input.placement.containerInstances, group, requirement: definition.requirement, taskArns: [task.key], taskDefinitionArn }, snapshot)
      : runTask(
          {
            kind: input.placement.kind,
            group,
            count: 1,
            requirement: definition.requirement,
            placementConstraints: [...(taskDefinition.placementConstraints ?? []), ...(task.spec.placementConstraints ?? [])] as PlacementConstraint[],
            placementStrategy: task.spec.placementStrategy as PlacementStrategy[] | undefined,
            capacityProviderStrategy: task.spec.capacityProviderStrategy ?? cluster.defaultCapacityProviderStrategy,
            taskArns: [task.key],
            taskDefinitionArn,
          },
          snapshot,
          input.rng,
        );
  if ('error' in outcome) {
    if (outcome.error.message === EMPTY_CLUSTER_MESSAGE) return { kind: 'failed', failures: [{ arn: cluster.name, reason: EMPTY_CLUSTER_MESSAGE }] };
    return { kind: 'invalid', message: `${outcome.error.code}: ${outcome.error.message}` };
  }
  const placement = outcome.placements[0];
  if (placement === undefined) return { kind: 'failed', failures: outcome.failures.map((f) => ({ arn: f.arn, reason: f.reason, detail: f.detail })) };
  const containerInstance = placement.containerInstanceId;
  return {
    kind: 'placed',
    intent: { containerInstance, capacityProviderName: snapshot.instance(containerInstance)?.view.capacityProviderName, group, requirement: definition.requirement, taskDefinition: taskDefinitionArn },
  };
}

/**
 * A deleted Task is stopped as by StopTask (UserInitiated, STOPPING while its Pod winds down
 * with the stop timeout as grace period), and the finalizer goes once the Pod is gone.
 */
function planFinalize(input: TaskPlanInput, plan: TaskPlan): TaskPlan {
  const { task, pod } = input;
  const status = task.status;
  if (pod.pod === undefined) return { ...plan, forgetAssumption: true, removeFinalizer: task.hasFinalizer };
  const now = new Date(input.now);
  if (status?.lastStatus !== 'STOPPED' && status?.containerInstance !== undefined) {
    const observation = deriveTaskStatus({
      spec: { ...task.spec, desiredStatus: 'STOPPED' },
      status,
      taskDefinition: input.definition.ok ? input.definition.taskDefinition : undefined,
      pod: pod.pod,
      podExisted: pod.existed,
      nodeGone: input.node?.exists !== true,
      nodeNotReady: input.node?.exists === true && !input.node.ready,
      now,
      // The Task is going: no placement, and no retention to wait for.
      placementTimeoutMs: Infinity,
      stoppedRetentionMs: Infinity,
      createdAt: task.createdAtMs === undefined ? undefined : new Date(task.createdAtMs),
      stopInitiator: 'UserInitiated',
    });
    for (const action of observation.actions) {
      if (action.type === 'event') plan.events.push({ eventType: action.eventType, reason: action.reason, message: action.message });
    }
    const derived = observation.status;
    const next: TaskStatus = { ...derived, conditions: setCondition(derived.conditions, readyCondition(derived), task.generation, now), observedGeneration: task.generation };
    if (!isDeepEqual(next, status)) plan.status = next;
  }
  const deleting = (pod.pod.metadata?.deletionTimestamp ?? undefined) !== undefined;
  // The Pod's deletion wakes this key again.
  if (!deleting) plan.stopPod = { gracePeriodSeconds: pod.pod.spec?.terminationGracePeriodSeconds, podUid: pod.uid };
  return plan;
}

/** The task cannot go on yet: say why in a condition (and an Event when that is news). */
function planWaiting(input: TaskPlanInput, plan: TaskPlan, status: TaskStatus | undefined, type: string, reason: string, message: string): TaskPlan {
  const { task } = input;
  const now = new Date(input.now);
  const next: TaskStatus = {
    ...status,
    lastStatus: status?.lastStatus ?? 'PROVISIONING',
    desiredStatus: task.spec.desiredStatus,
    createdAt: status?.createdAt ?? (task.createdAtMs === undefined ? undefined : new Date(task.createdAtMs).toISOString()),
    conditions: setCondition(status?.conditions, { type, status: 'False', reason, message }, task.generation, now),
    observedGeneration: task.generation,
  };
  if (type !== 'Ready') next.conditions = setCondition(next.conditions, { type: 'Ready', status: 'False', reason, message }, task.generation, now);
  if (isDeepEqual(next, task.status)) return plan;
  plan.status = next;
  plan.events.push({ eventType: 'Warning', reason, message });
  return plan;
}

function recordFailures(input: TaskPlanInput, status: TaskStatus, failures: PlacementFailure[]): TaskStatus {
  const first = failures[0];
  return {
    ...status,
    lastStatus: 'PROVISIONING',
    placementFailures: failures.slice(0, MAX_FAILURES_IN_STATUS),
    conditions: setCondition(
      status.conditions,
      { type: 'Scheduled', status: 'False', reason: 'Unplaceable', message: first === undefined ? 'No container instance' : placementMessage(failures) },
      input.task.generation,
      new Date(input.now),
    ),
  };
}

export function placementMessage(failures: readonly PlacementFailure[]): string {
  const first = failures[0];
  if (first === undefined) return 'No container instance met all of its requirements.';
  if (first.reason === EMPTY_CLUSTER_MESSAGE) return `Unable to place a task because no container instance met all of its requirements. Reason: ${EMPTY_CLUSTER_MESSAGE}`;
  return first.detail ?? `Unable to place a task because no container instance met all of its requirements. The closest matching container-instance ${first.arn} encountered error "${first.reason}".`;
}

/** Ready follows the task: True while RUNNING, False with the state (or stop code) otherwise. */
function readyCondition(status: TaskStatus) {
  if (status.lastStatus === 'RUNNING') return { type: 'Ready', status: 'True' as const, reason: 'Running', message: 'The task is RUNNING' };
  if (status.lastStatus === 'STOPPED') return { type: 'Ready', status: 'False' as const, reason: status.stopCode ?? 'Stopped', message: status.stoppedReason ?? 'The task is STOPPED' };
  const state = status.lastStatus ?? 'PROVISIONING';
  return { type: 'Ready', status: 'False' as const, reason: state.charAt(0) + state.slice(1).toLowerCase(), message: `The task is ${state}` };
}

function translationCondition(warnings: readonly { field: string; message: string }[]) {
  if (warnings.length === 0) return { type: 'FullyTranslated', status: 'True' as const, reason: 'AllFieldsTranslated', message: 'Every task definition field is on the Pod' };
  const message = warnings.map((w) => `${w.field}: ${w.message}`).join('; ');
  return { type: 'FullyTranslated', status: 'False' as const, reason: 'UnsupportedFields', message: message.slice(0, 4000) };
}

function emptyPlan(): TaskPlan {
  return { addFinalizer: false, events: [], deleteTask: false, removeFinalizer: false, forgetAssumption: false, createDefaultCluster: false, decided: false };
}

function earliest(current: number | undefined, ms: number): number {
  return current === undefined || ms < current ? ms : current;
}
