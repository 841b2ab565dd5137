/**
 * Service: an ECS service (CreateService/UpdateService, ECS-SEMANTICS 6). The service
 * scheduler keeps `desiredCount` tasks (REPLICA) or one task per eligible Node (DAEMON).
 */
import { z } from 'zod';
import type { CelRule } from './cel.ts';
import { capacityProviderStrategy } from './capacity-provider.ts';
import { conditions } from './conditions.ts';
import { int, tag, text, timestamp } from './meta.ts';
import { networkConfiguration } from './network-configuration.ts';
import { kubernetesService, serviceNetworkingStatus } from './service-networking.ts';
import { placementConstraints, placementStrategies } from './placement.ts';
import * as msg from './validation-messages.ts';

export const MAX_SERVICE_EVENTS = 100;

export const schedulingStrategy = z.enum(['REPLICA', 'DAEMON']);

export const deploymentCircuitBreaker = z
  .object({
    enable: z.boolean().describe('Stop a deployment whose tasks keep failing.'),
    rollback: z.boolean().describe('Roll back to the last completed deployment when the breaker trips.'),
    resetOnHealthyTask: z.boolean().optional().describe('A task of the deployment reaching healthy resets the failure count (default true).'),
    thresholdConfiguration: z
      .object({
        type: z.enum(['BOUNDED_PERCENT', 'UNBOUNDED_PERCENT', 'COUNT']).describe('BOUNDED_PERCENT (default): ceil(value% x desired) clamped to 3..200; UNBOUNDED_PERCENT: no clamp; COUNT: value.'),
        value: int(0, 2147483647).describe('Percent (default 50) or count.'),
      })
      .optional()
      .describe('How many failures trip the breaker.'),
    countTasksStoppingWithinSeconds: int(1, 86400)
      .optional()
      .describe('Stevedore extension, off by default: a task that stops within this many seconds of reaching RUNNING also counts as a failure (a crash loop; aws/containers-roadmap#1206).'),
  })
  .describe('Deployment circuit breaker.');

export const deploymentConfiguration = z
  .object({
    minimumHealthyPercent: int(0, 100).optional().describe('Floor of healthy RUNNING tasks during a deployment, % of desiredCount rounded up (REPLICA default 100, DAEMON 0).'),
    maximumPercent: int(100, 200).optional().describe('Ceiling of RUNNING+PENDING tasks, % of desiredCount rounded down (REPLICA default 200; DAEMON must be 100).'),
    deploymentCircuitBreaker: deploymentCircuitBreaker.optional(),
    alarms: z
      .object({
        alarmNames: z.array(text(255)).max(10).describe('CloudWatch alarm names.'),
        enable: z.boolean().describe('Use the alarms.'),
        rollback: z.boolean().describe('Roll back when an alarm fires.'),
      })
      .optional()
      .describe('CloudWatch alarms (accepted, not supported).'),
  })
  .describe('How tasks are replaced during deployments and draining.');

export const loadBalancer = z.object({
  targetGroupArn: text(2048).optional().describe('Target group (accepted; opaque).'),
  loadBalancerName: text(255).optional().describe('Classic load balancer name (accepted; opaque).'),
  containerName: text(255).describe('Container that receives traffic.'),
  containerPort: int(1, 65535).describe('Port of that container.'),
});

export const serviceRegistry = z.object({
  registryArn: text(2048).optional().describe('Cloud Map registry (accepted; opaque).'),
  port: int(1, 65535).optional().describe('Port for SRV records.'),
  containerName: text(255).optional().describe('Container for SRV records.'),
  containerPort: int(1, 65535).optional().describe('Container port for SRV records.'),
});

/**
 * Kubernetes-only: labels and annotations copied to every Task of the service and to its Pod
 * (Prometheus scraping, service meshes, autoscalers). Part of a deployment's configuration:
 * changing them starts a new deployment, as a Deployment's Pod template does.
 */
export const taskTemplate = z
  .object({
    metadata: z
      .object({
        labels: z.record(z.string().max(317), z.string().max(63)).optional().describe('Labels of every task and its Pod.'),
        annotations: z.record(z.string().max(317), z.string().max(65536)).optional().describe('Annotations of every task and its Pod.'),
      })
      .optional()
      .describe('Metadata of every task and its Pod.'),
  })
  .describe('Kubernetes-only: metadata copied to every task of the service and its Pod; part of the deployment configuration.');

const isDaemon = "has(self.schedulingStrategy) && self.schedulingStrategy == 'DAEMON'";

/** Service rules of ECS-SEMANTICS 6.1 and 6.3 that CEL can express. */
export const serviceRules: CelRule[] = [
  { rule: `!(${isDaemon}) || !has(self.desiredCount)`, message: msg.DAEMON_NO_DESIRED_COUNT },
  { rule: `${isDaemon} || has(self.desiredCount)`, message: msg.REPLICA_NEEDS_DESIRED_COUNT },
  { rule: `!(${isDaemon}) || !has(self.placementStrategy) || size(self.placementStrategy) == 0`, message: msg.DAEMON_NO_PLACEMENT_STRATEGY },
  { rule: `!(${isDaemon}) || !has(self.capacityProviderStrategy)`, message: msg.DAEMON_NO_CAPACITY_PROVIDER_STRATEGY },
  {
    rule: `!(${isDaemon}) || !has(self.deploymentConfiguration) || !has(self.deploymentConfiguration.maximumPercent) || self.deploymentConfiguration.maximumPercent == 100`,
    message: msg.DAEMON_MAXIMUM_PERCENT,
  },
  { rule: '!has(self.launchType) || !has(self.capacityProviderStrategy)', message: msg.LAUNCH_TYPE_WITH_CAPACITY_PROVIDER_STRATEGY },
];

export const serviceSpec = z
  .object({
    serviceName: text(255).regex(/^[A-Za-z0-9_-]+$/).optional().describe('ECS service name; defaults to metadata.name.'),
    cluster: text(255).optional().describe('Cluster name; absent means the Cluster named "default".'),
    taskDefinition: text(1024).min(1).describe('"family" (latest ACTIVE revision), "family:revision", or a task definition ARN; in this namespace.'),
    desiredCount: int(0, 2147483647).optional().describe('Number of tasks to keep running (REPLICA; required). Must be omitted for DAEMON.'),
    schedulingStrategy: schedulingStrategy.default('REPLICA').describe('REPLICA (default) or DAEMON (one task per eligible container instance).'),
    launchType: z.enum(['EC2', 'FARGATE', 'EXTERNAL']).optional().describe('Launch type; mutually exclusive with capacityProviderStrategy.'),
    capacityProviderStrategy: capacityProviderStrategy.optional(),
    deploymentConfiguration: deploymentConfiguration.optional(),
    deploymentController: z
      .object({ type: z.enum(['ECS', 'CODE_DEPLOY', 'EXTERNAL']).describe('Only ECS is supported.') })
      .optional()
      .describe('Deployment controller (only ECS is supported).'),
    placementConstraints: placementConstraints.optional(),
    placementStrategy: placementStrategies.optional(),
    healthCheckGracePeriodSeconds: int(0, 2147483647).optional().describe('Seconds after a task starts during which failed health checks are ignored (default 0).'),
    loadBalancers: z.array(loadBalancer).max(5).optional().describe('Traffic targets; realised as a Kubernetes Service selecting the task Pods.'),
    serviceRegistries: z.array(serviceRegistry).max(1).optional().describe('Service discovery; realised as a Kubernetes Service.'),
    // Kubernetes-only (docs/networking.md): how the loadBalancers[] Services are exposed, and
    // how long a stopping task stays out of the endpoints before its Pod is deleted.
    kubernetesService: kubernetesService.optional(),
    deregistrationDelaySeconds: int(0, 3600)
      .optional()
      .describe('Kubernetes-only. Seconds a stopping load-balanced task is out of the endpoints before its Pod is deleted (ELB deregistration_delay; default 300).'),
    networkConfiguration: networkConfiguration.optional(),
    availabilityZoneRebalancing: z.enum(['ENABLED', 'DISABLED']).optional().describe('Rebalance tasks across zones.'),
    enableECSManagedTags: z.boolean().optional().describe('Accepted.'),
    enableExecuteCommand: z.boolean().optional().describe('Accepted.'),
    propagateTags: z.enum(['TASK_DEFINITION', 'SERVICE', 'NONE']).optional().describe('Accepted.'),
    platformVersion: text(64).optional().describe('Fargate only; accepted.'),
    tags: z.array(tag).max(50).optional().describe('Tags (up to 50).'),
    taskTemplate: taskTemplate.optional(),
  })
  .meta({ 'x-kubernetes-validations': serviceRules })
  .describe('An ECS CreateService request. Fields keep ECS names.');

export const deploymentStatus = z.enum(['PRIMARY', 'ACTIVE', 'INACTIVE']);
export const rolloutState = z.enum(['IN_PROGRESS', 'COMPLETED', 'FAILED']);

export const serviceLifecycleStatus = z.enum(['ACTIVE', 'DRAINING', 'INACTIVE']);

export const circuitBreakerStatus = z.object({
  status: z.enum(['TRIGGERED', 'MONITORING', 'MONITORING_COMPLETE', 'DISABLED']).describe('Circuit breaker state of the deployment.'),
  failureCount: z.int().min(0).describe('Failures counted so far.'),
  threshold: z.int().min(0).describe('Failures that trip the breaker.'),
});

export const deployment = z.object({
  id: text(64).describe('Deployment id, ecs-svc/<digits>; the startedBy of its tasks.'),
  status: deploymentStatus.describe('PRIMARY (newest) or ACTIVE (older, being replaced).'),
  taskDefinition: text(512).describe('family:revision this deployment runs.'),
  desiredCount: z.int().min(0).describe('Tasks this deployment should run.'),
  pendingCount: z.int().min(0).describe('Tasks in PENDING.'),
  runningCount: z.int().min(0).describe('Tasks in RUNNING.'),
  failedTasks: z.int().min(0).optional().describe('Consecutive failed tasks (circuit breaker input).'),
  rolloutState: rolloutState.optional().describe('IN_PROGRESS, COMPLETED or FAILED.'),
  rolloutStateReason: text(1024).optional().describe('Why the rollout state is what it is.'),
  createdAt: timestamp().optional().describe('When the deployment was created.'),
  updatedAt: timestamp().optional().describe('When it last changed.'),
  circuitBreaker: circuitBreakerStatus.optional(),
  rollbackOf: text(64).optional().describe('Set on a circuit-breaker rollback: the deployment that failed.'),
  revision: z.unknown().optional().describe('The whole configuration this deployment runs (task definition revision, task template, placement, network): a rollback returns to it.'),
});

export const serviceEvent = z.object({
  id: text(64).describe('Event id.'),
  createdAt: timestamp().describe('When it happened.'),
  message: text(2048).describe('ECS-style message, e.g. "service (web) has reached a steady state."'),
});

export const serviceStatus = z.object({
  observedGeneration: z.int().min(0).optional().describe('The .metadata.generation last reconciled.'),
  status: serviceLifecycleStatus.optional().describe('ACTIVE; DRAINING once deleted while its tasks stop; INACTIVE when none is left.'),
  serviceArn: text(1024).optional().describe('The ECS-style service ARN.'),
  desiredCount: z.int().min(0).optional().describe('Effective desired count (for DAEMON, the number of eligible instances).'),
  runningCount: z.int().min(0).optional().describe('Tasks in RUNNING, over all deployments.'),
  pendingCount: z.int().min(0).optional().describe('Tasks in PENDING, over all deployments.'),
  taskDefinition: text(512).optional().describe('family:revision of the PRIMARY deployment.'),
  deployments: z.array(deployment).max(16).optional().describe('PRIMARY and ACTIVE deployments.'),
  events: z.array(serviceEvent).max(MAX_SERVICE_EVENTS).optional().describe('Most recent service events, newest first.'),
  scheduler: z
    .unknown()
    .optional()
    .describe('The service scheduler\'s memory between passes (failure counts, throttle, suppressed events, the last COMPLETED configuration). Internal: read it, never write it.'),
  conditions: conditions.optional(),
  networking: serviceNetworkingStatus.optional(),
});

export const service = z.object({
  apiVersion: z.literal('ecs.stevedore.dev/v1alpha1'),
  kind: z.literal('Service'),
  metadata: z.object({ name: z.string(), namespace: z.string().optional() }).loose(),
  spec: serviceSpec,
  status: serviceStatus.optional(),
});

export type SchedulingStrategy = z.infer<typeof schedulingStrategy>;
export type DeploymentConfiguration = z.infer<typeof deploymentConfiguration>;
export type ServiceSpec = z.infer<typeof serviceSpec>;
export type ServiceStatus = z.infer<typeof serviceStatus>;
export type Deployment = z.infer<typeof deployment>;
export type ServiceEvent = z.infer<typeof serviceEvent>;
export type LoadBalancer = z.infer<typeof loadBalancer>;
export type Service = z.infer<typeof service>;
export type TaskTemplate = z.infer<typeof taskTemplate>;
export type CircuitBreakerStatus = z.infer<typeof circuitBreakerStatus>;
export type ServiceLifecycleStatus = z.infer<typeof serviceLifecycleStatus>;
