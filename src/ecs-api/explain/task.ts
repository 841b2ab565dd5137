// Why a task waits, in ECS's vocabulary: the placement engine run again on the cluster as it
// is now, for this task, with every instance's first failed check and its numbers; the closest
// matching instance; Nodes that are no container instance at all; and what the operator last
// recorded (status.placementFailures, conditions). A placed task is explained by its state.
import { applyTaskOverride } from '../../api/v1alpha1/apply-task-override.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { TaskOverride } from '../../api/v1alpha1/task-override.ts';
import { requirementOf } from '../../controllers/task/task-requirements.ts';
import type { PlacementConstraint, PlacementStrategy } from '../../domain/task-definition.ts';
import type { TaskRequirement } from '../../domain/task-requirement.ts';
import { tasks as taskResource } from '../../kube/resources.ts';
import { runTask, seededRng } from '../../placement/index.ts';
import { containerInstanceArn, parseClusterIdentifier, parseNamespacedIdentifier, taskArn } from '../arn.ts';
import { ClusterView } from '../cluster-view.ts';
import type { EcsContext } from '../context.ts';
import { invalidParameter } from '../errors.ts';
import { taskClusterOf } from '../mapping/task.ts';
import { resolveRevision } from '../resolve-task-definition.ts';
import { describeNumbers, numbersOf, type InstanceNumbers } from './instance-numbers.ts';

export interface InstanceVerdict {
  containerInstanceArn: string;
  instance: string;
  /** ECS's reason for the first check it failed; absent when it would take the task now. */
  reason?: string;
  detail: string;
  numbers: InstanceNumbers;
}

export interface TaskExplanation {
  text: string;
  details: {
    taskArn: string;
    lastStatus: string;
    desiredStatus: string;
    placed: boolean;
    containerInstanceArn?: string;
    requirement?: { cpu: number; memory: number; tcpPorts: readonly number[]; udpPorts: readonly number[] };
    closest?: { containerInstanceArn: string; reason: string; detail: string };
    instances: InstanceVerdict[];
    notContainerInstances: { node: string; reason: string; message: string }[];
    recorded: { placementFailures: unknown[]; conditions: unknown[] };
  };
}

/** The explanation of one Task on one view (pure). */
export function explainTaskOn(view: ClusterView, task: Task, namespace: string): TaskExplanation {
  const cluster = taskClusterOf(task);
  const arn = taskArn(cluster, task.metadata.namespace ?? namespace, task.metadata.name);
  const status = task.status;
  const lastStatus = status?.lastStatus ?? 'PROVISIONING';
  const desiredStatus = task.spec.desiredStatus ?? 'RUNNING';
  const recorded = { placementFailures: [...(status?.placementFailures ?? [])], conditions: [...(status?.conditions ?? [])] };
  const base = { taskArn: arn, lastStatus, desiredStatus, instances: [] as InstanceVerdict[], notContainerInstances: [] as TaskExplanation['details']['notContainerInstances'], recorded };
  const lines: string[] = [`Task ${arn}`, `  lastStatus ${lastStatus}, desiredStatus ${desiredStatus}`];
  const falseConditions = (status?.conditions ?? []).filter((c) => c.status === 'False');

  if (status?.containerInstance !== undefined || lastStatus === 'STOPPED') {
    const instance = status?.containerInstance;
    if (instance !== undefined) lines.push(`  placed on container instance ${instance} (${containerInstanceArn(cluster, instance)})`);
    if (lastStatus === 'STOPPED') lines.push(`  stopped: ${status?.stopCode ?? ''} ${status?.stoppedReason ?? ''}`.trimEnd());
    else if (lastStatus === 'RUNNING') lines.push('  it is not waiting: it runs.');
    else for (const c of falseConditions) lines.push(`  ${c.type}: ${c.reason} - ${c.message}`);
    const placed = { ...base, placed: instance !== undefined, ...(instance === undefined ? {} : { containerInstanceArn: containerInstanceArn(cluster, instance) }) };
    return { text: `${lines.join('\n')}\n`, details: placed };
  }

  // Not placed: replay placement for this task as the Task controller would.
  let resolved;
  try {
    resolved = resolveRevision(view.revisions, status?.taskDefinition ?? task.spec.taskDefinition, task.metadata.namespace ?? namespace, { forNewTasks: true });
  } catch (err) {
    lines.push(`  it cannot be placed: ${(err as Error).message}`);
    for (const c of falseConditions) lines.push(`  ${c.type}: ${c.reason} - ${c.message}`);
    return { text: `${lines.join('\n')}\n`, details: { ...base, placed: false } };
  }
  const effective = applyTaskOverride(resolved.content, task.spec.overrides as TaskOverride | undefined);
  if (!effective.ok) {
    lines.push(`  its overrides are invalid: ${effective.messages.join(' ')}`);
    return { text: `${lines.join('\n')}\n`, details: { ...base, placed: false } };
  }
  if (view.cluster(cluster) === undefined) {
    lines.push(`  its Cluster "${cluster}" does not exist.`);
    return { text: `${lines.join('\n')}\n`, details: { ...base, placed: false } };
  }
  const requirement: TaskRequirement = requirementOf(effective.taskDefinition);
  const group = status?.group ?? task.spec.group ?? `family:${resolved.family}`;
  const constraints = [...(effective.taskDefinition.placementConstraints ?? []), ...(task.spec.placementConstraints ?? [])] as PlacementConstraint[];
  const { instances, ineligible, conflicting } = view.eligibleInstancesOf(cluster);
  // The task itself holds nothing while unplaced; every other placed task counts.
  const snapshot = view.snapshotOf(instances);
  lines.push(`  needs ${requirement.cpu} CPU units, ${requirement.memory} MiB memory${requirement.tcpPorts.length > 0 ? `, host ports tcp ${requirement.tcpPorts.join(', ')}` : ''}${requirement.udpPorts.length > 0 ? `, udp ${requirement.udpPorts.join(', ')}` : ''}${requirement.gpu > 0 ? `, ${requirement.gpu} GPU` : ''}; group ${group}`);
  if (constraints.length > 0) lines.push(`  constraints: ${constraints.map((c) => (c.type === 'memberOf' ? `memberOf(${c.expression})` : c.type)).join(', ')}`);

  const notContainerInstances = [...ineligible.map((i) => ({ node: i.node, reason: i.reason, message: i.message })), ...conflicting.map((node) => ({ node, reason: 'ClusterConflict', message: 'Node is selected by another Cluster too: used by neither' }))];
  const outcome =
    instances.length === 0
      ? undefined
      : runTask(
          {
            kind: task.spec.startedBy?.startsWith('ecs-svc/') === true ? 'service' : 'runTask',
            group,
            count: 1,
            requirement,
            placementConstraints: constraints,
            placementStrategy: task.spec.placementStrategy as PlacementStrategy[] | undefined,
            capacityProviderStrategy: (task.spec.capacityProviderStrategy ?? view.cluster(cluster)?.spec.defaultCapacityProviderStrategy) as never,
          },
          snapshot,
          seededRng(0),
        );
  const reasons = new Map<string, { reason: string; detail?: string }>();
  if (outcome !== undefined && !('error' in outcome)) for (const f of outcome.failures) reasons.set(f.arn, { reason: f.reason, ...(f.detail === undefined ? {} : { detail: f.detail }) });
  const verdicts: InstanceVerdict[] = instances.map((instance) => {
    const state = snapshot.instance(instance.id)!;
    const numbers = numbersOf(state, requirement, constraints, group);
    const failure = reasons.get(instance.id);
    const detail = failure === undefined ? `fits now (CPU ${numbers.cpu.remaining} and memory ${numbers.memory.remaining} MiB remaining)` : describeNumbers(failure.reason, numbers, state, group, requirement);
    return { containerInstanceArn: containerInstanceArn(cluster, instance.id), instance: instance.id, ...(failure === undefined ? {} : { reason: failure.reason }), detail, numbers };
  });
  const order = new Map([...reasons.keys()].map((id, i) => [id, i]));
  verdicts.sort((a, b) => (order.get(a.instance) ?? -1) - (order.get(b.instance) ?? -1));

  const closestFailure = outcome !== undefined && !('error' in outcome) ? outcome.failures[0] : undefined;
  const fits = outcome !== undefined && !('error' in outcome) && outcome.placements.length > 0;
  if (instances.length === 0) lines.push(`  no container instance in Cluster "${cluster}" can take tasks.`);
  else if (fits) lines.push(`  it would fit now on ${outcome.placements[0]!.containerInstanceId}: the operator places it on its next attempt (capacity changes wake it).`);
  else if (closestFailure !== undefined) {
    lines.push(`  closest matching container instance: ${closestFailure.arn} (${closestFailure.reason})`);
    if (closestFailure.detail !== undefined) lines.push(`  ${closestFailure.detail}`);
  }
  if (verdicts.length > 0) {
    const width = Math.max(8, ...verdicts.map((v) => v.instance.length));
    const reasonWidth = Math.max(18, ...verdicts.map((v) => (v.reason ?? '-').length));
    lines.push('', `  ${'INSTANCE'.padEnd(width)}  ${'FIRST FAILED CHECK'.padEnd(reasonWidth)}  NUMBERS`);
    for (const v of verdicts) lines.push(`  ${v.instance.padEnd(width)}  ${(v.reason ?? '-').padEnd(reasonWidth)}  ${v.detail}`);
  }
  if (notContainerInstances.length > 0) {
    lines.push('', '  Nodes of the Cluster that take no tasks:');
    for (const n of notContainerInstances) lines.push(`    ${n.node}: ${n.message}`);
  }
  const recordedFailure = status?.placementFailures?.[0];
  if (recordedFailure !== undefined) lines.push('', `  the operator last reported: ${recordedFailure.detail ?? recordedFailure.reason}`);
  const closest = closestFailure === undefined ? undefined : { containerInstanceArn: containerInstanceArn(cluster, closestFailure.arn), reason: closestFailure.reason, detail: closestFailure.detail ?? '' };
  return {
    text: `${lines.join('\n')}\n`,
    details: {
      ...base,
      placed: false,
      requirement: { cpu: requirement.cpu, memory: requirement.memory, tcpPorts: requirement.tcpPorts, udpPorts: requirement.udpPorts },
      ...(closest === undefined ? {} : { closest }),
      instances: verdicts,
      notContainerInstances,
    },
  };
}

export async function explainTask(ctx: EcsContext, request: { task: string; cluster?: string }): Promise<TaskExplanation> {
  const ref = parseNamespacedIdentifier(request.task, 'task', ctx.namespace);
  const task = await ctx.kube.get<Task>(taskResource, ref.name, ref.namespace);
  const cluster = ref.cluster ?? (request.cluster === undefined ? undefined : parseClusterIdentifier(request.cluster));
  if (task === undefined || (cluster !== undefined && taskClusterOf(task) !== cluster)) throw invalidParameter('The referenced task was not found.');
  return explainTaskOn(new ClusterView(await ctx.kube.clusterObjects()), task, ref.namespace);
}
