// Observe: everything the Task plan reads, from the caches, the cluster view and what this
// process remembers, as the plain input of `planTask`. Read-only (the Pod tracker records the
// first sight of a Pod, which is an observation, not a decision).
import { DEFAULT_CLUSTER_NAME, DEFAULT_PLACEMENT_TIMEOUT, DEFAULT_STOPPED_TASK_RETENTION } from '../../api/v1alpha1/cluster.ts';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import { parseTaskDefinitionReference, resolveTaskDefinitionReference } from '../../api/v1alpha1/task-definition-reference.ts';
import type { Task, TaskStatus } from '../../api/v1alpha1/task.ts';
import type { TaskOverride } from '../../api/v1alpha1/task-override.ts';
import { defaultTaskGroup } from '../../domain/task.ts';
import type { Cached } from '../../kube/cached.ts';
import { toDate } from '../../kube/cached.ts';
import type { ObjectCache } from '../../kube/informers.ts';
import { isNodeReady } from '../../kube/node-readiness.ts';
import type { V1Node, V1Pod } from '../../kube/types.ts';
import type { Rng } from '../../placement/index.ts';
import { controllerOf } from '../../runtime/owners.ts';
import { objectKey } from '../../runtime/keys.ts';
import { parseDuration } from '../../util/duration.ts';
import type { ClusterView } from '../cluster/cluster-view.ts';
import type { RevisionStore } from '../task-definition/revision-store.ts';
import { hasObservedPod } from './derive-task-status.ts';
import type { PodTracker } from './pod-tracker.ts';
import { stopInitiatorOf } from './service-task-metadata.ts';
import type { DefinitionFacts, PlacementKind, TaskPlanInput, TranslationFacts } from './task-plan.ts';
import type { TaskPodTranslations } from './task-pod-translations.ts';
import { effectiveDefinitionOf, requirementOf } from './task-requirements.ts';
import { taskFinalizer } from './task-finalizer.ts';

export interface TaskObserver {
  pods: ObjectCache<V1Pod>;
  nodes: ObjectCache<V1Node>;
  view: ClusterView;
  store: RevisionStore;
  translations: TaskPodTranslations;
  podTracker: PodTracker;
  rng: Rng;
}

export function observeTask(task: Cached<Task>, deps: TaskObserver, now: number): TaskPlanInput {
  const { name } = task.metadata;
  const namespace = task.metadata.namespace as string;
  const uid = task.metadata.uid as string;
  const key = objectKey({ namespace, name });
  const status = task.status as TaskStatus | undefined;
  const clusterName = task.spec.cluster ?? DEFAULT_CLUSTER_NAME;
  const cluster = deps.view.cluster(clusterName);

  const pod = ownPod(deps.pods.get(name, namespace), uid);
  const firstSeenAtMs = deps.podTracker.observe(uid, pod !== undefined, now);
  const node = status?.containerInstance === undefined ? undefined : deps.nodes.get(status.containerInstance);

  const definition = observeDefinition(task, status, deps.store);
  // Once its Pod exists the translation has served (the Pod and its FullyTranslated condition
  // are written): let it go, so that thousands of running tasks do not each hold a Pod manifest.
  const podBuilt = pod !== undefined || hasObservedPod(status);
  if (podBuilt) deps.translations.forget(uid);
  const translation: TranslationFacts | undefined =
    definition.ok && !podBuilt
      ? deps.translations.of({ task, taskDefinition: definition.taskDefinition, revision: definition.revision, clusterName, cluster, group: task.spec.group ?? defaultTaskGroup(definition.family) })
      : undefined;

  return {
    task: {
      key,
      name,
      namespace,
      uid,
      generation: task.metadata.generation as number | undefined,
      createdAtMs: toDate(task.metadata.creationTimestamp as string | undefined)?.getTime(),
      deleting: task.metadata.deletionTimestamp !== undefined,
      hasFinalizer: ((task.metadata.finalizers ?? []) as readonly string[]).includes(taskFinalizer),
      spec: task.spec as Task['spec'],
      status,
    },
    cluster: {
      name: clusterName,
      exists: cluster !== undefined,
      allowedNamespaces: cluster?.spec.allowedNamespaces as string[] | undefined,
      placementTimeoutMs: parseDuration(cluster?.spec.placementTimeout ?? DEFAULT_PLACEMENT_TIMEOUT),
      stoppedRetentionMs: parseDuration(cluster?.spec.stoppedTaskRetention ?? DEFAULT_STOPPED_TASK_RETENTION),
      defaultCapacityProviderStrategy: cluster?.spec.defaultCapacityProviderStrategy as TaskPlanInput['cluster']['defaultCapacityProviderStrategy'],
    },
    definition,
    translation: translation === undefined ? undefined : translation.ok ? { ok: true, warnings: translation.warnings } : { ok: false, reason: translation.reason, message: translation.message },
    placement: placementKindOf(task),
    stopInitiator: stopInitiatorOf(task.metadata.annotations as Record<string, string> | undefined),
    pod: {
      pod: pod as V1Pod | undefined,
      uid: pod?.metadata?.uid,
      existed: hasObservedPod(status) || firstSeenAtMs !== undefined,
      expected: pod === undefined && deps.podTracker.isExpected(uid, now),
      firstSeenAtMs,
    },
    node: node === undefined ? (status?.containerInstance === undefined ? undefined : { exists: false, ready: false }) : { exists: true, ready: isNodeReady(node) },
    assumed: deps.view.isAssumed(key),
    snapshot: () => deps.view.snapshotOf(clusterName),
    rng: deps.rng,
    now,
  };
}

/** The revision (pinned in status once resolved) with the Task's overrides, and what it reserves. */
function observeDefinition(task: Cached<Task>, status: TaskStatus | undefined, store: RevisionStore): DefinitionFacts {
  const namespace = task.metadata.namespace as string;
  const pinned = status?.taskDefinition === undefined ? undefined : parseTaskDefinitionReference(status.taskDefinition);
  let family: string;
  let revision: number;
  if (pinned?.revision !== undefined) {
    family = pinned.family;
    revision = pinned.revision;
  } else {
    const resolved = resolveTaskDefinitionReference(task.spec.taskDefinition, (f) => store.revisionsOf(namespace, f));
    if (!resolved.ok) {
      const reason = resolved.reason === 'INACTIVE' ? 'TaskDefinitionInactive' : resolved.reason === 'MISSING' ? 'TaskDefinitionNotFound' : 'InvalidTaskDefinitionReference';
      return { ok: false, reason, message: resolved.message };
    }
    family = resolved.family;
    revision = resolved.revision;
  }
  const effective = effectiveDefinitionOf(store, namespace, family, revision, task.spec.overrides as TaskOverride | undefined);
  if (!effective.ok) return { ok: false, reason: effective.reason, message: effective.message, transient: effective.reason === 'RevisionNotCached' };
  return { ok: true, family, revision, taskDefinition: effective.taskDefinition, requirement: requirementOf(effective.taskDefinition) };
}

/**
 * How the Task asked to be placed: StartTask when it names its container instances
 * (`spec.containerInstances`, as DAEMON service tasks do); a service task, with the service's
 * default strategies, when a Service controls it; RunTask otherwise. Stated by the object, never
 * read from the shape of `startedBy`.
 */
export function placementKindOf(task: Cached<Task>): PlacementKind {
  const named = task.spec.containerInstances;
  if (named !== undefined && named.length > 0) return { kind: 'startTask', containerInstances: named };
  const owner = controllerOf(task as Parameters<typeof controllerOf>[0]);
  return owner?.kind === 'Service' && owner.apiVersion === API_VERSION ? { kind: 'service' } : { kind: 'runTask' };
}

function ownPod(pod: Cached<V1Pod> | undefined, uid: string): Cached<V1Pod> | undefined {
  return pod?.metadata?.ownerReferences?.some((o) => o.uid === uid && o.controller === true) ? pod : undefined;
}
