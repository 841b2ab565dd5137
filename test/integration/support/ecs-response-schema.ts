// JSON schemas of the ECS API's response shapes (API reference, "Data Types"), as the aws CLI
// prints them: member names and types exactly, timestamps as ISO 8601 strings with an offset.
// Objects allow only ECS's member names, so a misspelt or invented field fails.
import { Ajv, type ValidateFunction } from 'ajv';

const timestamp = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{6})?[+-]\\d{2}:\\d{2}$' };
const str = { type: 'string' };
const int = { type: 'integer' };
const bool = { type: 'boolean' };
const strings = { type: 'array', items: str };
const closed = (properties: Record<string, unknown>, required: string[] = []) => ({ type: 'object', properties, required, additionalProperties: false });
const list = (items: unknown) => ({ type: 'array', items });

const tag = closed({ key: str, value: str });
const keyValue = closed({ name: str, value: str });
const attribute = closed({ name: str, value: str, targetType: { enum: ['container-instance'] }, targetId: str }, ['name']);
const failure = closed({ arn: str, reason: str, detail: str });
const networkBinding = closed({ bindIP: str, containerPort: int, containerPortRange: str, hostPort: int, hostPortRange: str, protocol: { enum: ['tcp', 'udp'] } });
const container = closed(
  {
    containerArn: str, taskArn: str, name: str, image: str, imageDigest: str, runtimeId: str, lastStatus: str, exitCode: int, reason: str,
    networkBindings: list(networkBinding), networkInterfaces: list({ type: 'object' }), healthStatus: { enum: ['HEALTHY', 'UNHEALTHY', 'UNKNOWN'] },
    managedAgents: list({ type: 'object' }), cpu: str, memory: str, memoryReservation: str, gpuIds: strings,
  },
  ['containerArn', 'taskArn', 'name', 'lastStatus'],
);
const task = closed(
  {
    attachments: list({ type: 'object' }), attributes: list(attribute), availabilityZone: str, capacityProviderName: str, clusterArn: str,
    connectivity: { enum: ['CONNECTED', 'DISCONNECTED'] }, connectivityAt: timestamp, containerInstanceArn: str, containers: list(container), cpu: str,
    createdAt: timestamp, desiredStatus: str, enableExecuteCommand: bool, ephemeralStorage: { type: 'object' }, executionStoppedAt: timestamp, group: str,
    healthStatus: { enum: ['HEALTHY', 'UNHEALTHY', 'UNKNOWN'] }, inferenceAccelerators: list({ type: 'object' }), lastStatus: str,
    launchType: { enum: ['EC2', 'FARGATE', 'EXTERNAL'] }, memory: str, overrides: closed({ containerOverrides: list({ type: 'object' }), cpu: str, memory: str, inferenceAcceleratorOverrides: list({ type: 'object' }), executionRoleArn: str, taskRoleArn: str, ephemeralStorage: { type: 'object' } }),
    platformVersion: str, platformFamily: str, pullStartedAt: timestamp, pullStoppedAt: timestamp, startedAt: timestamp, startedBy: str,
    stopCode: { enum: ['TaskFailedToStart', 'EssentialContainerExited', 'UserInitiated', 'ServiceSchedulerInitiated', 'SpotInterruption', 'TerminationNotice'] },
    stoppedAt: timestamp, stoppedReason: str, stoppingAt: timestamp, tags: list(tag), taskArn: str, taskDefinitionArn: str, version: int, fargateEphemeralStorage: { type: 'object' },
  },
  ['taskArn', 'clusterArn', 'taskDefinitionArn', 'lastStatus', 'desiredStatus', 'containers'],
);
const resource = closed({ name: str, type: { enum: ['INTEGER', 'STRINGSET', 'DOUBLE', 'LONG'] }, doubleValue: { type: 'number' }, longValue: int, integerValue: int, stringSetValue: strings }, ['name', 'type']);
const containerInstance = closed(
  {
    containerInstanceArn: str, ec2InstanceId: str, capacityProviderName: str, version: int, versionInfo: closed({ agentVersion: str, agentHash: str, dockerVersion: str }),
    remainingResources: list(resource), registeredResources: list(resource), status: str, statusReason: str, agentConnected: bool, runningTasksCount: int,
    pendingTasksCount: int, agentUpdateStatus: str, attributes: list(attribute), registeredAt: timestamp, attachments: list({ type: 'object' }), tags: list(tag), healthStatus: { type: 'object' },
  },
  ['containerInstanceArn', 'ec2InstanceId', 'status', 'agentConnected', 'registeredResources', 'remainingResources'],
);
const strategyItem = closed({ capacityProvider: str, weight: int, base: int }, ['capacityProvider']);
const cluster = closed(
  {
    clusterArn: str, clusterName: str, configuration: { type: 'object' }, status: str, registeredContainerInstancesCount: int, runningTasksCount: int,
    pendingTasksCount: int, activeServicesCount: int, statistics: list(keyValue), tags: list(tag), settings: list(keyValue), capacityProviders: strings,
    defaultCapacityProviderStrategy: list(strategyItem), attachments: list({ type: 'object' }), attachmentsStatus: str, serviceConnectDefaults: { type: 'object' },
  },
  ['clusterArn', 'clusterName', 'status'],
);
const deployment = closed(
  {
    id: str, status: str, taskDefinition: str, desiredCount: int, pendingCount: int, runningCount: int, failedTasks: int, createdAt: timestamp, updatedAt: timestamp,
    capacityProviderStrategy: list(strategyItem), launchType: str, platformVersion: str, platformFamily: str, networkConfiguration: { type: 'object' },
    rolloutState: { enum: ['COMPLETED', 'FAILED', 'IN_PROGRESS'] }, rolloutStateReason: str, serviceConnectConfiguration: { type: 'object' }, serviceConnectResources: list({ type: 'object' }),
    volumeConfigurations: list({ type: 'object' }), fargateEphemeralStorage: { type: 'object' }, vpcLatticeConfigurations: list({ type: 'object' }),
  },
  ['id', 'status', 'taskDefinition', 'desiredCount', 'pendingCount', 'runningCount'],
);
const service = closed(
  {
    serviceArn: str, serviceName: str, clusterArn: str, loadBalancers: list({ type: 'object' }), serviceRegistries: list({ type: 'object' }), status: { enum: ['ACTIVE', 'DRAINING', 'INACTIVE'] },
    desiredCount: int, runningCount: int, pendingCount: int, launchType: str, capacityProviderStrategy: list(strategyItem), platformVersion: str, platformFamily: str,
    taskDefinition: str, deploymentConfiguration: closed({ deploymentCircuitBreaker: closed({ enable: bool, rollback: bool }, ['enable', 'rollback']), maximumPercent: int, minimumHealthyPercent: int, alarms: { type: 'object' } }),
    taskSets: list({ type: 'object' }), deployments: list(deployment), roleArn: str, events: list(closed({ id: str, createdAt: timestamp, message: str })), createdAt: timestamp,
    placementConstraints: list({ type: 'object' }), placementStrategy: list({ type: 'object' }), networkConfiguration: { type: 'object' }, healthCheckGracePeriodSeconds: int,
    schedulingStrategy: { enum: ['REPLICA', 'DAEMON'] }, deploymentController: closed({ type: { enum: ['ECS', 'CODE_DEPLOY', 'EXTERNAL'] } }), tags: list(tag), createdBy: str,
    enableECSManagedTags: bool, propagateTags: { enum: ['TASK_DEFINITION', 'SERVICE', 'NONE'] }, enableExecuteCommand: bool, availabilityZoneRebalancing: str,
  },
  ['serviceArn', 'serviceName', 'clusterArn', 'status', 'desiredCount', 'runningCount', 'pendingCount', 'taskDefinition', 'deployments'],
);
const taskDefinition = {
  type: 'object',
  properties: {
    taskDefinitionArn: str, containerDefinitions: list({ type: 'object', required: ['name', 'image'] }), family: str, taskRoleArn: str, executionRoleArn: str,
    networkMode: { enum: ['bridge', 'host', 'awsvpc', 'none'] }, revision: int, volumes: list({ type: 'object' }), status: { enum: ['ACTIVE', 'INACTIVE', 'DELETE_IN_PROGRESS'] },
    requiresAttributes: list(attribute), placementConstraints: list({ type: 'object' }), compatibilities: strings, runtimePlatform: { type: 'object' }, requiresCompatibilities: strings,
    cpu: str, memory: str, inferenceAccelerators: list({ type: 'object' }), pidMode: str, ipcMode: str, proxyConfiguration: { type: 'object' }, registeredAt: timestamp,
    deregisteredAt: timestamp, registeredBy: str, ephemeralStorage: { type: 'object' }, enableFaultInjection: bool,
  },
  required: ['taskDefinitionArn', 'containerDefinitions', 'family', 'revision', 'status'],
  additionalProperties: false,
};

export const ecsResponseSchemas = {
  DescribeTasks: closed({ tasks: list(task), failures: list(failure) }, ['tasks', 'failures']),
  RunTask: closed({ tasks: list(task), failures: list(failure) }, ['tasks', 'failures']),
  StartTask: closed({ tasks: list(task), failures: list(failure) }, ['tasks', 'failures']),
  StopTask: closed({ task }, ['task']),
  ListTasks: closed({ taskArns: strings, nextToken: str }, ['taskArns']),
  DescribeClusters: closed({ clusters: list(cluster), failures: list(failure) }, ['clusters', 'failures']),
  ListClusters: closed({ clusterArns: strings, nextToken: str }, ['clusterArns']),
  DescribeContainerInstances: closed({ containerInstances: list(containerInstance), failures: list(failure) }, ['containerInstances', 'failures']),
  ListContainerInstances: closed({ containerInstanceArns: strings, nextToken: str }, ['containerInstanceArns']),
  UpdateContainerInstancesState: closed({ containerInstances: list(containerInstance), failures: list(failure) }, ['containerInstances', 'failures']),
  DescribeTaskDefinition: closed({ taskDefinition, tags: list(tag) }, ['taskDefinition']),
  RegisterTaskDefinition: closed({ taskDefinition, tags: list(tag) }, ['taskDefinition']),
  ListTaskDefinitions: closed({ taskDefinitionArns: strings, nextToken: str }, ['taskDefinitionArns']),
  DescribeServices: closed({ services: list(service), failures: list(failure) }, ['services', 'failures']),
  ListServices: closed({ serviceArns: strings, nextToken: str }, ['serviceArns']),
  CreateService: closed({ service }, ['service']),
  UpdateService: closed({ service }, ['service']),
  DeleteService: closed({ service }, ['service']),
  PutAttributes: closed({ attributes: list(attribute) }, ['attributes']),
  DeleteAttributes: closed({ attributes: list(attribute) }, ['attributes']),
  ListAttributes: closed({ attributes: list(attribute), nextToken: str }, ['attributes']),
} as const;

const ajv = new Ajv({ allErrors: true, strict: false });
const compiled = new Map<string, ValidateFunction>();

/** The schema errors of `document` as the response of `operation`; empty when it conforms. */
export function ecsShapeErrors(operation: keyof typeof ecsResponseSchemas, document: unknown): string[] {
  let validate = compiled.get(operation);
  if (validate === undefined) {
    validate = ajv.compile(ecsResponseSchemas[operation]);
    compiled.set(operation, validate);
  }
  return validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
