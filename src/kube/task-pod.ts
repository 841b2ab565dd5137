// A Task as a Pod (DESIGN.md "Task definition to Pod"): bound to the Node placement chose,
// owned by the Task, with a deterministic name so a repeated create is a conflict, not a copy.
import type { V1Container, V1ContainerPort, V1Pod, V1ResourceRequirements, V1Toleration } from '@kubernetes/client-node';
import type { NormalizedContainerDefinition, NormalizedTaskDefinition } from '../api/v1alpha1/normalize-task-definition.ts';
import type { Toleration } from '../api/v1alpha1/cluster.ts';
import { API_VERSION } from '../api/v1alpha1/meta.ts';

/** Labels and annotations that tie a Pod to its Task; group names may hold ':' so they are annotations. */
export const taskLabel = 'ecs.stevedore.dev/task';
export const clusterLabel = 'ecs.stevedore.dev/cluster';
export const familyLabel = 'ecs.stevedore.dev/family';
export const revisionLabel = 'ecs.stevedore.dev/revision';
export const serviceLabel = 'ecs.stevedore.dev/service';
export const groupAnnotation = 'ecs.stevedore.dev/group';
export const taskDefinitionAnnotation = 'ecs.stevedore.dev/task-definition';

/** Pods we bind ourselves name a scheduler that no scheduler serves, so none will touch them. */
export const schedulerName = 'stevedore';

/** ECS's default stop timeout (the agent's ECS_CONTAINER_STOP_TIMEOUT). */
export const defaultStopTimeoutSeconds = 30;

export interface TaskPodInput {
  task: { name: string; namespace: string; uid: string };
  /** The effective task definition: the revision with the Task's overrides applied. */
  taskDefinition: NormalizedTaskDefinition;
  revision: number;
  cluster: string;
  group: string;
  node: string;
  service?: string;
  tolerations?: readonly Toleration[];
}

export function buildTaskPod(input: TaskPodInput): V1Pod {
  const td = input.taskDefinition;
  const stopTimeouts = td.containerDefinitions.map((c) => c.stopTimeout ?? defaultStopTimeoutSeconds);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: input.task.name,
      namespace: input.task.namespace,
      labels: {
        [taskLabel]: input.task.name,
        [clusterLabel]: input.cluster,
        [familyLabel]: td.family,
        [revisionLabel]: String(input.revision),
        ...(input.service === undefined ? {} : { [serviceLabel]: input.service }),
      },
      annotations: { [groupAnnotation]: input.group, [taskDefinitionAnnotation]: `${td.family}:${input.revision}` },
      ownerReferences: [{ apiVersion: API_VERSION, kind: 'Task', name: input.task.name, uid: input.task.uid, controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      nodeName: input.node,
      schedulerName,
      // ECS replaces tasks; it never restarts them.
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: Math.max(...stopTimeouts),
      hostNetwork: td.networkMode === 'host' ? true : undefined,
      tolerations: input.tolerations?.map(toV1Toleration),
      resources: taskLevelResources(td),
      containers: td.containerDefinitions.map((c) => toContainer(c, td.networkMode)),
    },
  };
}

/** ECS CPU units to millicores: 1024 units are one vCPU. */
export function cpuUnitsToMillicores(units: number): string {
  return `${Math.ceil((units * 1000) / 1024)}m`;
}

function toContainer(c: NormalizedContainerDefinition, networkMode: string): V1Container {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (c.cpu !== undefined && c.cpu > 0) requests.cpu = cpuUnitsToMillicores(c.cpu);
  // memoryReservation is the soft limit ECS places by; memory is the hard limit.
  const reservation = c.memoryReservation ?? c.memory;
  if (reservation !== undefined) requests.memory = `${reservation}Mi`;
  if (c.memory !== undefined) limits.memory = `${c.memory}Mi`;
  return {
    name: c.name,
    image: c.image,
    command: c.entryPoint,
    args: c.command,
    workingDir: c.workingDirectory,
    env: c.environment?.map((e) => ({ name: e.name ?? '', value: e.value ?? '' })),
    ports: c.portMappings?.map((p) => toContainerPort(p, networkMode)),
    resources: Object.keys(requests).length + Object.keys(limits).length === 0 ? undefined : { requests, limits },
  };
}

function toContainerPort(p: NonNullable<NormalizedContainerDefinition['portMappings']>[number], networkMode: string): V1ContainerPort {
  const hostPort = networkMode === 'host' ? (p.hostPort ?? p.containerPort) : p.hostPort;
  return {
    containerPort: p.containerPort ?? 0,
    ...(hostPort !== undefined && hostPort > 0 ? { hostPort } : {}),
    protocol: p.protocol === 'udp' ? 'UDP' : 'TCP',
    ...(p.name === undefined ? {} : { name: p.name }),
  };
}

/** Task-level cpu and memory become Pod-level resources (Kubernetes 1.34+), the task's hard limit. */
function taskLevelResources(td: NormalizedTaskDefinition): V1ResourceRequirements | undefined {
  if (td.cpu === undefined && td.memory === undefined) return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (td.cpu !== undefined) requests.cpu = cpuUnitsToMillicores(Number(td.cpu));
  if (td.memory !== undefined) {
    requests.memory = `${td.memory}Mi`;
    limits.memory = `${td.memory}Mi`;
  }
  return { requests, limits };
}

function toV1Toleration(t: Toleration): V1Toleration {
  return { key: t.key, operator: t.operator, value: t.value, effect: t.effect, tolerationSeconds: t.tolerationSeconds };
}
