/**
 * ECS registration rules (ECS-SEMANTICS 1.9) on a normalised task definition, for the
 * controller: the CRD's CEL rules refuse most of these at admission already, but the
 * controller must not trust that (CRDs installed late, rules CEL cannot express) and reports
 * what fails as Ready=False. Same message texts as the CEL rules.
 *
 * The rules ECS defines are the domain's (src/domain/task-definition-rules.ts), shared with
 * `stevedore simulate`; this adapter reads a normalised spec into them and reports every
 * broken rule, not only the first. The checks that follow from the CRD's shape (unique
 * container names, known volumes and dependsOn targets) and the V9..V12 wording shared with
 * the CEL rules are here.
 */
import {
  containerCpuAboveTask,
  containerMemoryAboveTask,
  distinctInstanceInTaskDefinition,
  memoryBelowReservation,
  memoryNotSpecified,
  memoryReservationAboveTask,
  taskCpuOutOfRange,
  tooManyContainers,
  type RegistrationSubject,
} from '../../domain/task-definition-rules.ts';
import type { NormalizedContainerDefinition, NormalizedTaskDefinition } from './normalize-task-definition.ts';
import * as msg from './validation-messages.ts';

export { MAX_CONTAINERS_PER_TASK_DEFINITION as MAX_CONTAINERS_PER_TASK } from '../../domain/task-definition-rules.ts';

/** Every registration rule `taskDefinition` breaks, as ECS messages; empty when it registers. */
export const checkTaskDefinition = (td: NormalizedTaskDefinition): string[] => {
  const containers = td.containerDefinitions;
  // Normalised sizes are strings of digits.
  const subject: RegistrationSubject<NormalizedContainerDefinition> = {
    containerDefinitions: containers,
    taskCpu: td.cpu === undefined ? undefined : Number(td.cpu),
    taskMemory: td.memory === undefined ? undefined : Number(td.memory),
    placementConstraints: td.placementConstraints,
  };
  const byName = new Map(containers.map((c) => [c.name, c]));
  const messages: (string | undefined)[] = [
    tooManyContainers(subject),
    byName.size !== containers.length ? msg.DUPLICATE_CONTAINER_NAMES : undefined,
    containers.some((c) => c.essential) ? undefined : msg.NO_ESSENTIAL_CONTAINER,
    taskCpuOutOfRange(subject),
    containerCpuAboveTask(subject),
    memoryReservationAboveTask(subject),
    distinctInstanceInTaskDefinition(subject),
  ];

  const volumes = new Set((td.volumes ?? []).map((v) => v.name));
  for (const c of containers) {
    messages.push(memoryBelowReservation(c, subject), containerMemoryAboveTask(c, subject), memoryNotSpecified(c, subject));
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
  return messages.filter((m) => m !== undefined);
};
