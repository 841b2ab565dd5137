// The `aws ecs` verbs: each names its ECS operation, its flags (the aws CLI's, mapped to the
// request's members), an example, and the handler of the ECS API layer it calls.
import type { EcsContext } from '../../ecs-api/context.ts';
import { deleteAttributes, listAttributes, putAttributes } from '../../ecs-api/handlers/attributes.ts';
import { describeClusters, listClusters } from '../../ecs-api/handlers/clusters.ts';
import { describeContainerInstances, listContainerInstances, updateContainerInstancesState } from '../../ecs-api/handlers/container-instances.ts';
import { createService, deleteService, describeServices, listServices, updateService } from '../../ecs-api/handlers/services.ts';
import { deregisterTaskDefinition, describeTaskDefinition, listTaskDefinitions, registerTaskDefinition } from '../../ecs-api/handlers/task-definitions.ts';
import { describeTasks, listTasks, runTask, startTask, stopTask } from '../../ecs-api/handlers/tasks.ts';

export type ParamType = 'string' | 'int' | 'bool' | 'strings' | 'structure' | 'structures';

export interface ParamSpec {
  /** The aws CLI flag without `--`; the request member is its camelCase. */
  flag: string;
  type: ParamType;
  description: string;
  /** Choices shown in help and offered by completion. */
  choices?: readonly string[];
  /** Required unless --cli-input-json supplies it. */
  required?: boolean;
}

export interface VerbSpec {
  name: string;
  operation: string;
  summary: string;
  example: string;
  params: readonly ParamSpec[];
  /** Accepts --cli-input-json. */
  cliInputJson?: boolean;
  call(ctx: EcsContext, request: Record<string, unknown>): Promise<unknown>;
}

const cluster: ParamSpec = { flag: 'cluster', type: 'string', description: 'Cluster name or ARN (default: default)' };
const str = (flag: string, description: string, extra: Partial<ParamSpec> = {}): ParamSpec => ({ flag, type: 'string', description, ...extra });
const req = <T>(request: Record<string, unknown>) => request as T;

/** Strips the CLI-only members the handlers return (unknown fields are printed as warnings). */
async function withWarnings<T extends { unknownFields?: string[] }>(result: Promise<T>): Promise<Omit<T, 'unknownFields'>> {
  const { unknownFields, ...rest } = await result;
  for (const field of unknownFields ?? []) process.stderr.write(`warning: ${field} has no equivalent in the custom resource and was not written.\n`);
  return rest;
}

export const verbs: readonly VerbSpec[] = [
  {
    name: 'register-task-definition',
    operation: 'RegisterTaskDefinition',
    summary: 'Register a task definition revision (writes the TaskDefinition, waits for the operator)',
    example: 'stevedore register-task-definition --cli-input-json file://web.json',
    cliInputJson: true,
    params: [
      str('family', 'Family name', { required: true }),
      { flag: 'container-definitions', type: 'structures', description: 'Container definitions (JSON or file://)', required: true },
      str('network-mode', 'bridge, host, awsvpc or none', { choices: ['bridge', 'host', 'awsvpc', 'none'] }),
      str('cpu', 'Task CPU units or "1 vCPU"'),
      str('memory', 'Task memory MiB or "2 GB"'),
      { flag: 'volumes', type: 'structures', description: 'Volumes' },
      { flag: 'placement-constraints', type: 'structures', description: 'memberOf constraints' },
      { flag: 'requires-compatibilities', type: 'strings', description: 'EC2, FARGATE, EXTERNAL' },
      str('task-role-arn', 'Task role ARN (accepted)'),
      str('execution-role-arn', 'Execution role ARN (accepted)'),
      { flag: 'tags', type: 'structures', description: 'key=k,value=v ...' },
    ],
    call: (ctx, r) => withWarnings(registerTaskDefinition(ctx, r)),
  },
  {
    name: 'describe-task-definition',
    operation: 'DescribeTaskDefinition',
    summary: 'Describe a task definition revision',
    example: 'stevedore describe-task-definition --task-definition web:1',
    params: [str('task-definition', 'family, family:revision or ARN', { required: true }), { flag: 'include', type: 'strings', description: 'TAGS', choices: ['TAGS'] }],
    call: (ctx, r) => describeTaskDefinition(ctx, req(r)),
  },
  {
    name: 'list-task-definitions',
    operation: 'ListTaskDefinitions',
    summary: 'List task definition ARNs',
    example: 'stevedore list-task-definitions --family-prefix web --status ACTIVE',
    params: [str('family-prefix', 'Only families starting with this'), str('status', 'ACTIVE (default) or INACTIVE', { choices: ['ACTIVE', 'INACTIVE'] }), str('sort', 'ASC or DESC', { choices: ['ASC', 'DESC'] })],
    call: (ctx, r) => listTaskDefinitions(ctx, req(r)),
  },
  {
    name: 'deregister-task-definition',
    operation: 'DeregisterTaskDefinition',
    summary: 'Set a task definition revision INACTIVE',
    example: 'stevedore deregister-task-definition --task-definition web:1',
    params: [str('task-definition', 'family:revision or ARN', { required: true })],
    call: (ctx, r) => deregisterTaskDefinition(ctx, req(r)),
  },
  {
    name: 'run-task',
    operation: 'RunTask',
    summary: 'Place and start tasks now; tasks that fit nowhere are failures[], not left waiting',
    example: 'stevedore run-task --task-definition web --count 3 --placement-strategy type=spread,field=attribute:ecs.availability-zone',
    cliInputJson: true,
    params: [
      cluster,
      str('task-definition', 'family, family:revision or ARN', { required: true }),
      { flag: 'count', type: 'int', description: 'Tasks to start, 1 to 10 (default 1)' },
      str('group', 'Task group (default family:<family>)'),
      str('started-by', 'Free tag, filterable with list-tasks --started-by'),
      { flag: 'overrides', type: 'structure', description: 'TaskOverride JSON (containerOverrides, cpu, memory)' },
      { flag: 'placement-constraints', type: 'structures', description: 'type=memberOf,expression=... | type=distinctInstance' },
      { flag: 'placement-strategy', type: 'structures', description: 'type=spread,field=... | type=binpack,field=memory | type=random' },
      str('launch-type', 'EC2 (default), FARGATE or EXTERNAL', { choices: ['EC2', 'FARGATE', 'EXTERNAL'] }),
      { flag: 'capacity-provider-strategy', type: 'structures', description: 'capacityProvider=...,weight=1,base=0' },
      { flag: 'network-configuration', type: 'structure', description: 'awsvpcConfiguration JSON' },
      { flag: 'tags', type: 'structures', description: 'key=k,value=v ...' },
    ],
    call: (ctx, r) => runTask(ctx, req(r)),
  },
  {
    name: 'start-task',
    operation: 'StartTask',
    summary: 'Start one task on each named container instance (the custom-scheduler path; EC2 only)',
    example: 'stevedore start-task --task-definition web --container-instances kwok-node-0 kwok-node-1',
    cliInputJson: true,
    params: [
      cluster,
      str('task-definition', 'family, family:revision or ARN', { required: true }),
      { flag: 'container-instances', type: 'strings', description: 'Container instance ids (Node names) or ARNs, 1 to 10', required: true },
      str('group', 'Task group'),
      str('started-by', 'Free tag'),
      { flag: 'overrides', type: 'structure', description: 'TaskOverride JSON' },
      { flag: 'network-configuration', type: 'structure', description: 'awsvpcConfiguration JSON' },
      { flag: 'tags', type: 'structures', description: 'key=k,value=v ...' },
    ],
    call: (ctx, r) => startTask(ctx, req(r)),
  },
  {
    name: 'stop-task',
    operation: 'StopTask',
    summary: 'Stop a task (desiredStatus STOPPED, stopCode UserInitiated)',
    example: 'stevedore stop-task --task web-3f2a9c1b7e --reason "rolled back"',
    params: [cluster, str('task', 'Task id or ARN', { required: true }), str('reason', 'Shown as stoppedReason (up to 255 characters)')],
    call: (ctx, r) => stopTask(ctx, req(r)),
  },
  {
    name: 'describe-tasks',
    operation: 'DescribeTasks',
    summary: 'Describe tasks',
    example: 'stevedore describe-tasks --tasks web-3f2a9c1b7e',
    params: [cluster, { flag: 'tasks', type: 'strings', description: 'Task ids or ARNs (up to 100)', required: true }],
    call: (ctx, r) => describeTasks(ctx, req(r)),
  },
  {
    name: 'list-tasks',
    operation: 'ListTasks',
    summary: 'List task ARNs, filtered as ECS filters them',
    example: 'stevedore list-tasks --desired-status STOPPED --family web',
    params: [
      cluster,
      str('container-instance', 'Only tasks on this container instance'),
      str('family', 'Only tasks of this family'),
      str('started-by', 'Only tasks started by this'),
      str('service-name', 'Only tasks of this service'),
      str('desired-status', 'RUNNING (default), PENDING or STOPPED', { choices: ['RUNNING', 'PENDING', 'STOPPED'] }),
      str('launch-type', 'EC2, FARGATE or EXTERNAL', { choices: ['EC2', 'FARGATE', 'EXTERNAL'] }),
    ],
    call: (ctx, r) => listTasks(ctx, req(r)),
  },
  {
    name: 'create-service',
    operation: 'CreateService',
    summary: 'Create a service (writes the Service; the service scheduler runs it)',
    example: 'stevedore create-service --service-name web --task-definition web --desired-count 2',
    cliInputJson: true,
    params: [
      cluster,
      str('service-name', 'Service name', { required: true }),
      str('task-definition', 'family, family:revision or ARN', { required: true }),
      { flag: 'desired-count', type: 'int', description: 'Tasks to keep running (REPLICA)' },
      str('scheduling-strategy', 'REPLICA (default) or DAEMON', { choices: ['REPLICA', 'DAEMON'] }),
      str('launch-type', 'EC2, FARGATE or EXTERNAL', { choices: ['EC2', 'FARGATE', 'EXTERNAL'] }),
      { flag: 'deployment-configuration', type: 'structure', description: 'maximumPercent=200,minimumHealthyPercent=100' },
      { flag: 'placement-constraints', type: 'structures', description: 'type=memberOf,expression=...' },
      { flag: 'placement-strategy', type: 'structures', description: 'type=spread,field=...' },
      { flag: 'health-check-grace-period-seconds', type: 'int', description: 'Seconds' },
      { flag: 'network-configuration', type: 'structure', description: 'awsvpcConfiguration JSON' },
      { flag: 'load-balancers', type: 'structures', description: 'containerName=web,containerPort=80' },
      { flag: 'tags', type: 'structures', description: 'key=k,value=v ...' },
    ],
    call: (ctx, r) => withWarnings(createService(ctx, r)),
  },
  {
    name: 'update-service',
    operation: 'UpdateService',
    summary: 'Change a service: desired count, task definition, or a new deployment',
    example: 'stevedore update-service --service web --desired-count 4 --force-new-deployment',
    cliInputJson: true,
    params: [
      cluster,
      str('service', 'Service name or ARN', { required: true }),
      { flag: 'desired-count', type: 'int', description: 'Tasks to keep running' },
      str('task-definition', 'family, family:revision or ARN'),
      { flag: 'force-new-deployment', type: 'bool', description: 'Start a new deployment with the same definition' },
      { flag: 'deployment-configuration', type: 'structure', description: 'maximumPercent=200,minimumHealthyPercent=100' },
      { flag: 'placement-constraints', type: 'structures', description: 'type=memberOf,expression=...' },
      { flag: 'placement-strategy', type: 'structures', description: 'type=spread,field=...' },
      { flag: 'health-check-grace-period-seconds', type: 'int', description: 'Seconds' },
    ],
    call: (ctx, r) => withWarnings(updateService(ctx, req(r))),
  },
  {
    name: 'delete-service',
    operation: 'DeleteService',
    summary: 'Delete a service (scale it to 0 first, or --force)',
    example: 'stevedore delete-service --service web --force',
    params: [cluster, str('service', 'Service name or ARN', { required: true }), { flag: 'force', type: 'bool', description: 'Delete even if desiredCount is above 0' }],
    call: (ctx, r) => deleteService(ctx, req(r)),
  },
  {
    name: 'describe-services',
    operation: 'DescribeServices',
    summary: 'Describe services',
    example: 'stevedore describe-services --services web',
    params: [cluster, { flag: 'services', type: 'strings', description: 'Service names or ARNs (up to 10)', required: true }],
    call: (ctx, r) => describeServices(ctx, req(r)),
  },
  {
    name: 'list-services',
    operation: 'ListServices',
    summary: 'List service ARNs',
    example: 'stevedore list-services --cluster default',
    params: [cluster, str('launch-type', 'EC2, FARGATE or EXTERNAL', { choices: ['EC2', 'FARGATE', 'EXTERNAL'] }), str('scheduling-strategy', 'REPLICA or DAEMON', { choices: ['REPLICA', 'DAEMON'] })],
    call: (ctx, r) => listServices(ctx, req(r)),
  },
  {
    name: 'describe-clusters',
    operation: 'DescribeClusters',
    summary: 'Describe clusters (default: the default cluster)',
    example: 'stevedore describe-clusters --clusters default',
    params: [{ flag: 'clusters', type: 'strings', description: 'Cluster names or ARNs' }],
    call: (ctx, r) => describeClusters(ctx, req(r)),
  },
  {
    name: 'list-clusters',
    operation: 'ListClusters',
    summary: 'List cluster ARNs',
    example: 'stevedore list-clusters',
    params: [],
    call: (ctx) => listClusters(ctx),
  },
  {
    name: 'describe-container-instances',
    operation: 'DescribeContainerInstances',
    summary: 'Describe container instances (Nodes): registered and remaining resources, attributes',
    example: 'stevedore describe-container-instances --container-instances kwok-node-0',
    params: [cluster, { flag: 'container-instances', type: 'strings', description: 'Node names or ARNs (up to 100)', required: true }],
    call: (ctx, r) => describeContainerInstances(ctx, req(r)),
  },
  {
    name: 'list-container-instances',
    operation: 'ListContainerInstances',
    summary: 'List container instance ARNs',
    example: "stevedore list-container-instances --filter \"attribute:ecs.availability-zone == us-east-1a\" --status ACTIVE",
    params: [cluster, str('filter', 'Cluster query language expression'), str('status', 'ACTIVE, DRAINING, ...', { choices: ['ACTIVE', 'DRAINING', 'REGISTERING', 'DEREGISTERING', 'REGISTRATION_FAILED'] })],
    call: (ctx, r) => listContainerInstances(ctx, req(r)),
  },
  {
    name: 'update-container-instances-state',
    operation: 'UpdateContainerInstancesState',
    summary: 'DRAINING cordons the Nodes, ACTIVE uncordons them',
    example: 'stevedore update-container-instances-state --container-instances kwok-node-0 --status DRAINING',
    params: [cluster, { flag: 'container-instances', type: 'strings', description: 'Node names or ARNs', required: true }, str('status', 'ACTIVE or DRAINING', { required: true, choices: ['ACTIVE', 'DRAINING'] })],
    call: (ctx, r) => updateContainerInstancesState(ctx, req(r)),
  },
  {
    name: 'put-attributes',
    operation: 'PutAttributes',
    summary: 'Set custom attributes on container instances (Node labels attr.ecs.stevedore.dev/<name>)',
    example: 'stevedore put-attributes --attributes name=stack,value=prod,targetId=kwok-node-0',
    params: [cluster, { flag: 'attributes', type: 'structures', description: 'name=...,value=...,targetId=<instance>', required: true }],
    call: (ctx, r) => putAttributes(ctx, req(r)),
  },
  {
    name: 'delete-attributes',
    operation: 'DeleteAttributes',
    summary: 'Remove custom attributes from container instances',
    example: 'stevedore delete-attributes --attributes name=stack,targetId=kwok-node-0',
    params: [cluster, { flag: 'attributes', type: 'structures', description: 'name=...,targetId=<instance>', required: true }],
    call: (ctx, r) => deleteAttributes(ctx, req(r)),
  },
  {
    name: 'list-attributes',
    operation: 'ListAttributes',
    summary: 'List the attributes of container instances',
    example: 'stevedore list-attributes --target-type container-instance --attribute-name stack',
    params: [cluster, str('target-type', 'container-instance', { required: true, choices: ['container-instance'] }), str('attribute-name', 'Only this attribute'), str('attribute-value', 'Only this value')],
    call: (ctx, r) => listAttributes(ctx, req(r)),
  },
];
