// The Task controller: places a Task on a container instance with the ECS placement engine,
// commits the choice to status.containerInstance (the point of no return), creates the bound
// Pod, and follows the Pod to the task's ECS states (derive-task-status.ts) until STOPPED and,
// after the Cluster's retention, deletion.
//
// One reconcile, level-triggered:
//   observe: Task, its Cluster, its revision, its Pod and Node (caches only)
//   place:   if unplaced, snapshot -> engine -> assume -> commit (conditional status write)
//   apply:   create the Pod, or execute the derivation's actions (delete Pod, Events, timers)
//   status:  write what the derivation says when it changed
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import { formatTaskDefinition, parseTaskDefinitionReference, resolveTaskDefinitionReference } from '../../api/v1alpha1/task-definition-reference.ts';
import type { TaskDefinition } from '../../api/v1alpha1/task-definition.ts';
import type { TaskOverride } from '../../api/v1alpha1/task-override.ts';
import type { Task, TaskStatus } from '../../api/v1alpha1/task.ts';
import type { PlacementConstraint, PlacementStrategy } from '../../domain/task-definition.ts';
import type { TaskView } from '../../domain/task.ts';
import type { Cached } from '../../kube/cached.ts';
import { toDate } from '../../kube/cached.ts';
import { clusters, controllerRevisions, nodes, pods, taskDefinitions, tasks } from '../../kube/resources.ts';
import { isNodeReady } from '../../kube/node-readiness.ts';
import { buildTaskPod, serviceLabel, taskLabel } from '../../kube/task-pod.ts';
import type { V1ControllerRevision, V1Node, V1Pod } from '../../kube/types.ts';
import type { ControllerRegistration } from '../controller-contract.ts';
import { ClusterSnapshot, EMPTY_CLUSTER_MESSAGE, runTask, seededRng } from '../../placement/index.ts';
import { parseDuration } from '../../util/duration.ts';
import { ClusterState } from '../cluster/cluster-state.ts';
import { objectKey, parseObjectKey } from '../../runtime/keys.ts';
import { ownerKeyOf } from '../../runtime/owners.ts';
import { TerminalError } from '../../runtime/errors.ts';
import { done, requeueAfter, type Result } from '../../runtime/result.ts';
import { setCondition } from '../status/conditions.ts';
import { taskDefinitionLabel } from '../task-definition/revision-names.ts';
import { RevisionStore } from '../task-definition/revision-store.ts';
import { AssumedPlacements } from './assumed-placements.ts';
import { deriveTaskStatus, hasObservedPod } from './derive-task-status.ts';
import { TaskIndex } from './task-index.ts';
import { taskMetrics } from './task-metrics.ts';
import { effectiveDefinitionOf, requirementOf, TaskRequirements } from './task-requirements.ts';

/** Holds a Task until its Pod is gone, so that deleting a Task stops it gracefully first. */
export const taskFinalizer = 'ecs.stevedore.dev/stop-task';

/** How soon a Task whose own status write is not in the cache yet is looked at again. */
const cacheLagRequeueMs = 200;

/** At most this many placement failures are kept in status (closest instance first). */
const maxFailuresInStatus = 10;

export const taskController: ControllerRegistration = {
  name: 'task',
  kind: 'Task',
  setup({ informers, kube, events, logger, registry }, enqueue) {
    const taskCache = informers.informer<Task>(tasks);
    const podCache = informers.informer<V1Pod>(pods);
    const nodeCache = informers.informer<V1Node>(nodes);
    const clusterCache = informers.informer<Cluster>(clusters);
    const definitionCache = informers.informer<TaskDefinition>(taskDefinitions);
    const revisionCache = informers.informer<V1ControllerRevision>(controllerRevisions, { labelSelector: taskDefinitionLabel });

    const store = new RevisionStore(definitionCache, revisionCache);
    const requirements = new TaskRequirements(store);
    const assumed = new AssumedPlacements();
    const index = new TaskIndex();
    const metrics = taskMetrics(registry, taskCache);
    // The resourceVersion a Task had when this controller last changed its status, until the
    // cache shows the change: deriving from the older copy would repeat the transition's Events.
    const writtenFrom = new Map<string, string>();
    // Seeded per process: ties are broken at random, as ECS does, but a test can pin it.
    const rng = seededRng(Number(process.env['STEVEDORE_PLACEMENT_SEED'] ?? Date.now() % 2 ** 31));

    const keyOf = (t: Cached<Task>) => objectKey({ namespace: t.metadata.namespace, name: t.metadata.name });
    // Capacity may have appeared: give every waiting Task another try (the queue collapses repeats).
    const kickUnplaced = () => {
      for (const key of index.unplaced()) enqueue(key);
    };
    taskCache.onChange((task) => {
      const key = keyOf(task);
      const exists = taskCache.get(task.metadata.name, task.metadata.namespace) !== undefined;
      index.update(key, task, exists);
      if (!exists) requirements.forget(task.metadata.uid as string);
      enqueue(key);
      if (!exists || task.status?.lastStatus === 'STOPPED') kickUnplaced();
    });
    podCache.onChange((pod) => {
      const owner = ownerKeyOf(pod, { kind: 'Task', apiVersion: API_VERSION });
      if (owner !== undefined) enqueue(owner);
      // Only a Pod that ends or goes frees capacity; a Pod starting up takes nothing new.
      if (freesCapacity(pod, podCache.get(pod.metadata?.name ?? '', pod.metadata?.namespace) !== undefined)) kickUnplaced();
    });
    nodeCache.onChange((node) => {
      for (const key of index.onNode(node.metadata?.name ?? '')) enqueue(key);
      kickUnplaced();
    });
    // A Cluster's own status writes change nothing for placement: react to its spec only.
    const clusterGenerations = new Map<string, unknown>();
    clusterCache.onChange((cluster) => {
      const generation = clusterCache.get(cluster.metadata.name) === undefined ? undefined : cluster.metadata.generation;
      if (clusterGenerations.get(cluster.metadata.name) === generation) return;
      clusterGenerations.set(cluster.metadata.name, generation);
      kickUnplaced();
    });
    definitionCache.onChange(kickUnplaced);
    revisionCache.onChange(kickUnplaced);

    /** A Pod counts as a task (by its ECS reservation) only while its Task holds the Node. */
    const isTaskPod = (pod: Cached<V1Pod>): boolean => {
      const name = pod.metadata?.labels?.[taskLabel];
      if (name === undefined) return false;
      const task = taskCache.get(name, pod.metadata?.namespace);
      return task !== undefined && task.status?.containerInstance === pod.spec?.nodeName && task.status?.lastStatus !== 'STOPPED' && requirements.of(task) !== undefined;
    };

    return async (key) => {
      const { namespace = '', name } = parseObjectKey(key);
      const task = taskCache.get(name, namespace);
      if (task === undefined) {
        assumed.forget(key);
        writtenFrom.delete(key);
        return done;
      }
      if (writtenFrom.has(key)) {
        // Our own status write is not in the cache yet; its arrival enqueues the key again.
        if (writtenFrom.get(key) === task.metadata.resourceVersion) return requeueAfter(cacheLagRequeueMs);
        writtenFrom.delete(key);
      }
      const pod = ownPod(podCache.get(name, namespace), task);
      if (task.metadata.deletionTimestamp !== undefined) return finalize(task, pod, new Date());

      const status = task.status as TaskStatus | undefined;
      const finalizers = (task.metadata.finalizers ?? []) as readonly string[];
      // The version this reconcile writes against: the cache's, or the one our finalizer write made.
      let resourceVersion = task.metadata.resourceVersion as string;
      if (status?.lastStatus !== 'STOPPED' && !finalizers.includes(taskFinalizer)) {
        resourceVersion = (await kube.addFinalizer(tasks, task.metadata as Parameters<typeof kube.addFinalizer>[1], taskFinalizer)) ?? resourceVersion;
      }

      const clusterName = task.spec.cluster ?? DEFAULT_CLUSTER_NAME;
      const cluster = clusterCache.get(clusterName);
      const now = new Date();
      const timeouts = clusterTimeouts(cluster);

      // The revision: pinned in status once resolved (new revisions never move a task).
      const resolved = resolveRevision(task, status);
      if (!resolved.ok) return writeWaiting(task, status, 'Ready', resolved.reason, resolved.message, now);
      const effective = effectiveDefinitionOf(store, namespace, resolved.family, resolved.revision, task.spec.overrides as TaskOverride | undefined);
      if (!effective.ok) {
        if (effective.reason === 'RevisionNotCached') return requeueAfter(500);
        return writeWaiting(task, status, 'Ready', effective.reason, effective.message, now);
      }
      const taskDefinitionRef = formatTaskDefinition(resolved.family, resolved.revision);
      const group = task.spec.group ?? `family:${resolved.family}`;

      let current: TaskStatus = { ...status, taskDefinition: taskDefinitionRef, group };
      // What Kubernetes cannot express is reported, never dropped silently.
      const translation = translate(task, effective.taskDefinition, resolved.revision, clusterName, group, cluster, '');
      if (translation.ok) current = { ...current, conditions: setCondition(current.conditions, translationCondition(translation.warnings), generationOf(task), now) };
      if (current.containerInstance === undefined && task.spec.desiredStatus !== 'STOPPED') {
        if (!translation.ok) return writeWaiting(task, current, 'Ready', translation.reason, translation.message, now);
        if (cluster === undefined) {
          if (clusterName === DEFAULT_CLUSTER_NAME) await createDefaultCluster();
          return writeWaiting(task, current, 'Scheduled', 'ClusterNotFound', `Cluster "${clusterName}" does not exist`, now);
        }
        const allowed = cluster.spec.allowedNamespaces;
        if (allowed !== undefined && !allowed.includes(namespace)) {
          return writeWaiting(task, current, 'Scheduled', 'NamespaceNotAllowed', `Cluster "${clusterName}" does not allow namespace "${namespace}"`, now);
        }
        // Placed a moment ago and the cache has not caught up: the commit's watch event wakes us.
        if (assumed.has(key)) return done;
        const placement = place(key, task, clusterName, group, effective.taskDefinition);
        if (placement.kind === 'invalid') return writeWaiting(task, current, 'Scheduled', 'InvalidPlacementRequest', placement.message, now);
        if (placement.kind === 'placed') {
          const node = placement.view.containerInstanceId;
          const committed: TaskStatus = {
            ...current,
            containerInstance: node,
            capacityProviderName: placement.capacityProvider,
            lastStatus: 'PENDING',
            placementFailures: undefined,
            conditions: setCondition(current.conditions, { type: 'Scheduled', status: 'True', reason: 'Placed', message: `Placed on container instance ${node}` }, generationOf(task), now),
          };
          try {
            // Conditional on the version placed from: a stale cache loses here, never twice.
            const written = await kube.patchStatus(tasks, { name, namespace }, { ...committed, placementFailures: null }, { resourceVersion });
            rememberWrite(task, written);
          } catch (err) {
            assumed.forget(key, placement.view);
            throw err;
          }
          requirements.remember(task.metadata.uid as string, placement.view.requirement);
          metrics.placed(now.getTime() - (toDate(task.metadata.creationTimestamp as string)?.getTime() ?? now.getTime()));
          logger.info({ key, node }, 'Placed Task');
          // Events are best effort and never awaited, as client-go's recorder is asynchronous.
          void events.normal(task, 'Placed', `Placed task on container instance ${node}`);
          await createPod(task, effective.taskDefinition, resolved.revision, clusterName, group, cluster, node);
          return done;
        }
        current = recordFailures(task, current, placement.failures, now);
        metrics.placementFailed(placement.failures[0]?.reason ?? 'UNKNOWN');
        void events.warning(task, 'PlacementFailed', placementMessage(placement.failures));
      }

      const node = current.containerInstance === undefined ? undefined : nodeCache.get(current.containerInstance);
      if (current.containerInstance !== undefined && pod === undefined && !hasObservedPod(current) && task.spec.desiredStatus !== 'STOPPED' && node !== undefined && current.lastStatus !== 'STOPPING') {
        // Placed but its Pod is not there yet (a restart between commit and create): create it.
        // A Pod that was seen and is gone was deleted; the derivation stops the task instead.
        await createPod(task, effective.taskDefinition, resolved.revision, clusterName, group, cluster, current.containerInstance);
        return done;
      }

      const observation = deriveTaskStatus({
        spec: task.spec as Task['spec'],
        status: current,
        taskDefinition: effective.taskDefinition,
        pod: pod as V1Pod | undefined,
        nodeGone: current.containerInstance !== undefined && node === undefined,
        nodeNotReady: node !== undefined && !isNodeReady(node),
        now,
        placementTimeoutMs: timeouts.placementTimeoutMs,
        stoppedRetentionMs: timeouts.stoppedRetentionMs,
        createdAt: toDate(task.metadata.creationTimestamp as string),
      });
      let result: Result = done;
      for (const action of observation.actions) {
        switch (action.type) {
          case 'deletePod':
            if (pod !== undefined && pod.metadata?.deletionTimestamp === undefined) {
              await kube.delete(pods, { name, namespace }, { gracePeriodSeconds: action.gracePeriodSeconds, preconditions: { uid: pod.metadata?.uid } });
            }
            break;
          case 'deleteTask':
            await kube.delete(tasks, { name, namespace });
            logger.info({ key }, 'Deleted Task after its retention');
            return done;
          case 'requeueAfter':
            result = earliest(result, action.ms);
            break;
          case 'event':
            if (action.eventType === 'Warning') void events.warning(task, action.reason, action.message);
            else void events.normal(task, action.reason, action.message);
            break;
        }
      }
      if (observation.status.lastStatus === 'STOPPED') {
        assumed.forget(key);
        if (status?.lastStatus !== 'STOPPED') kickUnplaced();
      }
      const derived = observation.status;
      const conditions = setCondition(derived.conditions, readyCondition(derived), generationOf(task), now);
      await writeStatus(task, { ...derived, conditions, observedGeneration: generationOf(task) });
      return result;
    };

    /** Runs the engine on the Cluster as the caches (plus assumed placements) show it. Synchronous: nothing interleaves. */
    function place(key: string, task: Cached<Task>, clusterName: string, group: string, taskDefinition: Parameters<typeof requirementOf>[0]) {
      const started = performance.now();
      const state = new ClusterState({ clusters: clusterCache, nodes: nodeCache, pods: podCache }, isTaskPod);
      const { instances } = state.instancesOf(clusterName);
      const ids = new Set(instances.map((i) => i.id));
      const placed: TaskView[] = [];
      for (const other of taskCache.list()) {
        const node = other.status?.containerInstance;
        if (node === undefined || !ids.has(node) || other.status?.lastStatus === 'STOPPED') continue;
        const requirement = requirements.of(other);
        // A Task whose revision is not cached yet is counted by its Pod's requests (isTaskPod).
        if (requirement === undefined) continue;
        placed.push(taskViewOf(other, node, requirement));
      }
      const inCache = (k: string) => {
        const { namespace, name } = parseObjectKey(k);
        return taskCache.get(name, namespace)?.status?.containerInstance !== undefined;
      };
      const snapshot = ClusterSnapshot.build(instances, [...placed, ...assumed.pending(inCache).filter((v) => ids.has(v.containerInstanceId))]);
      const requirement = requirementOf(taskDefinition);
      const constraints = [...(taskDefinition.placementConstraints ?? []), ...(task.spec.placementConstraints ?? [])] as PlacementConstraint[];
      const outcome = runTask(
        {
          kind: task.spec.startedBy?.startsWith('ecs-svc/') ? 'service' : 'runTask',
          group,
          count: 1,
          requirement,
          placementConstraints: constraints,
          placementStrategy: task.spec.placementStrategy as PlacementStrategy[] | undefined,
          capacityProviderStrategy: (task.spec.capacityProviderStrategy ?? clusterCache.get(clusterName)?.spec.defaultCapacityProviderStrategy) as never,
          taskArns: [key],
          taskDefinitionArn: formatTaskDefinition(taskDefinition.family, 0),
        },
        snapshot,
        rng,
      );
      metrics.decision((performance.now() - started) / 1000);
      if ('error' in outcome) {
        if (outcome.error.message === EMPTY_CLUSTER_MESSAGE) return { kind: 'failed' as const, failures: [{ arn: clusterName, reason: EMPTY_CLUSTER_MESSAGE }] };
        return { kind: 'invalid' as const, message: `${outcome.error.code}: ${outcome.error.message}` };
      }
      const placement = outcome.placements[0];
      if (placement === undefined) return { kind: 'failed' as const, failures: outcome.failures.map((f) => ({ arn: f.arn, reason: f.reason, detail: f.detail })) };
      const view = taskViewOf(task, placement.containerInstanceId, requirement);
      assumed.assume(key, view);
      const capacityProvider = instances.find((i) => i.id === placement.containerInstanceId)?.capacityProviderName;
      return { kind: 'placed' as const, view, capacityProvider };
    }

    function resolveRevision(task: Cached<Task>, status: TaskStatus | undefined) {
      const pinned = status?.taskDefinition === undefined ? undefined : parseTaskDefinitionReference(status.taskDefinition);
      if (pinned?.revision !== undefined) return { ok: true as const, family: pinned.family, revision: pinned.revision };
      const resolved = resolveTaskDefinitionReference(task.spec.taskDefinition, (family) => store.revisionsOf(task.metadata.namespace as string, family));
      if (resolved.ok) return resolved;
      const reason = resolved.reason === 'INACTIVE' ? 'TaskDefinitionInactive' : resolved.reason === 'MISSING' ? 'TaskDefinitionNotFound' : 'InvalidTaskDefinitionReference';
      return { ok: false as const, reason, message: resolved.message };
    }

    /** The Task's Pod on `node`; the same translation with node '' checks a Task before placement. */
    function translate(task: Cached<Task>, taskDefinition: Parameters<typeof requirementOf>[0], revision: number, clusterName: string, group: string, cluster: Cached<Cluster> | undefined, node: string) {
      const result = buildTaskPod({
        task: { name: task.metadata.name, namespace: task.metadata.namespace as string, uid: task.metadata.uid as string },
        taskDefinition,
        revision,
        cluster: clusterName,
        group,
        node,
        service: (task.metadata.labels as Record<string, string> | undefined)?.[serviceLabel],
        tolerations: cluster?.spec.tolerations as never,
        securityPolicy: cluster?.spec.securityPolicy as never,
        networkConfiguration: task.spec.networkConfiguration as never,
      });
      if (!result.ok) return result;
      // Task annotations travel to the Pod (Prometheus scraping, meshes, test hooks), kubectl's own excepted.
      const annotations = Object.entries((task.metadata.annotations ?? {}) as Record<string, string>).filter(([k]) => !k.startsWith('kubectl.kubernetes.io/'));
      result.pod.metadata = { ...result.pod.metadata, annotations: { ...Object.fromEntries(annotations), ...result.pod.metadata?.annotations } };
      return result;
    }

    async function createPod(task: Cached<Task>, taskDefinition: Parameters<typeof requirementOf>[0], revision: number, clusterName: string, group: string, cluster: Cached<Cluster> | undefined, node: string) {
      const translated = translate(task, taskDefinition, revision, clusterName, group, cluster, node);
      // Checked before placement; a Cluster policy tightened since then stops here.
      if (!translated.ok) throw new TerminalError(`${translated.reason}: ${translated.message}`);
      const outcome = await kube.create(translated.pod);
      if (outcome === 'created') logger.info({ task: task.metadata.name, node }, 'Created Task Pod');
    }

    /**
     * A deleted Task is stopped as by StopTask (UserInitiated, STOPPING while its Pod winds
     * down with the stop timeout as grace period), and the finalizer goes once the Pod is gone.
     */
    async function finalize(task: Cached<Task>, pod: Cached<V1Pod> | undefined, now: Date): Promise<Result> {
      const key = keyOf(task);
      if (pod !== undefined) {
        const status = task.status as TaskStatus | undefined;
        if (status?.lastStatus !== 'STOPPED' && status?.containerInstance !== undefined) {
          const resolved = resolveRevision(task, status);
          const effective = resolved.ok ? effectiveDefinitionOf(store, task.metadata.namespace as string, resolved.family, resolved.revision, task.spec.overrides as TaskOverride | undefined) : undefined;
          const node = nodeCache.get(status.containerInstance);
          const observation = deriveTaskStatus({
            spec: { ...(task.spec as Task['spec']), desiredStatus: 'STOPPED' },
            status,
            taskDefinition: effective?.ok === true ? effective.taskDefinition : undefined,
            pod: pod as V1Pod,
            nodeGone: node === undefined,
            nodeNotReady: node !== undefined && !isNodeReady(node),
            now,
            // The Task is going: no placement, and no retention to wait for.
            placementTimeoutMs: Infinity,
            stoppedRetentionMs: Infinity,
            createdAt: toDate(task.metadata.creationTimestamp as string),
          });
          for (const action of observation.actions) {
            if (action.type !== 'event') continue;
            if (action.eventType === 'Warning') await events.warning(task, action.reason, action.message);
            else await events.normal(task, action.reason, action.message);
          }
          const derived = observation.status;
          const conditions = setCondition(derived.conditions, readyCondition(derived), generationOf(task), now);
          await writeStatus(task, { ...derived, conditions, observedGeneration: generationOf(task) });
        }
        if (pod.metadata?.deletionTimestamp === undefined) {
          await kube.delete(pods, { name: task.metadata.name, namespace: task.metadata.namespace as string }, { gracePeriodSeconds: pod.spec?.terminationGracePeriodSeconds, preconditions: { uid: pod.metadata?.uid } });
        }
        // The Pod's deletion wakes this key again.
        return done;
      }
      assumed.forget(key);
      await kube.removeFinalizer(tasks, task.metadata as Parameters<typeof kube.removeFinalizer>[1], taskFinalizer);
      return done;
    }

    async function createDefaultCluster(): Promise<void> {
      // ECS creates its default cluster on first use; so do we.
      const outcome = await kube.create({ apiVersion: API_VERSION, kind: 'Cluster', metadata: { name: DEFAULT_CLUSTER_NAME }, spec: {} });
      if (outcome === 'created') logger.info('Created the default Cluster on first use');
    }

    async function writeWaiting(task: Cached<Task>, status: TaskStatus | undefined, type: string, reason: string, message: string, now: Date): Promise<Result> {
      const next: TaskStatus = {
        ...status,
        lastStatus: status?.lastStatus ?? 'PROVISIONING',
        desiredStatus: task.spec.desiredStatus,
        createdAt: status?.createdAt ?? (task.metadata.creationTimestamp as string | undefined),
        conditions: setCondition(status?.conditions, { type, status: 'False', reason, message }, generationOf(task), now),
        observedGeneration: generationOf(task),
      };
      if (type !== 'Ready') next.conditions = setCondition(next.conditions, { type: 'Ready', status: 'False', reason, message }, generationOf(task), now);
      void events.warning(task, reason, message);
      await writeStatus(task, next);
      return done;
    }

    async function writeStatus(task: Cached<Task>, status: TaskStatus): Promise<void> {
      if (JSON.stringify(status) === JSON.stringify(task.status)) return;
      rememberWrite(task, await kube.patchStatus(tasks, { name: task.metadata.name, namespace: task.metadata.namespace as string }, status));
    }

    function rememberWrite(task: Cached<Task>, written: string | undefined): void {
      const before = task.metadata.resourceVersion as string | undefined;
      // A write that changed nothing leaves the resourceVersion as it was: nothing to wait for.
      if (before !== undefined && written !== undefined && written !== before) writtenFrom.set(keyOf(task), before);
    }

    function recordFailures(task: Cached<Task>, status: TaskStatus, failures: { arn: string; reason: string; detail?: string }[], now: Date): TaskStatus {
      const first = failures[0];
      const message = placementMessage(failures);
      return {
        ...status,
        lastStatus: 'PROVISIONING',
        placementFailures: failures.slice(0, maxFailuresInStatus),
        conditions: setCondition(status.conditions, { type: 'Scheduled', status: 'False', reason: 'Unplaceable', message: first === undefined ? 'No container instance' : message }, generationOf(task), now),
      };
    }
  },
};

function placementMessage(failures: { arn: string; reason: string; detail?: string }[]): string {
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

function taskViewOf(task: Cached<Task>, node: string, requirement: TaskView['requirement']): TaskView {
  const status = task.status;
  return {
    taskArn: objectKey({ namespace: task.metadata.namespace, name: task.metadata.name }),
    containerInstanceId: node,
    group: status?.group ?? task.spec.group ?? 'family:unknown',
    lastStatus: (status?.lastStatus === undefined || status.lastStatus === 'PROVISIONING' ? 'PENDING' : status.lastStatus) as TaskView['lastStatus'],
    requirement,
  };
}

function freesCapacity(pod: Cached<V1Pod>, exists: boolean): boolean {
  return !exists || pod.metadata?.deletionTimestamp !== undefined || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
}

function ownPod(pod: Cached<V1Pod> | undefined, task: Cached<Task>): Cached<V1Pod> | undefined {
  return pod?.metadata?.ownerReferences?.some((o) => o.uid === task.metadata.uid && o.controller === true) ? pod : undefined;
}

function generationOf(task: Cached<Task>): number | undefined {
  return task.metadata.generation as number | undefined;
}

function clusterTimeouts(cluster: Cached<Cluster> | undefined): { placementTimeoutMs: number; stoppedRetentionMs: number } {
  return {
    placementTimeoutMs: parseDuration(cluster?.spec.placementTimeout ?? '30m'),
    stoppedRetentionMs: parseDuration(cluster?.spec.stoppedTaskRetention ?? '1h'),
  };
}

function earliest(result: Result, ms: number): Result {
  return result.requeueAfterMs === undefined || ms < result.requeueAfterMs ? { requeueAfterMs: ms } : result;
}
