// The ECS API model's response shapes, as far as this layer fills them in. Field names and
// types are ECS's (API reference, "Data Types"); timestamps are Dates here and rendered by
// the caller (the aws CLI's ISO 8601 form in the CLI, epoch seconds in a JSON 1.1 API).

export interface EcsFailure {
  arn?: string;
  reason?: string;
  detail?: string;
}

export interface EcsKeyValuePair {
  name?: string;
  value?: string;
}

export interface EcsTag {
  key?: string;
  value?: string;
}

export interface EcsAttribute {
  name: string;
  value?: string;
  targetType?: 'container-instance';
  targetId?: string;
}

export interface EcsNetworkBinding {
  bindIP?: string;
  containerPort?: number;
  hostPort?: number;
  protocol?: 'tcp' | 'udp';
}

export interface EcsContainer {
  containerArn: string;
  taskArn: string;
  name: string;
  image?: string;
  imageDigest?: string;
  lastStatus: string;
  exitCode?: number;
  reason?: string;
  networkBindings: EcsNetworkBinding[];
  networkInterfaces: never[];
  healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  cpu: string;
  memory?: string;
  memoryReservation?: string;
}

export interface EcsTask {
  attachments: never[];
  attributes: EcsAttribute[];
  availabilityZone?: string;
  capacityProviderName?: string;
  clusterArn: string;
  connectivity?: 'CONNECTED' | 'DISCONNECTED';
  connectivityAt?: Date;
  containerInstanceArn?: string;
  containers: EcsContainer[];
  cpu?: string;
  createdAt?: Date;
  desiredStatus: string;
  enableExecuteCommand: boolean;
  executionStoppedAt?: Date;
  group: string;
  healthStatus: 'HEALTHY' | 'UNHEALTHY' | 'UNKNOWN';
  lastStatus: string;
  launchType: string;
  memory?: string;
  overrides: Record<string, unknown>;
  pullStartedAt?: Date;
  pullStoppedAt?: Date;
  startedAt?: Date;
  startedBy?: string;
  stopCode?: string;
  stoppedAt?: Date;
  stoppedReason?: string;
  stoppingAt?: Date;
  tags: EcsTag[];
  taskArn: string;
  taskDefinitionArn: string;
  version: number;
}

export interface EcsResource {
  name: string;
  type: 'INTEGER' | 'STRINGSET';
  doubleValue: number;
  longValue: number;
  integerValue: number;
  stringSetValue?: string[];
}

export interface EcsContainerInstance {
  containerInstanceArn: string;
  ec2InstanceId: string;
  capacityProviderName?: string;
  version: number;
  versionInfo: { agentVersion?: string; agentHash?: string; dockerVersion?: string };
  remainingResources: EcsResource[];
  registeredResources: EcsResource[];
  status: string;
  statusReason?: string;
  agentConnected: boolean;
  runningTasksCount: number;
  pendingTasksCount: number;
  attributes: EcsAttribute[];
  registeredAt?: Date;
  attachments: never[];
  tags: EcsTag[];
}

export interface EcsCluster {
  clusterArn: string;
  clusterName: string;
  status: string;
  registeredContainerInstancesCount: number;
  runningTasksCount: number;
  pendingTasksCount: number;
  activeServicesCount: number;
  statistics: EcsKeyValuePair[];
  tags: EcsTag[];
  settings: EcsKeyValuePair[];
  capacityProviders: string[];
  defaultCapacityProviderStrategy: { capacityProvider: string; weight?: number; base?: number }[];
}

export interface EcsDeployment {
  id: string;
  status: string;
  taskDefinition: string;
  desiredCount: number;
  pendingCount: number;
  runningCount: number;
  failedTasks: number;
  createdAt?: Date;
  updatedAt?: Date;
  launchType: string;
  rolloutState?: string;
  rolloutStateReason?: string;
}

export interface EcsService {
  serviceArn: string;
  serviceName: string;
  clusterArn: string;
  loadBalancers: unknown[];
  serviceRegistries: unknown[];
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  launchType: string;
  taskDefinition: string;
  deploymentConfiguration: Record<string, unknown>;
  deployments: EcsDeployment[];
  roleArn?: string;
  events: { id: string; createdAt: Date; message: string }[];
  createdAt?: Date;
  placementConstraints: unknown[];
  placementStrategy: unknown[];
  networkConfiguration?: unknown;
  healthCheckGracePeriodSeconds?: number;
  schedulingStrategy: string;
  deploymentController: { type: string };
  tags: EcsTag[];
  createdBy?: string;
  enableECSManagedTags: boolean;
  propagateTags: string;
  enableExecuteCommand: boolean;
}

/** describe-task-definition's `taskDefinition`: the registered content plus what ECS adds. */
export type EcsTaskDefinition = Record<string, unknown> & {
  taskDefinitionArn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  containerDefinitions: unknown[];
  registeredAt?: Date;
  deregisteredAt?: Date;
  compatibilities: string[];
  requiresAttributes: EcsAttribute[];
};
