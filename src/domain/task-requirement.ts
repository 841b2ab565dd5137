// What one task needs from a container instance (ECS-SEMANTICS 2.3, 1.10, 4.3). Implemented
// once; the engine, the simulator and the operator all call it.
import type { ContainerDefinition, TaskDefinition, TaskOverride } from './task-definition.ts';
import { parseTaskCpu, parseTaskMemory } from './task-size.ts';

export interface TaskRequirement {
  /** CPU units reserved on the instance. */
  cpu: number;
  /** MiB reserved on the instance. */
  memory: number;
  /** Static TCP host ports (dynamic ports are never reserved, 2.4). Sorted, unique. */
  tcpPorts: readonly number[];
  /** Static UDP host ports. Sorted, unique. */
  udpPorts: readonly number[];
  /** GPUs: Σ container resourceRequirements of type GPU. */
  gpu: number;
  /** ENI attachments: 1 for awsvpc, else 0 (2.5). */
  eni: number;
  /** Attributes the instance must carry with exactly these values (capabilities, platform). */
  requiredAttributes: Readonly<Record<string, string>>;
}

/**
 * Computes the reservation of one task after overrides.
 *
 * Worked example (the `worker` definition of ECS-SEMANTICS 9): one container with cpu 512,
 * memoryReservation 256, memory 1024 and no task-level sizes ⇒ cpu 512, memory 256: the
 * soft limit is what is subtracted, not the hard limit (G09). With task `memory: "2 GB"` the
 * reservation would be 2048 whatever the containers say.
 */
export function computeTaskRequirement(definition: TaskDefinition, overrides?: TaskOverride): TaskRequirement {
  const containers = definition.containerDefinitions.map((c) => applyContainerOverride(c, overrides));
  const taskCpu = parseTaskCpu(overrides?.cpu ?? definition.cpu);
  const taskMemory = parseTaskMemory(overrides?.memory ?? definition.memory);
  const cpu = taskCpu !== undefined && taskCpu > 0 ? taskCpu : sum(containers, (c) => c.cpu ?? 0);
  const memory =
    taskMemory !== undefined && taskMemory > 0 ? taskMemory : sum(containers, (c) => c.memoryReservation ?? c.memory ?? 0);
  const { tcp, udp } = staticHostPorts(definition, containers);
  const gpu = sum(containers, (c) => gpuCount(c));
  const eni = definition.networkMode === 'awsvpc' ? 1 : 0;
  return { cpu, memory, tcpPorts: tcp, udpPorts: udp, gpu, eni, requiredAttributes: requiredAttributesOf(definition) };
}

/** A task with no needs at all: handy default for tasks whose definition is unknown. */
export const NO_REQUIREMENT: TaskRequirement = Object.freeze({
  cpu: 0,
  memory: 0,
  tcpPorts: [],
  udpPorts: [],
  gpu: 0,
  eni: 0,
  requiredAttributes: {},
});

function applyContainerOverride(container: ContainerDefinition, overrides: TaskOverride | undefined): ContainerDefinition {
  const override = overrides?.containerOverrides?.find((o) => o.name !== undefined && o.name === container.name);
  if (override === undefined) return container;
  return {
    ...container,
    ...(override.cpu !== undefined ? { cpu: override.cpu } : {}),
    ...(override.memory !== undefined ? { memory: override.memory } : {}),
    ...(override.memoryReservation !== undefined ? { memoryReservation: override.memoryReservation } : {}),
    ...(override.resourceRequirements !== undefined ? { resourceRequirements: override.resourceRequirements } : {}),
  };
}

/**
 * Static host ports by protocol. bridge: a hostPort > 0 is static, 0 or absent is dynamic.
 * host: hostPort defaults to containerPort. awsvpc: each task has its own ENI, so nothing is
 * reserved on the instance. none: no mappings.
 */
function staticHostPorts(definition: TaskDefinition, containers: ContainerDefinition[]): { tcp: number[]; udp: number[] } {
  const mode = definition.networkMode ?? 'bridge';
  const tcp = new Set<number>();
  const udp = new Set<number>();
  if (mode !== 'bridge' && mode !== 'host' && mode !== 'default') return { tcp: [], udp: [] };
  for (const container of containers) {
    for (const mapping of container.portMappings ?? []) {
      const hostPort = mode === 'host' ? (mapping.hostPort ?? mapping.containerPort ?? 0) : (mapping.hostPort ?? 0);
      if (hostPort <= 0) continue;
      (mapping.protocol === 'udp' ? udp : tcp).add(hostPort);
    }
  }
  return { tcp: [...tcp].sort((a, b) => a - b), udp: [...udp].sort((a, b) => a - b) };
}

/** Platform attributes a definition asks for explicitly (runtimePlatform); see README choices. */
function requiredAttributesOf(definition: TaskDefinition): Record<string, string> {
  const required: Record<string, string> = {};
  const architecture = definition.runtimePlatform?.cpuArchitecture;
  if (architecture !== undefined) required['ecs.cpu-architecture'] = architecture.toLowerCase();
  const osFamily = definition.runtimePlatform?.operatingSystemFamily;
  if (osFamily !== undefined && osFamily !== 'LINUX') required['ecs.os-family'] = osFamily;
  return required;
}

/** `resourceRequirements: [{ type: 'GPU', value: '2' }]` (overrides may replace the list). */
function gpuCount(container: ContainerDefinition): number {
  const requirements = container.resourceRequirements;
  if (!Array.isArray(requirements)) return 0;
  let count = 0;
  for (const r of requirements as { type?: unknown; value?: unknown }[]) {
    if (r.type === 'GPU') count += Number(r.value) || 0;
  }
  return count;
}

function sum<T>(items: readonly T[], of: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += of(item);
  return total;
}
