// The Task controller's plan, as data: what `planTask` (plan-task.ts) reads and what it decides.
// The input is plain objects a unit test writes by hand (STYLE.md 17, level b); the controller
// fills it from the caches and the cluster view (observe-task.ts) and executes the plan
// (apply-task-plan.ts). Nothing here does I/O.
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { PlacementFailure, TaskSpec, TaskStatus } from '../../api/v1alpha1/task.ts';
import type { ClusterSnapshot, Rng, TaskRequirement } from '../../placement/index.ts';
import type { CapacityProviderStrategyItem } from '../../placement/index.ts';
import type { ObservedPod } from './observed-pod.ts';
import type { StopInitiator } from './stop-cause.ts';

/**
 * How the task is placed, stated by whoever created it, never guessed from `startedBy`:
 * RunTask (the engine chooses; RunTask's default strategy), a service task (the service's
 * default strategies), or StartTask on named container instances (no strategies).
 */
export type PlacementKind = { kind: 'runTask' } | { kind: 'service' } | { kind: 'startTask'; containerInstances: readonly string[] };

/** The Task object's own facts. */
export interface TaskFacts {
  /** `namespace/name`, also the taskArn in snapshots. */
  key: string;
  name: string;
  namespace: string;
  uid: string;
  generation?: number;
  /** metadata.creationTimestamp, ms since the epoch. */
  createdAtMs?: number;
  deleting: boolean;
  hasFinalizer: boolean;
  spec: TaskSpec;
  status: TaskStatus | undefined;
}

export interface ClusterFacts {
  name: string;
  /** False while the Cluster object does not exist (the default one is created on first use). */
  exists: boolean;
  allowedNamespaces?: readonly string[];
  placementTimeoutMs: number;
  stoppedRetentionMs: number;
  defaultCapacityProviderStrategy?: readonly CapacityProviderStrategyItem[];
}

/** The task's revision with its overrides applied, or why there is none (yet). */
export type DefinitionFacts =
  | { ok: true; family: string; revision: number; taskDefinition: NormalizedTaskDefinition; requirement: TaskRequirement }
  | { ok: false; reason: string; message: string; /** Look again soon: the cache lags, nothing is wrong. */ transient?: boolean };

/** Whether the Task can be expressed as a Pod under its Cluster's policy (from the Pod builder). */
export type TranslationFacts = { ok: true; warnings: readonly { field: string; message: string }[] } | { ok: false; reason: string; message: string };

export interface PodFacts {
  /** The Task's own Pod (controller owner reference), from the cache. */
  pod: ObservedPod | undefined;
  /** Its uid, for the delete precondition. */
  uid?: string;
  /** Seen before, in status or by this process: if it is missing now, it was deleted. */
  existed: boolean;
  /** This process created it a moment ago and the cache does not show it yet. */
  expected: boolean;
  /** When this process first saw it, ms; undefined if never. */
  firstSeenAtMs?: number;
}

/** The Node named by status.containerInstance. */
export interface NodeFacts {
  exists: boolean;
  ready: boolean;
}

export interface TaskPlanInput {
  task: TaskFacts;
  cluster: ClusterFacts;
  definition: DefinitionFacts;
  /** Undefined when it is not needed (no definition yet, or the Pod exists already). */
  translation: TranslationFacts | undefined;
  placement: PlacementKind;
  stopInitiator: StopInitiator;
  pod: PodFacts;
  node: NodeFacts | undefined;
  /** A placement of this task is held in the cluster view and not yet in the cache. */
  assumed: boolean;
  /** The Cluster's engine snapshot; only read when the task needs placing. */
  snapshot: () => ClusterSnapshot;
  rng: Rng;
  now: number;
}

/** A placement decision to hold in the cluster view and commit. */
export interface PlacementIntent {
  containerInstance: string;
  capacityProviderName?: string;
  group: string;
  requirement: TaskRequirement;
  taskDefinition: string;
}

export interface PlannedEvent {
  eventType: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** Stop the task's containers: delete its Pod with the stop timeout as grace period. */
export interface StopPodStep {
  /** Undefined leaves the Pod's own terminationGracePeriodSeconds. */
  gracePeriodSeconds?: number;
  podUid?: string;
}

/**
 * What one reconcile does, applied in this order: finalizer, placement (assume, then the
 * conditional commit), the Pod, the stop, the status, Events, deletion, finalizer removal.
 * Every step is idempotent.
 */
export interface TaskPlan {
  addFinalizer: boolean;
  /** Assume, then commit `status` conditionally on the version placed from. */
  place?: PlacementIntent;
  /** Create the Task's Pod bound to this Node. */
  createPod?: { node: string };
  /** Kept as its own step: the networking controller adds "leave the load balancer first" here. */
  stopPod?: StopPodStep;
  /** The new status, when it differs from the cached one. */
  status?: TaskStatus;
  events: PlannedEvent[];
  /** The retention is over: delete the Task. */
  deleteTask: boolean;
  /** The Task is being deleted and its Pod is gone. */
  removeFinalizer: boolean;
  /** The Task no longer needs a held placement. */
  forgetAssumption: boolean;
  /** ECS creates the default Cluster on first use. */
  createDefaultCluster: boolean;
  /** Failed placement attempt, by the closest instance's reason (metrics). */
  placementFailedReason?: string;
  /** The engine ran for this plan (the decision latency metric). */
  decided: boolean;
  requeueAfterMs?: number;
}

/** At most this many placement failures are kept in status (closest instance first). */
export const MAX_FAILURES_IN_STATUS = 10;

export type { PlacementFailure };
