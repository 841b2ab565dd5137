// A Task custom resource as ECS's Task (DescribeTasks, RunTask, StopTask). Pure.
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import { parseTaskDefinitionReference } from '../../api/v1alpha1/task-definition-reference.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import { attributesOf } from '../../kube/container-instances.ts';
import type { V1Node } from '../../kube/types.ts';
import { clusterArn, containerArn, containerInstanceArn, taskArn, taskDefinitionArn } from '../arn.ts';
import type { EcsContainer, EcsTask } from '../shapes.ts';
import { dateOf } from './timestamps.ts';

export interface TaskContext {
  /** The revision the Task runs (with overrides applied), when known. */
  taskDefinition?: NormalizedTaskDefinition;
  /** The Node it is placed on, for availabilityZone. */
  node?: V1Node;
  /** The instance just chosen for it (RunTask's answer, before the operator commits it). */
  placedOn?: string;
}

export function taskClusterOf(task: Pick<Task, 'spec'>): string {
  return task.spec.cluster ?? DEFAULT_CLUSTER_NAME;
}

/** `family:revision` of the Task: pinned in status once resolved, else as its spec names it. */
export function taskFamilyRevision(task: Pick<Task, 'spec' | 'status'>): { family: string; revision?: number } {
  const ref = parseTaskDefinitionReference(task.status?.taskDefinition ?? task.spec.taskDefinition);
  return ref ?? { family: task.spec.taskDefinition };
}

export function toEcsTask(task: Task, context: TaskContext = {}): EcsTask {
  const namespace = task.metadata.namespace ?? 'default';
  const name = task.metadata.name;
  const cluster = taskClusterOf(task);
  const arn = taskArn(cluster, namespace, name);
  const status = task.status;
  const ref = taskFamilyRevision(task);
  const td = context.taskDefinition;
  const instance = status?.containerInstance ?? context.placedOn;
  const lastStatus = status?.lastStatus ?? 'PROVISIONING';
  const arch = context.node === undefined ? undefined : attributesOf(context.node.metadata?.labels ?? {})['ecs.cpu-architecture'];
  const result: EcsTask = {
    attachments: [],
    attributes: arch === undefined ? [] : [{ name: 'ecs.cpu-architecture', value: arch }],
    clusterArn: clusterArn(cluster),
    containers: containersOf(task, arn, cluster, namespace, td),
    desiredStatus: task.spec.desiredStatus ?? 'RUNNING',
    enableExecuteCommand: task.spec.enableExecuteCommand ?? false,
    group: status?.group ?? task.spec.group ?? `family:${ref.family}`,
    healthStatus: status?.healthStatus ?? 'UNKNOWN',
    lastStatus,
    launchType: task.spec.launchType ?? 'EC2',
    overrides: { containerOverrides: [], inferenceAcceleratorOverrides: [], ...task.spec.overrides },
    tags: (task.spec.tags ?? []).map((t) => ({ key: t.key, value: t.value })),
    taskArn: arn,
    taskDefinitionArn: ref.revision === undefined ? ref.family : taskDefinitionArn(namespace, ref.family, ref.revision),
    version: versionOf(lastStatus),
  };
  const zone = context.node?.metadata?.labels?.['topology.kubernetes.io/zone'];
  if (zone !== undefined) result.availabilityZone = zone;
  if (status?.capacityProviderName !== undefined) result.capacityProviderName = status.capacityProviderName;
  if (instance !== undefined) {
    result.containerInstanceArn = containerInstanceArn(cluster, instance);
    result.connectivity = 'CONNECTED';
    const connectivityAt = dateOf(status?.createdAt ?? (task.metadata.creationTimestamp as string | undefined));
    if (connectivityAt !== undefined) result.connectivityAt = connectivityAt;
  }
  const size = taskSize(td);
  if (size.cpu !== undefined) result.cpu = size.cpu;
  if (size.memory !== undefined) result.memory = size.memory;
  const createdAt = dateOf(status?.createdAt ?? (task.metadata.creationTimestamp as string | undefined));
  if (createdAt !== undefined) result.createdAt = createdAt;
  for (const field of ['pullStartedAt', 'pullStoppedAt', 'startedAt', 'stoppingAt', 'stoppedAt', 'executionStoppedAt'] as const) {
    const date = dateOf(status?.[field]);
    if (date !== undefined) result[field] = date;
  }
  if (task.spec.startedBy !== undefined) result.startedBy = task.spec.startedBy;
  if (status?.stopCode !== undefined) result.stopCode = status.stopCode;
  const stoppedReason = status?.stoppedReason ?? (lastStatus !== 'STOPPED' && task.spec.desiredStatus === 'STOPPED' ? task.spec.stoppedReason : undefined);
  if (stoppedReason !== undefined) result.stoppedReason = stoppedReason;
  return result;
}

/** ECS's task `version` counts state changes; ours counts the states reached. */
function versionOf(lastStatus: string): number {
  const order = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED'];
  return Math.max(1, order.indexOf(lastStatus) + 1);
}

/** Task-level cpu and memory as ECS shows them: the task's, else the containers' sum. */
function taskSize(td: NormalizedTaskDefinition | undefined): { cpu?: string; memory?: string } {
  if (td === undefined) return {};
  const cpu = td.cpu ?? String(td.containerDefinitions.reduce((sum, c) => sum + (c.cpu ?? 0), 0));
  const memorySum = td.containerDefinitions.reduce((sum, c) => sum + (c.memory ?? c.memoryReservation ?? 0), 0);
  const memory = td.memory ?? (memorySum > 0 ? String(memorySum) : undefined);
  return memory === undefined ? { cpu } : { cpu, memory };
}

function containersOf(task: Task, arn: string, cluster: string, namespace: string, td: NormalizedTaskDefinition | undefined): EcsContainer[] {
  const observed = new Map((task.status?.containers ?? []).map((c) => [c.name, c]));
  const names = td?.containerDefinitions.map((c) => c.name) ?? [...observed.keys()];
  return names.map((name) => {
    const definition = td?.containerDefinitions.find((c) => c.name === name);
    const seen = observed.get(name);
    const container: EcsContainer = {
      containerArn: containerArn(cluster, namespace, task.metadata.name, name),
      taskArn: arn,
      name,
      lastStatus: seen?.lastStatus ?? 'PENDING',
      networkBindings: (seen?.networkBindings ?? []).map((b) => ({ ...b })),
      networkInterfaces: [],
      healthStatus: seen?.healthStatus ?? 'UNKNOWN',
      cpu: String(definition?.cpu ?? 0),
    };
    const image = seen?.image ?? definition?.image;
    if (image !== undefined) container.image = image;
    if (seen?.imageDigest !== undefined) container.imageDigest = seen.imageDigest;
    if (seen?.exitCode !== undefined) container.exitCode = seen.exitCode;
    if (seen?.reason !== undefined) container.reason = seen.reason;
    if (definition?.memory !== undefined) container.memory = String(definition.memory);
    if (definition?.memoryReservation !== undefined) container.memoryReservation = String(definition.memoryReservation);
    return container;
  });
}
