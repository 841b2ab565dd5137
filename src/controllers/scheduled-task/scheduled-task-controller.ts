// The ScheduledTask controller: runs a ScheduledTask's Tasks at the times its EventBridge
// expression names (plan-scheduled-task.ts decides; this file reads the caches and writes).
//
//   observe (caches) -> plan (pure) -> record the fire (conditional status write)
//     -> Events, metrics -> create the Tasks (deterministic names)
//     -> delete runs past the history limits -> write status (conditional)
//
// Time comes from `now`, never from Date.now(), so tests and the clock-offset hook can move it.
import type { ScheduledTask, ScheduledTaskSpec, ScheduledTaskStatus } from '../../api/v1alpha1/scheduled-task.ts';
import { canonicalJson } from '../../api/v1alpha1/canonical-json.ts';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import { resolveTaskDefinitionReference } from '../../api/v1alpha1/task-definition-reference.ts';
import type { TaskDefinition } from '../../api/v1alpha1/task-definition.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';
import { controllerRevisions, scheduledTasks, taskDefinitions, tasks } from '../../kube/resources.ts';
import type { V1ControllerRevision, V1ObjectMeta } from '../../kube/types.ts';
import type { ControllerRegistration } from '../controller-contract.ts';
import { isConflictError, isTerminalError } from '../../runtime/errors.ts';
import { objectKey, parseObjectKey } from '../../runtime/keys.ts';
import { ownerKeyOf } from '../../runtime/owners.ts';
import { done, requeueAfter } from '../../runtime/result.ts';
import { SUCCEEDED } from '../task/batch-outcome.ts';
import { taskFinalizer } from '../task/task-finalizer.ts';
import { RevisionStore } from '../task-definition/revision-store.ts';
import { taskDefinitionLabel } from '../task-definition/revision-names.ts';
import { recordLaunchFailure } from './launch-retry.ts';
import { planScheduledTask, type ScheduledTaskPlan, type TaskIntent } from './plan-scheduled-task.ts';
import type { ObservedRunTask } from './run-outcome.ts';
import { scheduledTaskLabel, scheduledTimeAnnotation } from './run-names.ts';
import { scheduledTaskMetrics } from './scheduled-task-metrics.ts';

/** The kinds with their full object metadata (the zod schemas type only name and namespace). */
type WithMeta<T extends { metadata: unknown }> = Omit<T, 'metadata'> & { metadata: V1ObjectMeta & { name: string } };

export interface ScheduledTaskControllerOptions {
  /** The controller's clock. */
  now: () => Date;
}

export function createScheduledTaskController(options: ScheduledTaskControllerOptions): ControllerRegistration {
  return {
    name: 'scheduled-task',
    kind: 'ScheduledTask',
    setup({ informers, kube, events, logger, registry }, enqueue) {
      const schedules = informers.informer<WithMeta<ScheduledTask>>(scheduledTasks);
      const taskCache = informers.informer<WithMeta<Task>>(tasks);
      const definitions = informers.informer<TaskDefinition>(taskDefinitions);
      const store = new RevisionStore(definitions, informers.informer<V1ControllerRevision>(controllerRevisions, { labelSelector: taskDefinitionLabel }));
      const metrics = scheduledTaskMetrics(registry);
      schedules.onChange((st) => enqueue(objectKey({ namespace: st.metadata.namespace, name: st.metadata.name })));
      taskCache.onChange((task) => {
        const owner = ownerKeyOf(task, { kind: 'ScheduledTask', apiVersion: API_VERSION });
        if (owner !== undefined) enqueue(owner);
      });
      // A task definition registered late lets a waiting launch retry at once.
      definitions.onChange((td) => {
        for (const st of schedules.list(td.metadata.namespace)) {
          if (st.status?.runs?.some((r) => r.state === 'Launching')) enqueue(objectKey({ namespace: st.metadata.namespace, name: st.metadata.name }));
        }
      });

      return async (key) => {
        const { namespace = '', name } = parseObjectKey(key);
        const st = schedules.get(name, namespace);
        if (st === undefined || st.metadata.deletionTimestamp !== undefined) return done;
        const uid = st.metadata.uid as string;
        const spec = st.spec as ScheduledTaskSpec;
        const plan = planScheduledTask({
          name,
          namespace,
          generation: st.metadata.generation,
          createdAt: new Date(st.metadata.creationTimestamp ?? options.now().toISOString()),
          spec,
          status: st.status as ScheduledTaskStatus | undefined,
          tasks: ownedTasks(taskCache.list(namespace), uid),
          resolveTaskDefinition: (reference) => resolveTaskDefinitionReference(reference, (family) => store.revisionsOf(namespace, family)),
          now: options.now(),
        });

        // The fire is recorded before its Tasks exist: a crash after this write launches the
        // same Tasks on the next reconcile; a conflict means another writer got there first.
        let resourceVersion = st.metadata.resourceVersion;
        if (plan.record !== undefined) {
          resourceVersion = await kube.patchStatus(scheduledTasks, { name, namespace }, statusPatch(st.status, plan.record), { resourceVersion });
          logger.info({ key, scheduledTime: plan.record.lastScheduleTime }, 'Recorded ScheduledTask fire');
        }

        // What the plan decided is reported now: a failing create below must not hide a fire
        // that is already recorded (the next reconcile does not fire it again).
        for (const e of plan.events) {
          if (e.type === 'Normal') await events.normal(st, e.reason, e.message);
          else await events.warning(st, e.reason, e.message);
        }
        metrics.record(plan.counts);

        const status = await createTasks(st, plan, uid);
        for (const taskName of plan.deleteTasks) await kube.delete(tasks, { name: taskName, namespace });
        if (canonicalJson(status) !== canonicalJson(plan.record ?? st.status)) {
          await kube.patchStatus(scheduledTasks, { name, namespace }, statusPatch(plan.record ?? st.status, status), { resourceVersion });
        }
        return plan.requeueAfterMs === undefined ? done : requeueAfter(plan.requeueAfterMs);
      };

      /** Creates the planned Tasks; a create the API server refuses is a failed launch attempt. */
      async function createTasks(st: Cached<WithMeta<ScheduledTask>>, plan: ScheduledTaskPlan, uid: string): Promise<ScheduledTaskStatus> {
        let status = plan.status;
        const failedRuns = new Set<string>();
        for (const intent of plan.create) {
          if (failedRuns.has(intent.scheduledTime)) continue;
          try {
            await kube.create<Task>(taskObject(st, intent, uid));
          } catch (error) {
            if (isConflictError(error) || !isTerminalError(error)) throw error;
            failedRuns.add(intent.scheduledTime);
            const failed = recordLaunchFailure(intent.run, (error as Error).message, plan.retryPolicy, options.now().getTime());
            status = { ...status, runs: (status.runs ?? []).map((r) => (r.scheduledTime === intent.scheduledTime ? failed : r)) };
            metrics.record({ fired: 0, missed: 0, launchFailures: 1 });
            await events.warning(st, 'LaunchFailed', `Run for ${intent.scheduledTime}: ${failed.message ?? ''}`);
          }
        }
        return status;
      }
    },
  };
}

/** The Task of one intent, owned by the ScheduledTask, with its labels and annotations. */
function taskObject(st: Cached<WithMeta<ScheduledTask>>, intent: TaskIntent, uid: string): Task & { metadata: Record<string, unknown> } {
  const name = st.metadata.name;
  const extra = st.spec.taskMetadata;
  const labelValue = name.length <= 63 ? { [scheduledTaskLabel]: name } : {};
  return {
    apiVersion: API_VERSION,
    kind: 'Task',
    metadata: {
      name: intent.name,
      namespace: st.metadata.namespace,
      labels: { ...(extra?.labels ?? {}), ...labelValue },
      annotations: { ...(extra?.annotations ?? {}), [scheduledTimeAnnotation]: intent.scheduledTime },
      ownerReferences: [{ apiVersion: API_VERSION, kind: 'ScheduledTask', name, uid, controller: true, blockOwnerDeletion: true }],
      // Born with the Task controller's finalizer: one write less than adding it afterwards.
      finalizers: [taskFinalizer],
    },
    spec: intent.spec,
  };
}

/** The Tasks whose controller is the ScheduledTask with this uid, as the plan sees them. */
function ownedTasks(list: ReadonlyArray<Cached<WithMeta<Task>>>, uid: string): Map<string, ObservedRunTask> {
  const owned = new Map<string, ObservedRunTask>();
  for (const task of list) {
    if (!task.metadata.ownerReferences?.some((o) => o.uid === uid && o.controller === true)) continue;
    const stopped = task.status?.lastStatus === 'STOPPED';
    const condition = task.status?.conditions?.find((c) => c.type === SUCCEEDED);
    const succeeded = !stopped || condition === undefined ? undefined : condition.status === 'True';
    owned.set(task.metadata.name, { name: task.metadata.name, stopped, succeeded, ...(condition === undefined ? {} : { message: condition.message }) });
  }
  return owned;
}

/** A merge patch from `before` to `after`: fields that are gone are sent as null. */
function statusPatch(before: Cached<ScheduledTaskStatus> | ScheduledTaskStatus | undefined, after: ScheduledTaskStatus): Record<string, unknown> {
  const patch: Record<string, unknown> = { ...after };
  for (const field of Object.keys(before ?? {})) if (!(field in after)) patch[field] = null;
  return patch;
}
