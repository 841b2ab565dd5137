// RunTask, StartTask, StopTask, DescribeTasks and ListTasks over Task custom resources.
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { TaskOverride } from '../../api/v1alpha1/task-override.ts';
import { applyTaskOverride } from '../../api/v1alpha1/apply-task-override.ts';
import { RevisionStore } from '../../controllers/task-definition/revision-store.ts';
import { listCache } from '../../kube/list-cache.ts';
import { tasks as taskResource } from '../../kube/resources.ts';
import { serviceLabel } from '../../kube/task-pod.ts';
import type { V1Node } from '../../kube/types.ts';
import { parseClusterIdentifier, parseContainerInstanceIdentifier, parseNamespacedIdentifier, taskArn } from '../arn.ts';
import { ClusterView } from '../cluster-view.ts';
import type { EcsContext } from '../context.ts';
import { EcsApiError, invalidParameter } from '../errors.ts';
import { missing } from '../mapping/failure.ts';
import { taskClusterOf, taskFamilyRevision, toEcsTask } from '../mapping/task.ts';
import { planRunTask, planStartTask, type TaskPlan } from '../plan-run-task.ts';
import type { DescribeTasksRequest, ListTasksRequest, RunTaskRequest, StartTaskRequest, StopTaskRequest } from '../requests.ts';
import type { EcsFailure, EcsTask } from '../shapes.ts';

export interface TasksResponse {
  tasks: EcsTask[];
  failures: EcsFailure[];
}

async function createPlanned(ctx: EcsContext, view: ClusterView, plan: TaskPlan): Promise<TasksResponse> {
  const created: EcsTask[] = [];
  for (const planned of plan.tasks) {
    const task = await ctx.kube.create(taskResource, planned.manifest);
    const node = planned.pinned ? view.node(planned.containerInstance) : undefined;
    created.push(toEcsTask(task, { taskDefinition: plan.effective, ...(node === undefined ? {} : { node }), ...(planned.pinned ? { placedOn: planned.containerInstance } : {}) }));
  }
  return { tasks: created, failures: plan.failures };
}

export async function runTask(ctx: EcsContext, request: RunTaskRequest): Promise<TasksResponse> {
  if (request.taskDefinition === undefined || request.taskDefinition === '') throw invalidParameter('taskDefinition can not be blank.');
  const view = new ClusterView(await ctx.kube.clusterObjects());
  return createPlanned(ctx, view, planRunTask(view, request, ctx.namespace, ctx.rng));
}

export async function startTask(ctx: EcsContext, request: StartTaskRequest): Promise<TasksResponse> {
  if (request.taskDefinition === undefined || request.taskDefinition === '') throw invalidParameter('taskDefinition can not be blank.');
  const view = new ClusterView(await ctx.kube.clusterObjects());
  return createPlanned(ctx, view, planStartTask(view, request, ctx.namespace));
}

/** What describing Tasks needs besides the Tasks: their revisions' content and their Nodes. */
export interface TaskDescriber {
  describe(task: Task): EcsTask;
}

export async function taskDescriber(ctx: EcsContext, namespaces: readonly string[]): Promise<TaskDescriber> {
  const all = namespaces.length !== 1;
  const [definitions, revisions, nodes] = await Promise.all([
    ctx.kube.taskDefinitions(all ? undefined : namespaces[0]),
    ctx.kube.revisions(all ? undefined : namespaces[0]),
    ctx.kube.nodes().catch(() => [] as V1Node[]),
  ]);
  const store = new RevisionStore(listCache(definitions), listCache(revisions));
  const byName = new Map(nodes.map((n) => [n.metadata?.name ?? '', n]));
  return {
    describe(task) {
      const ref = taskFamilyRevision(task);
      const content = ref.revision === undefined ? undefined : store.content(task.metadata.namespace ?? ctx.namespace, ref.family, ref.revision);
      const effective = content === undefined ? undefined : applyTaskOverride(content, task.spec.overrides as TaskOverride | undefined);
      const taskDefinition: NormalizedTaskDefinition | undefined = effective?.ok === true ? effective.taskDefinition : content;
      const node = task.status?.containerInstance === undefined ? undefined : byName.get(task.status.containerInstance);
      return toEcsTask(task, { ...(taskDefinition === undefined ? {} : { taskDefinition }), ...(node === undefined ? {} : { node }) });
    },
  };
}

function clusterName(identifier: string | undefined): string {
  return identifier === undefined ? DEFAULT_CLUSTER_NAME : parseClusterIdentifier(identifier);
}

export async function stopTask(ctx: EcsContext, request: StopTaskRequest): Promise<{ task: EcsTask }> {
  const cluster = clusterName(request.cluster);
  const ref = parseNamespacedIdentifier(request.task, 'task', ctx.namespace);
  if (request.reason !== undefined && request.reason.length > 255) throw invalidParameter('reason must be at most 255 characters.');
  const existing = await ctx.kube.get<Task>(taskResource, ref.name, ref.namespace);
  if (existing === undefined || taskClusterOf(existing) !== (ref.cluster ?? cluster)) throw invalidParameter('The referenced task was not found.');
  // StopTask on a stopped task answers with it as it is; the reason of the first stop stays.
  const task =
    existing.spec.desiredStatus === 'STOPPED'
      ? existing
      : await ctx.kube.patch<Task>(taskResource, ref.name, ref.namespace, { spec: { desiredStatus: 'STOPPED', stoppedReason: request.reason ?? 'Task stopped by user' } });
  return { task: (await taskDescriber(ctx, [ref.namespace])).describe(task) };
}

export async function describeTasks(ctx: EcsContext, request: DescribeTasksRequest): Promise<TasksResponse> {
  if (request.tasks.length === 0) throw invalidParameter('Tasks cannot be empty.');
  if (request.tasks.length > 100) throw invalidParameter('Tasks cannot contain more than 100 elements.');
  const cluster = clusterName(request.cluster);
  const refs = request.tasks.map((id) => ({ id, ref: parseNamespacedIdentifier(id, 'task', ctx.namespace) }));
  const found = await Promise.all(refs.map(({ ref }) => ctx.kube.get<Task>(taskResource, ref.name, ref.namespace)));
  const describer = await taskDescriber(ctx, [...new Set(refs.map((r) => r.ref.namespace))]);
  const result: TasksResponse = { tasks: [], failures: [] };
  refs.forEach(({ id, ref }, i) => {
    const task = found[i];
    if (task === undefined || taskClusterOf(task) !== (ref.cluster ?? cluster)) result.failures.push(missing(id.startsWith('arn:') ? id : taskArn(ref.cluster ?? cluster, ref.namespace, ref.name)));
    else result.tasks.push(describer.describe(task));
  });
  return result;
}

/** ListTasks' filters, over Tasks of one Cluster (pure). */
export function filterTasks(tasks: readonly Task[], cluster: string, request: ListTasksRequest): Task[] {
  if (request.serviceName !== undefined && request.family !== undefined) throw invalidParameter('Cannot specify both family and serviceName.');
  const desired = request.desiredStatus ?? 'RUNNING';
  const node = request.containerInstance === undefined ? undefined : parseContainerInstanceIdentifier(request.containerInstance).node;
  return tasks.filter((t) => {
    if (taskClusterOf(t) !== cluster) return false;
    // ECS: PENDING lists tasks whose desired status is RUNNING and that have not started.
    if (desired === 'PENDING') {
      if (t.spec.desiredStatus === 'STOPPED' || t.status?.lastStatus === 'RUNNING' || t.status?.lastStatus === 'STOPPED') return false;
    } else if ((t.spec.desiredStatus ?? 'RUNNING') !== desired) return false;
    if (node !== undefined && t.status?.containerInstance !== node) return false;
    if (request.family !== undefined && taskFamilyRevision(t).family !== request.family) return false;
    if (request.startedBy !== undefined && t.spec.startedBy !== request.startedBy) return false;
    if (request.launchType !== undefined && (t.spec.launchType ?? 'EC2') !== request.launchType) return false;
    if (request.serviceName !== undefined) {
      const service = (t.metadata.labels as Record<string, string> | undefined)?.[serviceLabel];
      if (service !== request.serviceName && (t.status?.group ?? t.spec.group) !== `service:${request.serviceName}`) return false;
    }
    return true;
  });
}

export async function listTasks(ctx: EcsContext, request: ListTasksRequest): Promise<{ taskArns: string[] }> {
  const cluster = clusterName(request.cluster);
  const all = await ctx.kube.tasks(ctx.allNamespaces ? undefined : ctx.namespace);
  const taskArns = filterTasks(all, cluster, request).map((t) => taskArn(cluster, t.metadata.namespace ?? ctx.namespace, t.metadata.name));
  return { taskArns: taskArns.sort() };
}

export { EcsApiError };
