// A Service custom resource as ECS's Service (DescribeServices, CreateService, ...). The
// Service status is being extended by the service scheduler; fields it does not have yet
// come out as ECS's defaults. Pure.
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import type { Service } from '../../api/v1alpha1/service.ts';
import { parseTaskDefinitionReference } from '../../api/v1alpha1/task-definition-reference.ts';
import { clusterArn, serviceArn, taskDefinitionArn } from '../arn.ts';
import type { EcsDeployment, EcsService } from '../shapes.ts';
import { dateOf } from './timestamps.ts';

export function serviceClusterOf(service: Pick<Service, 'spec'>): string {
  return service.spec.cluster ?? DEFAULT_CLUSTER_NAME;
}

export function serviceNameOf(service: Pick<Service, 'spec' | 'metadata'>): string {
  return service.spec.serviceName ?? service.metadata.name;
}

/** A `family[:revision]` reference as the task definition ARN, when it names a revision. */
function taskDefinitionArnOf(namespace: string, reference: string): string {
  const ref = parseTaskDefinitionReference(reference);
  return ref?.revision === undefined ? reference : taskDefinitionArn(namespace, ref.family, ref.revision);
}

export function toEcsService(service: Service): EcsService {
  const namespace = service.metadata.namespace ?? 'default';
  const cluster = serviceClusterOf(service);
  const spec = service.spec;
  const status = service.status;
  const daemon = spec.schedulingStrategy === 'DAEMON';
  const launchType = spec.launchType ?? 'EC2';
  const deployments: EcsDeployment[] = (status?.deployments ?? []).map((d) => {
    const deployment: EcsDeployment = {
      id: d.id,
      status: d.status,
      taskDefinition: taskDefinitionArnOf(namespace, d.taskDefinition),
      desiredCount: d.desiredCount,
      pendingCount: d.pendingCount,
      runningCount: d.runningCount,
      failedTasks: d.failedTasks ?? 0,
      launchType,
    };
    const createdAt = dateOf(d.createdAt);
    if (createdAt !== undefined) deployment.createdAt = createdAt;
    const updatedAt = dateOf(d.updatedAt);
    if (updatedAt !== undefined) deployment.updatedAt = updatedAt;
    if (d.rolloutState !== undefined) deployment.rolloutState = d.rolloutState;
    if (d.rolloutStateReason !== undefined) deployment.rolloutStateReason = d.rolloutStateReason;
    return deployment;
  });
  const configuration = spec.deploymentConfiguration;
  const result: EcsService = {
    serviceArn: serviceArn(cluster, namespace, service.metadata.name),
    serviceName: serviceNameOf(service),
    clusterArn: clusterArn(cluster),
    loadBalancers: (spec.loadBalancers ?? []).map((l) => ({ ...l })),
    serviceRegistries: (spec.serviceRegistries ?? []).map((r) => ({ ...r })),
    status: service.metadata.deletionTimestamp === undefined ? 'ACTIVE' : 'DRAINING',
    // What UpdateService set, at once (ECS answers with it); DAEMON has none in its spec and
    // reports the eligible instances the scheduler counted.
    desiredCount: spec.desiredCount ?? status?.desiredCount ?? 0,
    runningCount: status?.runningCount ?? 0,
    pendingCount: status?.pendingCount ?? 0,
    launchType,
    taskDefinition: taskDefinitionArnOf(namespace, status?.taskDefinition ?? spec.taskDefinition),
    deploymentConfiguration: {
      deploymentCircuitBreaker: configuration?.deploymentCircuitBreaker ?? { enable: false, rollback: false },
      maximumPercent: configuration?.maximumPercent ?? (daemon ? 100 : 200),
      minimumHealthyPercent: configuration?.minimumHealthyPercent ?? (daemon ? 0 : 100),
    },
    deployments,
    events: (status?.events ?? []).map((e) => ({ id: e.id, createdAt: dateOf(e.createdAt) ?? new Date(0), message: e.message })),
    placementConstraints: (spec.placementConstraints ?? []).map((c) => ({ ...c })),
    placementStrategy: (spec.placementStrategy ?? []).map((s) => ({ ...s })),
    schedulingStrategy: spec.schedulingStrategy ?? 'REPLICA',
    deploymentController: { type: spec.deploymentController?.type ?? 'ECS' },
    tags: (spec.tags ?? []).map((t) => ({ key: t.key, value: t.value })),
    enableECSManagedTags: spec.enableECSManagedTags ?? false,
    propagateTags: spec.propagateTags ?? 'NONE',
    enableExecuteCommand: spec.enableExecuteCommand ?? false,
  };
  const createdAt = dateOf(service.metadata.creationTimestamp as string | undefined);
  if (createdAt !== undefined) result.createdAt = createdAt;
  if (spec.networkConfiguration !== undefined) result.networkConfiguration = spec.networkConfiguration;
  if (spec.healthCheckGracePeriodSeconds !== undefined) result.healthCheckGracePeriodSeconds = spec.healthCheckGracePeriodSeconds;
  return result;
}
