// Apply: executes a Task plan against the API server, step by step in the plan's order. Each
// step is idempotent; the only conditional write is the placement commit, and an assumption
// is forgotten if that commit fails, so a restart or a stale cache never places a task twice.
import type { Logger } from 'pino';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import type { Task, TaskStatus } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';
import { toDate } from '../../kube/cached.ts';
import type { EventRecorder } from '../../kube/events.ts';
import { pods, tasks } from '../../kube/resources.ts';
import { TerminalError } from '../../runtime/errors.ts';
import { done, requeueAfter, type Result } from '../../runtime/result.ts';
import type { Clock } from '../../runtime/timers.ts';
import type { ClusterView } from '../cluster/cluster-view.ts';
import type { ObjectWriter } from '../controller-contract.ts';
import { defaultTaskGroup } from '../../domain/task.ts';
import type { PodTracker } from './pod-tracker.ts';
import type { StopPodStep, TaskPlan, TaskPlanInput } from './task-plan.ts';
import type { TaskPodTranslations } from './task-pod-translations.ts';
import type { TaskMetrics } from './task-metrics.ts';
import { taskFinalizer } from './task-finalizer.ts';
import { applyDeregistration } from './apply-deregistration.ts';
import type { V1Pod } from '../../kube/types.ts';
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';

export interface TaskApplier {
  kube: ObjectWriter;
  events: EventRecorder;
  view: ClusterView;
  translations: TaskPodTranslations;
  podTracker: PodTracker;
  metrics: TaskMetrics;
  logger: Logger;
  clock: Clock;
  /** True for the first of many tasks that find no default Cluster at once: one create, not one each. */
  claimDefaultClusterCreate(): boolean;
  /** Our status write moved the Task from `before` to `written`: wait for the cache to show it. */
  rememberWrite(key: string, before: string | undefined, written: string | undefined): void;
}

export async function applyTaskPlan(plan: TaskPlan, task: Cached<Task>, input: TaskPlanInput, deps: TaskApplier): Promise<Result> {
  const { kube, view, logger } = deps;
  const key = input.task.key;
  const ref = { name: task.metadata.name, namespace: input.task.namespace };
  // The version this reconcile writes against: the cache's, or the one our finalizer write made.
  let resourceVersion = task.metadata.resourceVersion as string | undefined;
  const placing = plan.place !== undefined && plan.status !== undefined;
  // Held before the first await: the plan was decided from the view synchronously, and any
  // other worker that places while this one waits on the API server must see the room taken.
  if (placing && plan.place !== undefined) {
    const intent = plan.place;
    view.assume({ key, containerInstance: intent.containerInstance, group: intent.group, startedBy: input.task.spec.startedBy, requirement: intent.requirement, taskDefinition: intent.taskDefinition });
  }
  try {
    if (plan.addFinalizer) resourceVersion = (await kube.addFinalizer(tasks, task.metadata as Parameters<ObjectWriter['addFinalizer']>[1], taskFinalizer)) ?? resourceVersion;
    if (plan.createDefaultCluster && deps.claimDefaultClusterCreate()) {
      // ECS creates its default cluster on first use; so do we.
      const outcome = await kube.create({ apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: DEFAULT_CLUSTER_NAME }, spec: {} });
      if (outcome === 'created') logger.info('Created the default Cluster on first use');
    }
    if (placing && plan.status !== undefined) {
      // Conditional on the version placed from: a stale cache loses here, never twice.
      const written = await kube.patchStatus(tasks, ref, statusPatch(input.task.status, plan.status), { resourceVersion });
      deps.rememberWrite(key, task.metadata.resourceVersion as string | undefined, written);
    }
  } catch (err) {
    if (placing) view.forget(key);
    throw err;
  }
  if (placing && plan.place !== undefined) {
    const intent = plan.place;
    const now = deps.clock.now();
    deps.metrics.placed(now - (toDate(task.metadata.creationTimestamp as string)?.getTime() ?? now));
    logger.info({ key, node: intent.containerInstance }, 'Placed Task');
  }
  if (plan.createPod !== undefined) await createTaskPod(task, input, plan.createPod.node, deps);
  let requeueMs = plan.requeueAfterMs;
  if (plan.stopPod !== undefined) {
    const waitMs = await stopTaskPod(task, input, plan.stopPod, deps);
    if (waitMs !== undefined) requeueMs = requeueMs === undefined ? waitMs : Math.min(requeueMs, waitMs);
  }
  if (plan.status !== undefined && plan.place === undefined) {
    const written = await kube.patchStatus(tasks, ref, statusPatch(input.task.status, plan.status));
    deps.rememberWrite(key, task.metadata.resourceVersion as string | undefined, written);
  }
  // Events are best effort and never awaited, as client-go's recorder is asynchronous.
  for (const event of plan.events) {
    if (event.eventType === 'Warning') void deps.events.warning(task, event.reason, event.message);
    else void deps.events.normal(task, event.reason, event.message);
  }
  if (plan.placementFailedReason !== undefined) deps.metrics.placementFailed(plan.placementFailedReason);
  if (plan.forgetAssumption) view.forget(key);
  if (plan.deleteTask) {
    await kube.delete(tasks, ref);
    logger.info({ key }, 'Deleted Task after its retention');
    return done;
  }
  if (plan.removeFinalizer) await kube.removeFinalizer(tasks, task.metadata as Parameters<ObjectWriter['removeFinalizer']>[1], taskFinalizer);
  return requeueMs === undefined ? done : requeueAfter(requeueMs);
}

/** The Pod translated once per change of its inputs, bound to `node`. */
async function createTaskPod(task: Cached<Task>, input: TaskPlanInput, node: string, deps: TaskApplier): Promise<void> {
  const definition = input.definition;
  if (!definition.ok) return;
  const translated = deps.translations.of({
    task,
    taskDefinition: definition.taskDefinition,
    revision: definition.revision,
    clusterName: input.cluster.name,
    cluster: deps.view.cluster(input.cluster.name),
    group: input.task.status?.group ?? task.spec.group ?? defaultTaskGroup(definition.family),
  });
  // Checked before placement; a Cluster policy tightened since then stops here.
  if (!translated.ok) throw new TerminalError(`${translated.reason}: ${translated.message}`);
  const pod = { ...translated.pod, spec: { ...translated.pod.spec!, nodeName: node } };
  const outcome = await deps.kube.create(pod);
  deps.podTracker.created(input.task.uid, deps.clock.now());
  if (outcome === 'created') deps.logger.info({ task: task.metadata.name, node }, 'Created Task Pod');
}

/**
 * Stops the task's containers: deletes its Pod (SIGTERM, then SIGKILL after the grace period),
 * only if it is still the Pod the plan saw. Its own step, so that leaving the load balancer
 * endpoints and waiting out the deregistration delay can come first: resolve to the time left
 * to wait instead of deleting, and the reconcile comes back then.
 */
/**
 * The only Pod deletion. A serving Pod of a load-balanced service task first leaves the
 * endpoints and waits out the deregistration delay (issue 10): the wait comes back as the ms
 * to requeue after, and the Pod is deleted on a later pass.
 */
async function stopTaskPod(task: Cached<Task>, input: TaskPlanInput, step: StopPodStep, deps: TaskApplier): Promise<number | undefined> {
  const pod = input.pod.pod;
  if (pod !== undefined) {
    const waitMs = await applyDeregistration(deps.kube, task, pod as Cached<V1Pod>, new Date(deps.clock.now()));
    if (waitMs !== undefined) return waitMs;
  }
  const ref = { name: task.metadata.name, namespace: input.task.namespace };
  await deps.kube.delete(pods, ref, { gracePeriodSeconds: step.gracePeriodSeconds, preconditions: step.podUid === undefined ? undefined : { uid: step.podUid } });
  return undefined;
}

/**
 * The merge patch from `previous` to `next`: JSON merge patch keeps what it is not told, so a
 * top-level field that is gone (placement failures once placed) is sent as null.
 */
export function statusPatch(previous: TaskStatus | undefined, next: TaskStatus): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...next };
  for (const field of Object.keys(previous ?? {})) if (patch[field] === undefined) patch[field] = null;
  return patch;
}
