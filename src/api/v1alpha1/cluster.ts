/**
 * Cluster (cluster-scoped): a pool of container instances (Nodes picked by `nodeSelector`) and
 * the policy that applies to tasks placed in it (ECS-SEMANTICS 7.1, 7.5; DESIGN.md).
 */
import { z } from 'zod';
import { capacityProvider, capacityProviderStrategy, MAX_CAPACITY_PROVIDERS } from './capacity-provider.ts';
import { conditions } from './conditions.ts';
import { int, labelSelector, text } from './meta.ts';

export const DEFAULT_CLUSTER_NAME = 'default';
export const DEFAULT_STOPPED_TASK_RETENTION = '1h';
export const DEFAULT_PLACEMENT_TIMEOUT = '30m';

/** A Go-style duration: "90s", "1h", "1h30m". */
const duration = () => text(64).regex(/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/);

export const reservedPort = z.object({
  port: int(1, 65535).describe('Host port no task may take.'),
  protocol: z.enum(['tcp', 'udp']).default('tcp').describe('tcp (default) or udp.'),
});

export const toleration = z.object({
  key: text(317).optional().describe('Taint key; empty with operator Exists tolerates everything.'),
  operator: z.enum(['Exists', 'Equal']).optional().describe('Exists or Equal (default).'),
  value: text(63).optional().describe('Taint value for Equal.'),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional().describe('Effect to match; empty matches all.'),
  tolerationSeconds: z.int().optional().describe('For NoExecute: how long the task Pod stays after the taint appears.'),
});

export const securityPolicy = z
  .object({
    allowPrivileged: z.boolean().default(false).describe('Allow containers with privileged: true (and added capabilities).'),
    allowHostNetwork: z.boolean().default(false).describe("Allow networkMode 'host' (Pods with hostNetwork)."),
    allowHostPath: z.boolean().default(false).describe('Allow host volumes (hostPath bind mounts).'),
  })
  .describe('Security gates for task definitions run in this Cluster; a task that needs a closed gate is not placed.');

export const clusterSpec = z
  .object({
    nodeSelector: labelSelector
      .optional()
      .describe('Nodes that are this Cluster\'s container instances. Empty selects all Nodes; the "default" Cluster without a selector holds every Node no other Cluster selects.'),
    allowedNamespaces: z
      .array(text(63))
      .max(256)
      .meta({ 'x-kubernetes-list-type': 'set' })
      .optional()
      .describe('Namespaces whose Services and Tasks may use this Cluster. Absent means all namespaces.'),
    reservedPorts: z
      .array(reservedPort)
      .max(256)
      .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['port', 'protocol'] })
      .optional()
      .describe('Host ports kept free on every container instance (like the agent\'s ECS_RESERVED_PORTS).'),
    tolerations: z.array(toleration).max(64).optional().describe('Tolerations added to every task Pod; Nodes with taints not tolerated here are ineligible.'),
    securityPolicy: securityPolicy.default({ allowPrivileged: false, allowHostNetwork: false, allowHostPath: false }),
    capacityProviders: z
      .array(capacityProvider)
      .max(MAX_CAPACITY_PROVIDERS)
      .meta({ 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'] })
      .optional()
      .describe('Named pools of the Cluster\'s Nodes (up to 20).'),
    defaultCapacityProviderStrategy: capacityProviderStrategy.optional(),
    stoppedTaskRetention: duration().default(DEFAULT_STOPPED_TASK_RETENTION).describe('How long STOPPED Tasks are kept before deletion (default 1h, as ECS shows stopped tasks).'),
    placementTimeout: duration()
      .default(DEFAULT_PLACEMENT_TIMEOUT)
      .describe('How long a task may wait in PROVISIONING for capacity before it stops with TaskFailedToStart (default 30m).'),
  })
  .meta({
    'x-kubernetes-validations': [
      {
        rule: '!has(self.defaultCapacityProviderStrategy) || self.defaultCapacityProviderStrategy.all(s, has(self.capacityProviders) && self.capacityProviders.exists(p, p.name == s.capacityProvider))',
        message: 'Every provider of defaultCapacityProviderStrategy must be one of the Cluster\'s capacityProviders.',
        fieldPath: '.defaultCapacityProviderStrategy',
      },
    ],
  })
  .describe('A pool of container instances and its policy.');

export const containerInstanceSummary = z
  .object({
    active: z.int().min(0).optional().describe('ACTIVE instances (Ready, not cordoned).'),
    draining: z.int().min(0).optional().describe('DRAINING instances (cordoned, or tainted by Karpenter or cluster-autoscaler before removal).'),
    disconnected: z.int().min(0).optional().describe('Instances whose agent is disconnected (Node not Ready).'),
    conflicting: z.int().min(0).optional().describe('Nodes also selected by another Cluster, used by neither.'),
    conflictingNodes: z.array(text(253)).max(100).optional().describe('Up to 100 of those Nodes, by name.'),
    registeredCpu: z.int().min(0).optional().describe('Sum of registered CPU units.'),
    registeredMemory: z.int().min(0).optional().describe('Sum of registered memory, MiB.'),
    remainingCpu: z.int().min(0).optional().describe('Sum of remaining CPU units.'),
    remainingMemory: z.int().min(0).optional().describe('Sum of remaining memory, MiB.'),
  })
  .describe('Summary of the container instances; per-Node detail would not fit one object in large clusters.');

export const clusterStatus = z.object({
  observedGeneration: z.int().min(0).optional().describe('The .metadata.generation last reconciled.'),
  status: z.enum(['ACTIVE', 'PROVISIONING', 'DEPROVISIONING', 'FAILED', 'INACTIVE']).optional().describe('ECS cluster status.'),
  registeredContainerInstancesCount: z.int().min(0).optional().describe('ACTIVE and DRAINING container instances.'),
  runningTasksCount: z.int().min(0).optional().describe('Tasks in RUNNING.'),
  pendingTasksCount: z.int().min(0).optional().describe('Tasks in PENDING.'),
  activeServicesCount: z.int().min(0).optional().describe('ACTIVE services.'),
  containerInstances: containerInstanceSummary.optional(),
  conditions: conditions.optional(),
});

export const cluster = z.object({
  apiVersion: z.literal('ecs.stevedore.dev/v1alpha1'),
  kind: z.literal('Cluster'),
  metadata: z.object({ name: z.string() }).loose(),
  spec: clusterSpec.default({
    securityPolicy: { allowPrivileged: false, allowHostNetwork: false, allowHostPath: false },
    stoppedTaskRetention: DEFAULT_STOPPED_TASK_RETENTION,
    placementTimeout: DEFAULT_PLACEMENT_TIMEOUT,
  }),
  status: clusterStatus.optional(),
});

export type ClusterSpec = z.infer<typeof clusterSpec>;
export type ClusterStatus = z.infer<typeof clusterStatus>;
export type SecurityPolicy = z.infer<typeof securityPolicy>;
export type ReservedPort = z.infer<typeof reservedPort>;
export type Toleration = z.infer<typeof toleration>;
export type Cluster = z.infer<typeof cluster>;
