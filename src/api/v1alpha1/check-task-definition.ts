/**
 * ECS registration rules (ECS-SEMANTICS 1.9) on a normalised task definition, for the
 * controller: the CRD's CEL rules refuse most of these at admission already, but the
 * controller must not trust that (CRDs installed late, rules CEL cannot express) and reports
 * what fails as Ready=False. Same message texts as the CEL rules.
 */
import type { NormalizedTaskDefinition } from './normalize-task-definition.ts';
import { MAX_TASK_CPU, MIN_TASK_CPU } from './task-size.ts';
import * as msg from './validation-messages.ts';

export const MAX_CONTAINERS_PER_TASK = 10;

/** Every registration rule `taskDefinition` breaks, as ECS messages; empty when it registers. */
export const checkTaskDefinition = (td: NormalizedTaskDefinition): string[] => {
  const messages: string[] = [];
  const containers = td.containerDefinitions;
  const byName = new Map(containers.map((c) => [c.name, c]));
  const taskCpu = td.cpu === undefined ? undefined : Number(td.cpu);
  const taskMemory = td.memory === undefined ? undefined : Number(td.memory);

  if (containers.length > MAX_CONTAINERS_PER_TASK) messages.push(msg.TOO_MANY_CONTAINERS);
  if (byName.size !== containers.length) messages.push(msg.DUPLICATE_CONTAINER_NAMES);
  if (!containers.some((c) => c.essential)) messages.push(msg.NO_ESSENTIAL_CONTAINER);
  if (taskCpu !== undefined && (taskCpu < MIN_TASK_CPU || taskCpu > MAX_TASK_CPU)) messages.push(msg.INVALID_TASK_CPU);
  if (taskCpu !== undefined && sum(containers.map((c) => c.cpu ?? 0)) > taskCpu) messages.push(msg.CPU_SUM_EXCEEDS_TASK);
  if (taskMemory !== undefined && sum(containers.map((c) => c.memoryReservation ?? 0)) > taskMemory) {
    messages.push(msg.MEMORY_RESERVATION_SUM_EXCEEDS_TASK);
  }
  if ((td.placementConstraints ?? []).some((p) => p.type === 'distinctInstance')) messages.push(msg.DISTINCT_INSTANCE_NOT_SUPPORTED);

  const volumes = new Set((td.volumes ?? []).map((v) => v.name));
  for (const c of containers) {
    if (c.memory !== undefined && c.memoryReservation !== undefined && c.memory < c.memoryReservation) {
      messages.push(msg.memoryBelowReservation(c.name));
    }
    if (taskMemory !== undefined && c.memory !== undefined && c.memory > taskMemory) messages.push(msg.containerMemoryExceedsTask(c.name));
    if (taskMemory === undefined && c.memory === undefined && c.memoryReservation === undefined) messages.push(msg.memoryNotSpecified(c.name));
    for (const d of c.dependsOn ?? []) {
      const target = byName.get(d.containerName);
      if (target === undefined) messages.push(msg.dependsOnUnknown(c.name));
      else if ((d.condition === 'COMPLETE' || d.condition === 'SUCCESS') && target.essential) messages.push(msg.dependsOnEssential(c.name));
    }
    const ports = c.portMappings ?? [];
    if (td.networkMode === 'none' && ports.length > 0) messages.push(msg.portMappingsWithNetworkModeNone(c.name));
    if ((td.networkMode === 'host' || td.networkMode === 'awsvpc') && ports.some((p) => p.hostPort !== undefined && p.hostPort !== p.containerPort)) {
      messages.push(msg.hostPortMustEqualContainerPort(c.name));
    }
    if ((c.mountPoints ?? []).some((m) => m.sourceVolume !== undefined && !volumes.has(m.sourceVolume))) messages.push(msg.mountPointUnknownVolume(c.name));
  }
  return messages;
};

const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);
