/**
 * Task: one ECS task. `spec` is the RunTask request plus `desiredStatus`; setting it to STOPPED
 * is StopTask. The controller writes `status` (the ecs-agent split: desired vs last status).
 */
import { z } from 'zod';
import type { CelRule } from './cel.ts';
import { capacityProviderStrategy } from './capacity-provider.ts';
import { conditions } from './conditions.ts';
import { int, tag, text, timestamp } from './meta.ts';
import { networkConfiguration } from './network-configuration.ts';
import { placementConstraints, placementStrategies } from './placement.ts';
import { taskOverride } from './task-override.ts';
import * as msg from './validation-messages.ts';

export const desiredStatus = z.enum(['RUNNING', 'STOPPED']);
export const lastStatus = z.enum(['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING', 'DEACTIVATING', 'STOPPING', 'DEPROVISIONING', 'STOPPED']);
export const healthStatus = z.enum(['HEALTHY', 'UNHEALTHY', 'UNKNOWN']);
export const stopCode = z.enum([
  'TaskFailedToStart',
  'EssentialContainerExited',
  'UserInitiated',
  'ServiceSchedulerInitiated',
  'SpotInterruption',
  'TerminationNotice',
]);

/** Fields fixed once the task is run: RunTask has no update. */
const IMMUTABLE_FIELDS = [
  'cluster',
  'taskDefinition',
  'overrides',
  'group',
  'startedBy',
  'placementConstraints',
  'placementStrategy',
  'capacityProviderStrategy',
  'launchType',
  'networkConfiguration',
  'containerInstances',
] as const;

const unchanged = (f: string) => `(has(self.${f}) == has(oldSelf.${f}) && (!has(self.${f}) || self.${f} == oldSelf.${f}))`;

/** Task rules: immutability of the RunTask request, and StopTask is final. */
export const taskRules: CelRule[] = [
  { rule: IMMUTABLE_FIELDS.map(unchanged).join(' && '), message: msg.TASK_SPEC_IMMUTABLE },
  { rule: "oldSelf.desiredStatus != 'STOPPED' || self.desiredStatus == 'STOPPED'", message: msg.STOPPED_TASK_CANNOT_RUN, fieldPath: '.desiredStatus' },
];

const startTask = 'has(self.containerInstances)';

/** StartTask (ECS-SEMANTICS 4.1): the caller chose the instance, so there is nothing to place by. */
export const startTaskRules: CelRule[] = [
  { rule: `!${startTask} || (!has(self.placementConstraints) && !has(self.placementStrategy))`, message: msg.START_TASK_NO_PLACEMENT, fieldPath: '.containerInstances' },
  { rule: `!${startTask} || !has(self.capacityProviderStrategy)`, message: msg.START_TASK_NO_CAPACITY_PROVIDER_STRATEGY, fieldPath: '.containerInstances' },
];

export const taskSpec = z
  .object({
    cluster: text(255).optional().describe('Cluster name; absent means the Cluster named "default".'),
    taskDefinition: text(1024).min(1).describe('"family" (latest ACTIVE revision), "family:revision", or a task definition ARN; in this namespace.'),
    overrides: taskOverride.optional(),
    group: text(255).optional().describe('Task group, used by spread and distinctInstance; default "family:<family>".'),
    startedBy: text(128).regex(/^[A-Za-z0-9_/-]*$/).optional().describe('Who started the task (services set their deployment id).'),
    placementConstraints: placementConstraints.optional(),
    placementStrategy: placementStrategies.optional(),
    capacityProviderStrategy: capacityProviderStrategy.optional(),
    containerInstances: z
      .array(text(253).min(1))
      .min(1)
      .max(1)
      .optional()
      .describe(
        'StartTask: run on this container instance (Node) instead of placing the task. Only its existence, status, agent and resources are checked (ECS-SEMANTICS 4.1). One Task is one task, so exactly one instance; StartTask with several instances is one Task per instance.',
      ),
    launchType: z.enum(['EC2', 'FARGATE', 'EXTERNAL']).optional().describe('Launch type; mutually exclusive with capacityProviderStrategy.'),
    networkConfiguration: networkConfiguration.optional(),
    enableExecuteCommand: z.boolean().optional().describe('Accepted.'),
    propagateTags: z.enum(['TASK_DEFINITION', 'NONE']).optional().describe('Accepted.'),
    tags: z.array(tag).max(50).optional().describe('Tags (up to 50).'),
    desiredStatus: desiredStatus.default('RUNNING').describe('RUNNING (default); set STOPPED to stop the task (StopTask). STOPPED is final.'),
    stoppedReason: text(255).optional().describe('StopTask reason, shown as status.stoppedReason.'),
  })
  .meta({
    'x-kubernetes-validations': [
      ...taskRules,
      { rule: '!has(self.launchType) || !has(self.capacityProviderStrategy)', message: msg.LAUNCH_TYPE_WITH_CAPACITY_PROVIDER_STRATEGY },
      ...startTaskRules,
    ],
  })
  .describe('An ECS RunTask request and the desired status of the task.');

export const networkBinding = z.object({
  bindIP: text(64).optional().describe('Host IP.'),
  containerPort: int(0, 65535).optional().describe('Container port.'),
  hostPort: int(0, 65535).optional().describe('Host port.'),
  protocol: z.enum(['tcp', 'udp']).optional().describe('Protocol.'),
});

export const containerStatus = z.object({
  name: text(255).describe('Container name.'),
  lastStatus: text(32).optional().describe('PENDING, RUNNING or STOPPED.'),
  exitCode: z.int().optional().describe('Exit code once stopped.'),
  reason: text(1024).optional().describe('Why the container stopped or is not running.'),
  healthStatus: healthStatus.optional().describe('HEALTHY, UNHEALTHY or UNKNOWN.'),
  networkBindings: z.array(networkBinding).max(100).optional().describe('Effective port bindings.'),
  image: text(255).optional().describe('Image.'),
  imageDigest: text(255).optional().describe('Resolved image digest.'),
});

export const placementFailure = z.object({
  arn: text(512).optional().describe('Container instance (Node) the reason refers to.'),
  reason: text(255).describe('ECS reason: RESOURCE:CPU, RESOURCE:MEMORY, RESOURCE:PORTS, AGENT, ATTRIBUTE, "MemberOf placement constraint unsatisfied.", ...'),
  detail: text(1024).optional().describe('Detail.'),
});

export const taskStatus = z.object({
  observedGeneration: z.int().min(0).optional().describe('The .metadata.generation last reconciled.'),
  lastStatus: lastStatus.optional().describe('PROVISIONING, PENDING, RUNNING, STOPPING or STOPPED.'),
  desiredStatus: desiredStatus.optional().describe('The desired status as the controller acts on it.'),
  containerInstance: text(253).optional().describe('Node the task is placed on; written once, the point of no return.'),
  capacityProviderName: text(255).optional().describe('Capacity provider the task was placed with.'),
  taskDefinition: text(512).optional().describe('Resolved family:revision.'),
  group: text(255).optional().describe('Effective task group.'),
  containers: z.array(containerStatus).max(10).optional().describe('Per-container status.'),
  healthStatus: healthStatus.optional().describe('Aggregated task health.'),
  stopCode: stopCode.optional().describe('Why the task stopped.'),
  stoppedReason: text(1024).optional().describe('Human-readable stop reason.'),
  createdAt: timestamp().optional().describe('When the Task was created.'),
  pullStartedAt: timestamp().optional().describe('When image pulls started.'),
  pullStoppedAt: timestamp().optional().describe('When image pulls finished.'),
  startedAt: timestamp().optional().describe('When the task reached RUNNING.'),
  stoppingAt: timestamp().optional().describe('When the task started stopping.'),
  stoppedAt: timestamp().optional().describe('When the task reached STOPPED.'),
  executionStoppedAt: timestamp().optional().describe('When the containers stopped.'),
  placementFailures: z.array(placementFailure).max(100).optional().describe('Why the task is not placed yet (ECS failure reasons).'),
  conditions: conditions.optional(),
});

export const task = z.object({
  apiVersion: z.literal('ecs.stevedore.dev/v1alpha1'),
  kind: z.literal('Task'),
  metadata: z.object({ name: z.string(), namespace: z.string().optional() }).loose(),
  spec: taskSpec,
  status: taskStatus.optional(),
});

export type DesiredStatus = z.infer<typeof desiredStatus>;
export type LastStatus = z.infer<typeof lastStatus>;
export type HealthStatus = z.infer<typeof healthStatus>;
export type StopCode = z.infer<typeof stopCode>;
export type TaskSpec = z.infer<typeof taskSpec>;
export type TaskStatus = z.infer<typeof taskStatus>;
export type ContainerStatus = z.infer<typeof containerStatus>;
export type NetworkBinding = z.infer<typeof networkBinding>;
export type PlacementFailure = z.infer<typeof placementFailure>;
export type Task = z.infer<typeof task>;
