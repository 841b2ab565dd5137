// The Task controller: places a Task on a container instance with the ECS placement engine,
// commits the choice to status.containerInstance (the point of no return), creates the bound
// Pod, and follows the Pod to the task's ECS states until STOPPED and, after the Cluster's
// retention, deletion. Thin: one reconcile is
//   observe (observe-task.ts: caches, the shared cluster view)
//   -> plan (plan-task.ts: pure, unit-tested from plain objects)
//   -> apply (apply-task-plan.ts: idempotent writes, the status once).
// Capacity and assumed placements live in the cluster view the Manager shares; this file only
// wires events to keys.
import type { Task } from '../../api/v1alpha1/task.ts';
import type { TaskDefinition } from '../../api/v1alpha1/task-definition.ts';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import { controllerRevisions, nodes, pods, taskDefinitions, tasks } from '../../kube/resources.ts';
import type { V1ControllerRevision, V1Node, V1Pod } from '../../kube/types.ts';
import { seededRng } from '../../placement/index.ts';
import { objectKey, parseObjectKey } from '../../runtime/keys.ts';
import { ownerKeyOf } from '../../runtime/owners.ts';
import { done, requeueAfter } from '../../runtime/result.ts';
import type { ControllerRegistration } from '../controller-contract.ts';
import { taskDefinitionLabel } from '../task-definition/revision-names.ts';
import { RevisionStore } from '../task-definition/revision-store.ts';
import { applyTaskPlan } from './apply-task-plan.ts';
import { observeTask } from './observe-task.ts';
import { planTask } from './plan-task.ts';
import { PodTracker } from './pod-tracker.ts';
import { TaskIndex } from './task-index.ts';
import { taskMetrics } from './task-metrics.ts';
import { TaskPodTranslations } from './task-pod-translations.ts';

export { taskFinalizer } from './task-finalizer.ts';

/** How soon a Task whose own status write is not in the cache yet is looked at again. */
const cacheLagRequeueMs = 200;

/** How long one request to create the default Cluster stands for every task that waits for it. */
const defaultClusterCreateMs = 10_000;

export const taskController: ControllerRegistration = {
  name: 'task',
  kind: 'Task',
  setup({ informers, kube, events, logger, registry, view, clock, seed }, enqueue) {
    const taskCache = informers.informer<Task>(tasks);
    const podCache = informers.informer<V1Pod>(pods);
    const nodeCache = informers.informer<V1Node>(nodes);
    const definitionCache = informers.informer<TaskDefinition>(taskDefinitions);
    const revisionCache = informers.informer<V1ControllerRevision>(controllerRevisions, { labelSelector: taskDefinitionLabel });

    const store = new RevisionStore(definitionCache, revisionCache);
    const index = new TaskIndex();
    const podTracker = new PodTracker();
    const translations = new TaskPodTranslations();
    const metrics = taskMetrics(registry, taskCache);
    // Ties are broken at random, as ECS does; the seed comes from the Manager so a test can pin it.
    const rng = seededRng(seed);
    // The resourceVersion a Task had when this controller last changed its status, until the
    // cache shows the change: deriving from the older copy would repeat the transition's Events.
    const writtenFrom = new Map<string, string>();

    taskCache.onChange((task) => {
      const key = objectKey({ namespace: task.metadata.namespace, name: task.metadata.name });
      const exists = taskCache.get(task.metadata.name, task.metadata.namespace) !== undefined;
      index.update(key, task, exists);
      if (!exists) {
        podTracker.forget(task.metadata.uid as string);
        translations.forget(task.metadata.uid as string);
      }
      enqueue(key);
    });
    podCache.onChange((pod) => {
      const owner = ownerKeyOf(pod, { kind: 'Task', apiVersion: API_VERSION });
      if (owner !== undefined) enqueue(owner);
    });
    // Waiting Tasks get another try only when capacity can have changed (the view says when:
    // a task or Pod ended, a Node joined or changed; never a heartbeat). The queue collapses repeats.
    view.onCapacityChange((change) => {
      for (const key of index.unplaced(change.cluster)) enqueue(key);
    });
    view.onNodeChange((node) => {
      for (const key of index.onNode(node)) enqueue(key);
    });
    // A task waiting for its task definition or revision.
    const kickUnplaced = () => {
      for (const key of index.unplaced()) enqueue(key);
    };
    definitionCache.onChange(kickUnplaced);
    revisionCache.onChange(kickUnplaced);

    let defaultClusterRequestedAt: number | undefined;
    const applier = {
      kube,
      events,
      view,
      translations,
      podTracker,
      metrics,
      logger,
      clock,
      claimDefaultClusterCreate() {
        const now = clock.now();
        if (defaultClusterRequestedAt !== undefined && now - defaultClusterRequestedAt < defaultClusterCreateMs) return false;
        defaultClusterRequestedAt = now;
        return true;
      },
      rememberWrite(key: string, before: string | undefined, written: string | undefined) {
        // A write that changed nothing leaves the resourceVersion as it was: nothing to wait for.
        if (before !== undefined && written !== undefined && written !== before) writtenFrom.set(key, before);
      },
    };
    const observer = { pods: podCache, nodes: nodeCache, view, store, translations, podTracker, rng };

    return async (key) => {
      const { namespace = '', name } = parseObjectKey(key);
      const task = taskCache.get(name, namespace);
      if (task === undefined) {
        view.forget(key);
        writtenFrom.delete(key);
        return done;
      }
      if (writtenFrom.has(key)) {
        // Our own status write is not in the cache yet; its arrival enqueues the key again.
        if (writtenFrom.get(key) === task.metadata.resourceVersion) return requeueAfter(cacheLagRequeueMs);
        writtenFrom.delete(key);
      }
      const input = observeTask(task, observer, clock.now());
      const started = performance.now();
      const plan = planTask(input);
      if (plan.decided) metrics.decision((performance.now() - started) / 1000);
      return applyTaskPlan(plan, task, input, applier);
    };
  },
};
