/**
 * TaskDefinition: one ECS task definition family. `spec` is the RegisterTaskDefinition request
 * (ECS-SEMANTICS 1.2), so the `taskDefinition` object of `aws ecs describe-task-definition`
 * pastes in unchanged. Every change of the normalised spec registers a new revision.
 */
import { z } from 'zod';
import { MAX_CONTAINERS_PER_TASK_DEFINITION } from '../../domain/task-definition-rules.ts';
import { celIsUnitValue, celMessageWithName, celUnits, type CelRule } from './cel.ts';
import { conditions } from './conditions.ts';
import { containerDefinition } from './container-definition.ts';
import { ecsName, int, intOrString, tag, text, timestamp } from './meta.ts';
import { placementConstraint, MAX_PLACEMENT_CONSTRAINTS } from './placement.ts';
import { CPU_UNITS_PER_VCPU, MAX_TASK_CPU, MIB_PER_GB, MIN_TASK_CPU } from './task-size.ts';
import * as msg from './validation-messages.ts';
import { MAX_VOLUMES, volume } from './volume.ts';

export const MAX_CONTAINERS = MAX_CONTAINERS_PER_TASK_DEFINITION;
/**
 * The schema's own bound on containerDefinitions, above ECS's limit of 10: the API server
 * skips CEL rules once the OpenAPI schema fails, so a maxItems of 10 would answer 11
 * containers with its generic text instead of ECS's "Too many containers.". A bound is still
 * needed for CEL cost estimation.
 */
export const SCHEMA_MAX_CONTAINERS = 20;
export const MAX_DEREGISTERED_REVISIONS = 1000;
export const NETWORK_MODES = ['bridge', 'host', 'awsvpc', 'none', 'default'] as const;

const cpu = 'self.cpu';
const memory = 'self.memory';
const hasCpuUnits = `has(self.cpu) && ${celIsUnitValue(cpu, 'vcpu')}`;
const hasMemoryUnits = `has(self.memory) && ${celIsUnitValue(memory, 'gb')}`;
const cpuUnits = celUnits(cpu, 'vcpu', CPU_UNITS_PER_VCPU);
const memoryMiB = celUnits(memory, 'gb', MIB_PER_GB);
const isEssential = (c: string) => `(!has(${c}.essential) || ${c}.essential)`;
const containers = 'self.containerDefinitions';

/** Registration rules of ECS-SEMANTICS 1.9 that CEL can express, checked at admission. */
export const taskDefinitionRules: CelRule[] = [
  // V1, with ECS's text (see SCHEMA_MAX_CONTAINERS).
  { rule: `size(${containers}) <= ${MAX_CONTAINERS}`, message: msg.TOO_MANY_CONTAINERS },
  // V12.
  { rule: `${containers}.exists(c, ${isEssential('c')})`, message: msg.NO_ESSENTIAL_CONTAINER },
  // V7: the format only (ranges depend on the launch type; the controller checks them).
  { rule: `!has(self.cpu) || ${celIsUnitValue(cpu, 'vcpu')}`, message: msg.INVALID_TASK_CPU, fieldPath: '.cpu' },
  { rule: `!has(self.memory) || ${celIsUnitValue(memory, 'gb')}`, message: msg.INVALID_TASK_MEMORY, fieldPath: '.memory' },
  {
    rule: `!(${hasCpuUnits}) || (${cpuUnits} >= ${MIN_TASK_CPU} && ${cpuUnits} <= ${MAX_TASK_CPU})`,
    message: msg.INVALID_TASK_CPU,
    fieldPath: '.cpu',
  },
  // V4.
  {
    rule: `!(${hasCpuUnits}) || ${containers}.map(c, has(c.cpu) ? c.cpu : 0).sum() <= ${cpuUnits}`,
    message: msg.CPU_SUM_EXCEEDS_TASK,
  },
  // V5.
  {
    rule: `!(${hasMemoryUnits}) || ${containers}.map(c, has(c.memoryReservation) ? c.memoryReservation : 0).sum() <= ${memoryMiB}`,
    message: msg.MEMORY_RESERVATION_SUM_EXCEEDS_TASK,
  },
  // V6.
  {
    rule: `!(${hasMemoryUnits}) || ${containers}.all(c, !has(c.memory) || c.memory <= ${memoryMiB})`,
    messageExpression: celMessageWithName(
      msg.containerMemoryExceedsTask,
      `${containers}.filter(c, has(c.memory) && c.memory > ${memoryMiB})[0].name`,
    ),
  },
  // V2.
  {
    rule: `has(self.memory) || ${containers}.all(c, has(c.memory) || has(c.memoryReservation))`,
    messageExpression: celMessageWithName(
      msg.memoryNotSpecified,
      `${containers}.filter(c, !has(c.memory) && !has(c.memoryReservation))[0].name`,
    ),
  },
  // dependsOn must name containers of this task definition.
  {
    rule: `${containers}.all(c, !has(c.dependsOn) || c.dependsOn.all(d, ${containers}.exists(t, t.name == d.containerName)))`,
    messageExpression: celMessageWithName(
      msg.dependsOnUnknown,
      `${containers}.filter(c, has(c.dependsOn) && c.dependsOn.exists(d, !${containers}.exists(t, t.name == d.containerName)))[0].name`,
    ),
  },
  // V9.
  {
    rule: `${containers}.all(c, !has(c.dependsOn) || c.dependsOn.all(d, !(d.condition in ['COMPLETE', 'SUCCESS']) || !${containers}.exists(t, t.name == d.containerName && ${isEssential('t')})))`,
    messageExpression: celMessageWithName(
      msg.dependsOnEssential,
      `${containers}.filter(c, has(c.dependsOn) && c.dependsOn.exists(d, d.condition in ['COMPLETE', 'SUCCESS'] && ${containers}.exists(t, t.name == d.containerName && ${isEssential('t')})))[0].name`,
    ),
  },
  // V10.
  {
    rule: `!has(self.networkMode) || !(self.networkMode in ['host', 'awsvpc']) || ${containers}.all(c, !has(c.portMappings) || c.portMappings.all(p, !has(p.hostPort) || (has(p.containerPort) && p.hostPort == p.containerPort)))`,
    messageExpression: celMessageWithName(
      msg.hostPortMustEqualContainerPort,
      `${containers}.filter(c, has(c.portMappings) && c.portMappings.exists(p, has(p.hostPort) && !(has(p.containerPort) && p.hostPort == p.containerPort)))[0].name`,
    ),
  },
  // V11.
  {
    rule: `!has(self.networkMode) || self.networkMode != 'none' || ${containers}.all(c, !has(c.portMappings) || size(c.portMappings) == 0)`,
    messageExpression: celMessageWithName(
      msg.portMappingsWithNetworkModeNone,
      `${containers}.filter(c, has(c.portMappings) && size(c.portMappings) > 0)[0].name`,
    ),
  },
  // mountPoints must name task volumes.
  {
    rule: `${containers}.all(c, !has(c.mountPoints) || c.mountPoints.all(m, !has(m.sourceVolume) || (has(self.volumes) && self.volumes.exists(v, v.name == m.sourceVolume))))`,
    messageExpression: celMessageWithName(
      msg.mountPointUnknownVolume,
      `${containers}.filter(c, has(c.mountPoints) && c.mountPoints.exists(m, has(m.sourceVolume) && !(has(self.volumes) && self.volumes.exists(v, v.name == m.sourceVolume))))[0].name`,
    ),
  },
  // Deregistration is permanent in ECS: a revision number never leaves the list.
  {
    rule: '!has(oldSelf.deregisteredRevisions) || (has(self.deregisteredRevisions) && oldSelf.deregisteredRevisions.all(r, r in self.deregisteredRevisions))',
    message: msg.DEREGISTRATION_IS_PERMANENT,
    fieldPath: '.deregisteredRevisions',
  },
];

export const runtimePlatform = z
  .object({
    operatingSystemFamily: text(64).optional().describe('LINUX (default) or a WINDOWS_SERVER_* family.'),
    cpuArchitecture: z.enum(['X86_64', 'ARM64']).optional().describe('X86_64 (default) or ARM64.'),
  })
  .describe('Operating system and CPU architecture the task needs; placement matches ecs.os-type and ecs.cpu-architecture.');

export const taskDefinitionSpec = z
  .object({
    family: ecsName().optional().describe('Task definition family; defaults to metadata.name.'),
    containerDefinitions: z
      .array(containerDefinition)
      .min(1)
      .max(SCHEMA_MAX_CONTAINERS)
      .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] })
      .describe('The containers of the task (1..10, as ECS allows).'),
    taskRoleArn: text(2048).optional().describe('IAM role for the task (accepted, opaque to Stevedore).'),
    executionRoleArn: text(2048).optional().describe('IAM role for the agent (accepted, opaque to Stevedore).'),
    networkMode: z.enum(NETWORK_MODES).optional().describe('bridge (default on Linux), host, awsvpc or none.'),
    volumes: z.array(volume).max(MAX_VOLUMES).optional().describe('Volumes containers can mount.'),
    placementConstraints: z
      .array(placementConstraint)
      .max(MAX_PLACEMENT_CONSTRAINTS)
      .meta({
        'x-kubernetes-validations': [{ rule: "self.all(c, c.type != 'distinctInstance')", message: msg.DISTINCT_INSTANCE_NOT_SUPPORTED }],
      })
      .optional()
      .describe('memberOf constraints applied to every task of this definition (distinctInstance is not allowed here).'),
    requiresCompatibilities: z.array(z.enum(['EC2', 'FARGATE', 'EXTERNAL', 'MANAGED_INSTANCES'])).max(4).optional().describe('Launch types to validate against.'),
    cpu: intOrString(32).optional().describe('Task CPU units: an integer, "1024", or "1 vCPU" (converted to 1024 units).'),
    memory: intOrString(32).optional().describe('Task memory in MiB: an integer, "2048", or "2 GB" (converted to 2048 MiB).'),
    tags: z.array(tag).max(50).optional().describe('Tags (up to 50).'),
    pidMode: z.enum(['host', 'task']).optional().describe('PID namespace: host or task.'),
    ipcMode: z.enum(['host', 'task', 'none']).optional().describe('IPC namespace: host, task or none.'),
    proxyConfiguration: z
      .object({
        type: z.enum(['APPMESH']).optional().describe('APPMESH.'),
        containerName: text(255).describe('Proxy container.'),
        properties: z
          .array(z.object({ name: text(255).optional().describe('Name.'), value: text(4096).optional().describe('Value.') }))
          .max(32)
          .optional()
          .describe('Proxy properties.'),
      })
      .optional()
      .describe('App Mesh proxy configuration (accepted, not supported).'),
    inferenceAccelerators: z
      .array(z.object({ deviceName: text(255).describe('Device name.'), deviceType: text(255).describe('Device type.') }))
      .max(8)
      .optional()
      .describe('Elastic Inference accelerators (accepted, not supported).'),
    ephemeralStorage: z.object({ sizeInGiB: int(21, 200).describe('Size in GiB (21..200).') }).optional().describe('Fargate ephemeral storage.'),
    runtimePlatform: runtimePlatform.optional(),
    enableFaultInjection: z.boolean().optional().describe('Enable fault injection (accepted, not supported).'),

    // Kubernetes-only: the declarative DeregisterTaskDefinition.
    deregisteredRevisions: z
      .array(int(1, 1_000_000))
      .max(MAX_DEREGISTERED_REVISIONS)
      .meta({ 'x-kubernetes-list-type': 'set' })
      .optional()
      .describe(
        'Stevedore addition: revisions to deregister (set INACTIVE). Like DeregisterTaskDefinition, this is permanent: a number, once listed, cannot be removed.',
      ),

    // Output of describe-task-definition: accepted so it pastes in, and ignored.
    taskDefinitionArn: text(2048).optional().describe('AWS output, ignored.'),
    revision: z.int().optional().describe('AWS output, ignored: Stevedore numbers revisions itself (status.revision).'),
    status: text(64).optional().describe('AWS output, ignored: see status.revisions.'),
    requiresAttributes: z
      .array(
        z.object({
          name: text(1024).describe('Attribute name.'),
          value: text(1024).optional().describe('Attribute value.'),
          targetType: text(64).optional().describe('Target type.'),
          targetId: text(1024).optional().describe('Target id.'),
        }),
      )
      .max(256)
      .optional()
      .describe('AWS output, ignored.'),
    compatibilities: z.array(text(64)).max(8).optional().describe('AWS output, ignored.'),
    registeredAt: z.unknown().optional().describe('AWS output, ignored.'),
    registeredBy: text(2048).optional().describe('AWS output, ignored.'),
    deregisteredAt: z.unknown().optional().describe('AWS output, ignored.'),
    deleteRequestedAt: z.unknown().optional().describe('AWS output, ignored.'),
  })
  .meta({ 'x-kubernetes-validations': taskDefinitionRules })
  .describe('An ECS RegisterTaskDefinition request. Fields keep ECS names.');

export const revisionStatus = z.enum(['ACTIVE', 'INACTIVE']);

export const taskDefinitionRevision = z.object({
  revision: int(1, 1_000_000).describe('Revision number, 1 for the first registration.'),
  status: revisionStatus.describe('ACTIVE, or INACTIVE once deregistered.'),
  registeredAt: timestamp().optional().describe('When the revision was registered.'),
  deregisteredAt: timestamp().optional().describe('When the revision was deregistered.'),
  hash: text(128).describe('Content hash of the normalised spec of this revision.'),
});

export const taskDefinitionStatus = z.object({
  observedGeneration: z.int().min(0).optional().describe('The .metadata.generation last reconciled.'),
  family: text(255).optional().describe('The resolved family (spec.family or metadata.name).'),
  revision: z.int().min(0).optional().describe('Latest registered revision.'),
  revisions: z
    .array(taskDefinitionRevision)
    .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['revision'] })
    .optional()
    .describe('Every registered revision with its status.'),
  conditions: conditions.optional(),
});

export const taskDefinition = z.object({
  apiVersion: z.literal('ecs.stevedore.dev/v1alpha1'),
  kind: z.literal('TaskDefinition'),
  metadata: z.object({ name: z.string(), namespace: z.string().optional() }).loose(),
  spec: taskDefinitionSpec,
  status: taskDefinitionStatus.optional(),
});

export type TaskDefinitionSpec = z.infer<typeof taskDefinitionSpec>;
export type TaskDefinitionStatus = z.infer<typeof taskDefinitionStatus>;
export type TaskDefinitionRevision = z.infer<typeof taskDefinitionRevision>;
export type TaskDefinition = z.infer<typeof taskDefinition>;
export type NetworkMode = (typeof NETWORK_MODES)[number];
