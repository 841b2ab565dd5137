import type { V1Container, V1Pod, V1PodSpec } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { normalizeTaskDefinition, type NormalizedContainerDefinition, type NormalizedTaskDefinition } from '../../../src/api/v1alpha1/normalize-task-definition.ts';
import {
  buildTaskPod,
  containersAnnotation,
  dynamicHostPortKey,
  listDynamicPortMappings,
  readPodContainerRecords,
  type PodWarning,
  type TaskPodInput,
  type TaskPodRefusalReason,
} from '../../../src/kube/task-pod.ts';
import { hostAgent, kitchenSink, shopWeb, vpcService } from '../../builders/task-pod-examples.ts';

type Container = NormalizedContainerDefinition;
type TaskDefinition = NormalizedTaskDefinition;

const container = (name: string, fields: Partial<Container> = {}): Container => ({ name, image: 'nginx', essential: true, memory: 512, ...fields });
const taskDefinition = (containers: Container[], fields: Partial<TaskDefinition> = {}): TaskDefinition => ({
  family: 'web',
  networkMode: 'bridge',
  containerDefinitions: containers,
  ...fields,
});
const OPEN = { allowPrivileged: true, allowHostNetwork: true, allowHostPath: true };
const input = (td: TaskDefinition, fields: Partial<TaskPodInput> = {}): TaskPodInput => ({
  task: { name: 'web-7f9c2', namespace: 'shop', uid: 'uid-1' },
  taskDefinition: td,
  revision: 4,
  cluster: 'prod',
  group: 'service:web',
  node: 'node-a',
  ...fields,
});

function build(td: TaskDefinition, fields: Partial<TaskPodInput> = {}): { pod: V1Pod; spec: V1PodSpec; warnings: PodWarning[] } {
  const result = buildTaskPod(input(td, fields));
  if (!result.ok) throw new Error(`refused: ${result.reason}: ${result.message}`);
  return { pod: result.pod, spec: result.pod.spec as V1PodSpec, warnings: result.warnings };
}

const first = (spec: V1PodSpec): V1Container => spec.containers[0] as V1Container;
const byName = (spec: V1PodSpec, name: string): V1Container | undefined => [...(spec.initContainers ?? []), ...spec.containers].find((c) => c.name === name);

interface Row {
  name: string;
  td: TaskDefinition;
  input?: Partial<TaskPodInput>;
  /** The part of the Pod the rule is about. */
  pick: (spec: V1PodSpec, pod: V1Pod) => unknown;
  want: unknown;
  /** The fields of every warning, in order; none when absent. */
  warnings?: string[];
}

const runRows = (rows: Row[]) =>
  it.each(rows)('$name', (row) => {
    const { pod, spec, warnings } = build(row.td, row.input);
    expect(row.pick(spec, pod)).toEqual(row.want);
    expect(warnings.map((w) => w.field)).toEqual(row.warnings ?? []);
  });

describe('containers', () => {
  runRows([
    {
      name: 'entryPoint is the command and command the args',
      td: taskDefinition([container('app', { entryPoint: ['/bin/app'], command: ['serve', '--port', '80'] })]),
      pick: (s) => [first(s).command, first(s).args],
      want: [['/bin/app'], ['serve', '--port', '80']],
    },
    {
      name: 'environment, then secrets as Secret key references',
      td: taskDefinition([
        container('app', { environment: [{ name: 'MODE', value: 'prod' }, { name: 'EMPTY' }], secrets: [{ name: 'DB_PASSWORD', valueFrom: 'db-credentials/password' }] }),
      ]),
      pick: (s) => first(s).env,
      want: [
        { name: 'MODE', value: 'prod' },
        { name: 'EMPTY', value: '' },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
      ],
    },
    {
      name: 'environmentFiles cannot be loaded: a warning',
      td: taskDefinition([container('app', { environmentFiles: [{ value: 'arn:aws:s3:::bucket/app.env', type: 's3' }] })]),
      pick: (s) => first(s).env,
      want: undefined,
      warnings: ['containerDefinitions[app].environmentFiles'],
    },
    {
      name: 'workingDirectory is workingDir',
      td: taskDefinition([container('app', { workingDirectory: '/srv' })]),
      pick: (s) => first(s).workingDir,
      want: '/srv',
    },
    {
      name: 'a numeric user uid:gid is runAsUser and runAsGroup',
      td: taskDefinition([container('app', { user: '1000:2000' })]),
      pick: (s) => first(s).securityContext,
      want: { runAsUser: 1000, runAsGroup: 2000 },
    },
    {
      name: 'a user name cannot be resolved: a warning, the image default user runs',
      td: taskDefinition([container('app', { user: 'nginx' })]),
      pick: (s) => first(s).securityContext,
      want: undefined,
      warnings: ['containerDefinitions[app].user'],
    },
    {
      name: 'readonlyRootFilesystem is readOnlyRootFilesystem',
      td: taskDefinition([container('app', { readonlyRootFilesystem: true })]),
      pick: (s) => first(s).securityContext,
      want: { readOnlyRootFilesystem: true },
    },
    {
      name: 'privileged where the Cluster allows it',
      td: taskDefinition([container('app', { privileged: true })]),
      input: { securityPolicy: OPEN },
      pick: (s) => first(s).securityContext,
      want: { privileged: true },
    },
    {
      name: 'added and dropped capabilities where the Cluster allows privileged',
      td: taskDefinition([container('app', { linuxParameters: { capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } } })]),
      input: { securityPolicy: OPEN },
      pick: (s) => first(s).securityContext,
      want: { capabilities: { add: ['NET_ADMIN'], drop: ['ALL'] } },
    },
    {
      name: 'dropping capabilities needs no gate',
      td: taskDefinition([container('app', { linuxParameters: { capabilities: { drop: ['NET_RAW'] } } })]),
      pick: (s) => first(s).securityContext,
      want: { capabilities: { drop: ['NET_RAW'] } },
    },
    {
      name: 'dockerSecurityOptions no-new-privileges forbids privilege escalation; other options warn',
      td: taskDefinition([container('app', { dockerSecurityOptions: ['no-new-privileges', 'apparmor:custom'] })]),
      pick: (s) => first(s).securityContext,
      want: { allowPrivilegeEscalation: false },
      warnings: ['containerDefinitions[app].dockerSecurityOptions'],
    },
    {
      name: 'no-new-privileges on a privileged container: Kubernetes refuses both, a warning',
      td: taskDefinition([container('app', { privileged: true, dockerSecurityOptions: ['no-new-privileges'] })]),
      input: { securityPolicy: OPEN },
      pick: (s) => first(s).securityContext,
      want: { privileged: true },
      warnings: ['containerDefinitions[app].dockerSecurityOptions'],
    },
    {
      name: 'interactive and pseudoTerminal are stdin and tty',
      td: taskDefinition([container('app', { interactive: true, pseudoTerminal: true })]),
      pick: (s) => [first(s).stdin, first(s).tty],
      want: [true, true],
    },
    {
      name: 'ulimits have no Kubernetes field: a warning',
      td: taskDefinition([container('app', { ulimits: [{ name: 'nofile', softLimit: 65536, hardLimit: 65536 }] })]),
      pick: (s) => first(s).name,
      want: 'app',
      warnings: ['containerDefinitions[app].ulimits'],
    },
    {
      name: 'a log driver other than plain json-file: a warning',
      td: taskDefinition([
        container('app', { logConfiguration: { logDriver: 'awslogs', options: { 'awslogs-group': '/ecs/web' } } }),
        container('plain', { logConfiguration: { logDriver: 'json-file' } }),
      ]),
      pick: (s) => s.containers.map((c) => c.name),
      want: ['app', 'plain'],
      warnings: ['containerDefinitions[app].logConfiguration'],
    },
    {
      name: 'dockerLabels are kept in a Pod annotation, with a warning',
      td: taskDefinition([container('app', { dockerLabels: { 'com.datadoghq.ad.check_names': '["nginx"]' } })]),
      pick: (_s, pod) => pod.metadata?.annotations?.['ecs.stevedore.dev/docker-labels'],
      want: JSON.stringify({ app: { 'com.datadoghq.ad.check_names': '["nginx"]' } }),
      warnings: ['containerDefinitions[app].dockerLabels'],
    },
    {
      name: 'a container name that is not a DNS label is renamed, and the annotation maps it back',
      td: taskDefinition([container('Web_App')]),
      pick: (s, pod) => [first(s).name, readPodContainerRecords(pod.metadata?.annotations)],
      want: ['web-app', [{ name: 'web-app', ecsName: 'Web_App', essential: true, role: 'app' }]],
      warnings: ['containerDefinitions[Web_App].name'],
    },
    {
      name: 'disableNetworking, devices, initProcessEnabled, startTimeout and restartPolicy: warnings',
      td: taskDefinition([
        container('app', {
          disableNetworking: true,
          linuxParameters: { devices: [{ hostPath: '/dev/fuse' }], initProcessEnabled: true, swappiness: 10 },
          startTimeout: 120,
          restartPolicy: { enabled: true },
        }),
      ]),
      pick: (s) => first(s).name,
      want: 'app',
      warnings: [
        'containerDefinitions[app].disableNetworking',
        'containerDefinitions[app].linuxParameters.devices',
        'containerDefinitions[app].linuxParameters.initProcessEnabled',
        'containerDefinitions[app].linuxParameters.maxSwap',
        'containerDefinitions[app].startTimeout',
        'containerDefinitions[app].restartPolicy',
      ],
    },
    {
      name: 'repositoryCredentials naming a Secret is an image pull secret; an ARN warns',
      td: taskDefinition([
        container('app', { repositoryCredentials: { credentialsParameter: 'registry-auth' } }),
        container('side', { repositoryCredentials: { credentialsParameter: 'arn:aws:secretsmanager:eu-west-1:1:secret:x' } }),
      ]),
      pick: (s) => s.imagePullSecrets,
      want: [{ name: 'registry-auth' }],
      warnings: ['containerDefinitions[side].repositoryCredentials'],
    },
  ]);
});

describe('cpu and memory', () => {
  runRows([
    {
      name: 'container cpu units are millicore requests (x1000/1024, rounded up)',
      td: taskDefinition([container('app', { cpu: 256, memory: undefined, memoryReservation: 64 }), container('tiny', { cpu: 1, memory: undefined, memoryReservation: 64 })]),
      pick: (s) => s.containers.map((c) => c.resources?.requests?.cpu),
      want: ['250m', '1m'],
    },
    {
      name: 'memoryReservation is the request and memory the limit',
      td: taskDefinition([container('app', { memoryReservation: 256, memory: 1024 })]),
      pick: (s) => first(s).resources,
      want: { requests: { memory: '256Mi' }, limits: { memory: '1024Mi' } },
    },
    {
      name: 'memory alone is both request and limit',
      td: taskDefinition([container('app', { memory: 512 })]),
      pick: (s) => first(s).resources,
      want: { requests: { memory: '512Mi' }, limits: { memory: '512Mi' } },
    },
    {
      name: 'task cpu and memory are Pod-level resources; a container without reservation requests 0',
      td: taskDefinition([container('app', { cpu: 512, memory: 768 }), container('side', { memory: undefined, memoryReservation: 128 })], { cpu: '1024', memory: '2048' }),
      pick: (s) => [s.resources, s.containers.map((c) => c.resources)],
      want: [
        { requests: { cpu: '1000m', memory: '2048Mi' }, limits: { memory: '2048Mi' } },
        [{ requests: { cpu: '500m', memory: '0' }, limits: { memory: '768Mi' } }, { requests: { memory: '128Mi' } }],
      ],
    },
    {
      name: 'the Pod-level cpu request covers the containers rounded up one by one',
      td: taskDefinition([container('a', { cpu: 100 }), container('b', { cpu: 100 }), container('c', { cpu: 56 })], { cpu: '256' }),
      pick: (s) => s.resources?.requests?.cpu,
      want: '251m',
    },
    {
      name: 'a GPU requirement is an nvidia.com/gpu limit; an inference accelerator warns',
      td: taskDefinition([container('app', { resourceRequirements: [{ type: 'GPU', value: '2' }, { type: 'InferenceAccelerator', value: 'device_1' }] })]),
      pick: (s) => first(s).resources?.limits,
      want: { memory: '512Mi', 'nvidia.com/gpu': '2' },
      warnings: ['containerDefinitions[app].resourceRequirements'],
    },
  ]);
});

describe('port mappings', () => {
  runRows([
    {
      name: 'bridge: a static hostPort is kept',
      td: taskDefinition([container('app', { portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }] })]),
      pick: (s) => first(s).ports,
      want: [{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }],
    },
    {
      name: 'bridge: a dynamic mapping gets the host port the operator assigned',
      td: taskDefinition([container('app', { portMappings: [{ containerPort: 8080, hostPort: 0, protocol: 'tcp' }, { containerPort: 53, protocol: 'udp', name: 'dns' }] })]),
      input: { dynamicHostPorts: new Map([[dynamicHostPortKey('app', 8080, 'tcp'), 49153], ['app/53/udp', 49154]]) },
      pick: (s) => first(s).ports,
      want: [
        { containerPort: 8080, hostPort: 49153, protocol: 'TCP' },
        { containerPort: 53, hostPort: 49154, protocol: 'UDP', name: 'dns' },
      ],
    },
    {
      name: 'bridge: a dynamic mapping without an assignment has no host port, with a warning',
      td: taskDefinition([container('app', { portMappings: [{ containerPort: 8080, hostPort: 0, protocol: 'tcp' }] })]),
      pick: (s) => first(s).ports,
      want: [{ containerPort: 8080, protocol: 'TCP' }],
      warnings: ['containerDefinitions[app].portMappings'],
    },
    {
      name: 'host: hostNetwork, and the host port is the container port',
      td: taskDefinition([container('app', { portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }] })], { networkMode: 'host' }),
      input: { securityPolicy: OPEN },
      pick: (s) => [s.hostNetwork, first(s).ports],
      want: [true, [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }]],
    },
    {
      name: 'awsvpc: the Pod IP is the task IP, no host port; networkConfiguration warns',
      td: taskDefinition([container('app', { portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp' }] })], { networkMode: 'awsvpc' }),
      input: { networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } } },
      pick: (s) => [s.hostNetwork, first(s).ports],
      want: [undefined, [{ containerPort: 80, protocol: 'TCP' }]],
      warnings: ['networkConfiguration'],
    },
    {
      name: 'none: no ports, and a Pod always has a network',
      td: taskDefinition([container('app', { portMappings: [{ containerPort: 80, protocol: 'tcp' }] })], { networkMode: 'none' }),
      pick: (s) => first(s).ports,
      want: undefined,
      warnings: ['containerDefinitions[app].portMappings', 'networkMode'],
    },
    {
      name: 'a port name Kubernetes does not accept is dropped with a warning',
      td: taskDefinition([container('app', { portMappings: [{ containerPort: 80, hostPort: 80, protocol: 'tcp', name: 'Web_HTTP_Port_Name' }] })]),
      pick: (s) => first(s).ports,
      want: [{ containerPort: 80, hostPort: 80, protocol: 'TCP' }],
      warnings: ['containerDefinitions[app].portMappings'],
    },
    {
      name: 'a containerPortRange cannot be declared: a warning',
      td: taskDefinition([container('app', { portMappings: [{ containerPortRange: '8000-8010', protocol: 'tcp' }] })]),
      pick: (s) => first(s).ports,
      want: undefined,
      warnings: ['containerDefinitions[app].portMappings'],
    },
    {
      name: 'two containers on one port collide in the Pod network: a warning',
      td: taskDefinition([
        container('a', { portMappings: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }] }),
        container('b', { portMappings: [{ containerPort: 80, hostPort: 8081, protocol: 'tcp' }] }),
      ]),
      pick: (s) => s.containers.map((c) => c.ports),
      want: [[{ containerPort: 80, hostPort: 8080, protocol: 'TCP' }], [{ containerPort: 80, hostPort: 8081, protocol: 'TCP' }]],
      warnings: ['containerDefinitions.portMappings'],
    },
  ]);
});

describe('health checks', () => {
  runRows([
    {
      name: 'CMD runs directly as a readiness probe; never a liveness probe',
      td: taskDefinition([container('app', { healthCheck: { command: ['CMD', 'curl', '-f', 'http://localhost/'], interval: 15, timeout: 3, retries: 4, startPeriod: 60 } })]),
      pick: (s) => [first(s).readinessProbe, first(s).livenessProbe, first(s).startupProbe],
      want: [{ exec: { command: ['curl', '-f', 'http://localhost/'] }, periodSeconds: 15, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 4 }, undefined, undefined],
    },
    {
      name: 'CMD-SHELL runs through /bin/sh -c',
      td: taskDefinition([container('app', { healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'], interval: 30, timeout: 5, retries: 3 } })]),
      pick: (s) => first(s).readinessProbe?.exec,
      want: { command: ['/bin/sh', '-c', 'curl -f http://localhost/ || exit 1'] },
    },
  ]);
});

describe('target health stand-in (load-balanced service tasks)', () => {
  const tcp = (port: number) => ({ tcpSocket: { port }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 2, successThreshold: 1 });
  const web = (fields: Partial<Container> = {}) => container('web', { portMappings: [{ containerPort: 8080, protocol: 'tcp' }], ...fields });
  const awsvpc = (containers: Container[]) => taskDefinition(containers, { networkMode: 'awsvpc' });
  runRows([
    {
      name: 'a load-balanced container without a healthCheck gets a TCP readiness probe on its container port',
      td: awsvpc([web()]),
      input: { service: 'web', loadBalancerTargets: [{ containerName: 'web', containerPort: 8080 }] },
      pick: (s) => [first(s).readinessProbe, first(s).livenessProbe],
      want: [tcp(8080), undefined],
    },
    {
      name: 'its own healthCheck wins over the stand-in',
      td: awsvpc([web({ healthCheck: { command: ['CMD', 'check'], interval: 10, timeout: 2, retries: 3 } })]),
      input: { service: 'web', loadBalancerTargets: [{ containerName: 'web', containerPort: 8080 }] },
      pick: (s) => first(s).readinessProbe,
      want: { exec: { command: ['check'] }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 3 },
    },
    {
      name: 'without loadBalancerTargets (standalone task, or a service without load balancers) there is no probe',
      td: awsvpc([web()]),
      input: { service: 'web' },
      pick: (s) => first(s).readinessProbe,
      want: undefined,
    },
    {
      name: 'only the containers named by a target get the probe, matched by ECS name',
      td: awsvpc([container('Web_App', { portMappings: [{ containerPort: 80, protocol: 'tcp' }] }), container('log-router', { essential: false })]),
      input: { service: 'web', loadBalancerTargets: [{ containerName: 'Web_App', containerPort: 80 }] },
      pick: (s) => [byName(s, 'web-app')?.readinessProbe, byName(s, 'log-router')?.readinessProbe],
      want: [tcp(80), undefined],
      warnings: ['containerDefinitions[Web_App].name'],
    },
    {
      name: 'two targets on one container: the first port is probed',
      td: awsvpc([container('web', { portMappings: [{ containerPort: 80, protocol: 'tcp' }, { containerPort: 443, protocol: 'tcp' }] })]),
      input: { service: 'web', loadBalancerTargets: [{ containerName: 'web', containerPort: 443 }, { containerName: 'web', containerPort: 80 }] },
      pick: (s) => first(s).readinessProbe,
      want: tcp(443),
    },
    {
      name: 'a service task Pod carries the serving label the core Services select',
      td: awsvpc([web()]),
      input: { service: 'web' },
      pick: (_s, pod) => pod.metadata?.labels?.['ecs.stevedore.dev/serving'],
      want: 'true',
    },
    {
      name: 'a standalone task Pod has no serving label',
      td: awsvpc([web()]),
      pick: (_s, pod) => pod.metadata?.labels?.['ecs.stevedore.dev/serving'],
      want: undefined,
    },
  ]);
});

const healthCheck = { command: ['CMD', 'check'], interval: 10, timeout: 2, retries: 3, startPeriod: 25 };
const names = (containers: V1Container[] | undefined) => (containers ?? []).map((c) => c.name);

describe('dependsOn', () => {
  runRows([
    {
      name: 'no dependencies: app containers in definition order',
      td: taskDefinition([container('b'), container('a')]),
      pick: (s) => [names(s.initContainers), names(s.containers)],
      want: [[], ['b', 'a']],
    },
    {
      name: 'START: the container waited on is a native sidecar, without a startup probe',
      td: taskDefinition([container('app', { dependsOn: [{ containerName: 'proxy', condition: 'START' }] }), container('proxy')]),
      pick: (s) => [byName(s, 'proxy'), names(s.containers)],
      want: [{ name: 'proxy', image: 'nginx', restartPolicy: 'Always', resources: { requests: { memory: '512Mi' }, limits: { memory: '512Mi' } } }, ['app']],
    },
    {
      name: 'HEALTHY: a native sidecar whose startup probe allows the start period, then retries',
      td: taskDefinition([container('app', { dependsOn: [{ containerName: 'proxy', condition: 'HEALTHY' }] }), container('proxy', { healthCheck })]),
      pick: (s) => [byName(s, 'proxy')?.restartPolicy, byName(s, 'proxy')?.startupProbe],
      want: ['Always', { exec: { command: ['check'] }, periodSeconds: 10, timeoutSeconds: 2, successThreshold: 1, failureThreshold: 6 }],
    },
    {
      name: 'SUCCESS: an ordinary init container, whose healthCheck cannot run',
      td: taskDefinition([container('app', { dependsOn: [{ containerName: 'migrate', condition: 'SUCCESS' }] }), container('migrate', { essential: false, healthCheck })]),
      pick: (s) => [names(s.initContainers), byName(s, 'migrate')?.restartPolicy, byName(s, 'migrate')?.readinessProbe],
      want: [['migrate'], undefined, undefined],
      warnings: ['containerDefinitions[migrate].healthCheck'],
    },
    {
      name: 'COMPLETE: an init container too, with a warning that it must exit 0',
      td: taskDefinition([container('app', { dependsOn: [{ containerName: 'setup', condition: 'COMPLETE' }] }), container('setup', { essential: false })]),
      pick: (s) => [names(s.initContainers), names(s.containers)],
      want: [['setup'], ['app']],
      warnings: ['containerDefinitions[app].dependsOn'],
    },
    {
      name: 'a chain is in topological order, whatever the definition order',
      td: taskDefinition([
        container('app', { dependsOn: [{ containerName: 'b', condition: 'START' }] }),
        container('b', { dependsOn: [{ containerName: 'a', condition: 'START' }] }),
        container('a'),
      ]),
      pick: (s) => [names(s.initContainers), names(s.containers)],
      want: [['a', 'b'], ['app']],
    },
    {
      name: 'a container Kubernetes makes wait for an unrelated init container: a warning',
      td: taskDefinition([
        container('app', { dependsOn: [{ containerName: 'proxy', condition: 'START' }] }),
        container('worker', { dependsOn: [{ containerName: 'seed', condition: 'SUCCESS' }] }),
        container('proxy'),
        container('seed', { essential: false }),
      ]),
      pick: (s) => [names(s.initContainers), names(s.containers)],
      want: [['proxy', 'seed'], ['app', 'worker']],
      warnings: ['containerDefinitions[seed].dependsOn', 'containerDefinitions[app].dependsOn', 'containerDefinitions[worker].dependsOn'],
    },
    {
      name: 'START on a container another needs to exit: it waits for the exit, with a warning',
      td: taskDefinition([
        container('app', { dependsOn: [{ containerName: 'seed', condition: 'START' }] }),
        container('job', { dependsOn: [{ containerName: 'seed', condition: 'SUCCESS' }] }),
        container('seed', { essential: false }),
      ]),
      pick: (s) => names(s.initContainers),
      want: ['seed'],
      warnings: ['containerDefinitions[app].dependsOn'],
    },
    {
      name: 'START on a sidecar another needs HEALTHY: it waits for health, with a warning',
      td: taskDefinition([
        container('app', { dependsOn: [{ containerName: 'proxy', condition: 'HEALTHY' }] }),
        container('admin', { dependsOn: [{ containerName: 'proxy', condition: 'START' }] }),
        container('proxy', { healthCheck }),
      ]),
      pick: (s) => byName(s, 'proxy')?.startupProbe !== undefined,
      want: true,
      warnings: ['containerDefinitions[admin].dependsOn'],
    },
    {
      name: 'a non-essential sidecar is restarted by the kubelet: a warning',
      td: taskDefinition([container('app', { dependsOn: [{ containerName: 'agent', condition: 'START' }] }), container('agent', { essential: false })]),
      pick: (s) => byName(s, 'agent')?.restartPolicy,
      want: 'Always',
      warnings: ['containerDefinitions[agent].essential'],
    },
    {
      name: 'the containers annotation records each ECS container, its role and essential',
      td: taskDefinition([
        container('app', { dependsOn: [{ containerName: 'proxy', condition: 'START' }, { containerName: 'init', condition: 'SUCCESS' }] }),
        container('init', { essential: false }),
        container('proxy'),
      ]),
      pick: (_s, pod) => readPodContainerRecords(pod.metadata?.annotations),
      want: [
        { name: 'init', ecsName: 'init', essential: false, role: 'init' },
        { name: 'proxy', ecsName: 'proxy', essential: true, role: 'sidecar' },
        { name: 'app', ecsName: 'app', essential: true, role: 'app' },
      ],
      warnings: ['containerDefinitions[proxy].dependsOn'],
    },
  ]);
});

describe('stopTimeout', () => {
  runRows([
    {
      name: 'the grace period is the longest stopTimeout',
      td: taskDefinition([container('a', { stopTimeout: 10 }), container('b', { stopTimeout: 90 })]),
      pick: (s) => s.terminationGracePeriodSeconds,
      want: 90,
    },
    {
      name: 'a container without stopTimeout counts as 30 seconds',
      td: taskDefinition([container('a', { stopTimeout: 10 }), container('b')]),
      pick: (s) => s.terminationGracePeriodSeconds,
      want: 30,
    },
  ]);
});

describe('volumes', () => {
  runRows([
    {
      name: 'a host sourcePath is a hostPath where the Cluster allows it; mountPoints are volumeMounts',
      td: taskDefinition([container('app', { mountPoints: [{ sourceVolume: 'logs', containerPath: '/var/log/app', readOnly: false }] })], {
        volumes: [{ name: 'logs', host: { sourcePath: '/var/log/web' } }],
      }),
      input: { securityPolicy: OPEN },
      pick: (s) => [s.volumes, first(s).volumeMounts],
      want: [[{ name: 'logs', hostPath: { path: '/var/log/web' } }], [{ name: 'logs', mountPath: '/var/log/app' }]],
    },
    {
      name: 'a volume without configuration (a Docker-managed path) is an emptyDir',
      td: taskDefinition([container('app')], { volumes: [{ name: 'scratch' }] }),
      pick: (s) => s.volumes,
      want: [{ name: 'scratch', emptyDir: {} }],
    },
    {
      name: 'a task-scoped Docker volume is an emptyDir; a driver other than local warns',
      td: taskDefinition([container('app')], {
        volumes: [
          { name: 'cache', dockerVolumeConfiguration: { scope: 'task', autoprovision: false } },
          { name: 'rex', dockerVolumeConfiguration: { scope: 'task', driver: 'rexray/ebs' } },
        ],
      }),
      pick: (s) => s.volumes,
      want: [
        { name: 'cache', emptyDir: {} },
        { name: 'rex', emptyDir: {} },
      ],
      warnings: ['volumes[rex]'],
    },
    {
      name: 'a shared Docker volume is the PersistentVolumeClaim named after it, with a warning',
      td: taskDefinition([container('app')], { volumes: [{ name: 'Shared_Data', dockerVolumeConfiguration: { scope: 'shared', autoprovision: true } }] }),
      pick: (s) => s.volumes,
      want: [{ name: 'shared-data', persistentVolumeClaim: { claimName: 'shared-data' } }],
      warnings: ['volumes[Shared_Data]', 'volumes[Shared_Data]'],
    },
    {
      name: 'an EFS volume is the PersistentVolumeClaim named after it, with a warning',
      td: taskDefinition([container('app')], { volumes: [{ name: 'media', efsVolumeConfiguration: { fileSystemId: 'fs-1234', transitEncryption: 'DISABLED' } }] }),
      pick: (s) => s.volumes,
      want: [{ name: 'media', persistentVolumeClaim: { claimName: 'media' } }],
      warnings: ['volumes[media]'],
    },
    {
      name: 'volumesFrom mounts what the source container mounts, read-only if asked',
      td: taskDefinition(
        [
          container('app', { mountPoints: [{ sourceVolume: 'data', containerPath: '/data', readOnly: false }] }),
          container('backup', { volumesFrom: [{ sourceContainer: 'app', readOnly: true }] }),
        ],
        { volumes: [{ name: 'data' }] },
      ),
      pick: (s) => byName(s, 'backup')?.volumeMounts,
      want: [{ name: 'data', mountPath: '/data', readOnly: true }],
    },
    {
      name: 'sharedMemorySize and tmpfs are memory-backed emptyDirs',
      td: taskDefinition([container('app', { linuxParameters: { sharedMemorySize: 256, tmpfs: [{ containerPath: '/run', size: 64, mountOptions: ['noexec'] }] } })]),
      pick: (s) => [s.volumes, first(s).volumeMounts],
      want: [
        [
          { name: 'app-shm', emptyDir: { medium: 'Memory', sizeLimit: '256Mi' } },
          { name: 'app-tmpfs', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
        ],
        [
          { name: 'app-shm', mountPath: '/dev/shm' },
          { name: 'app-tmpfs', mountPath: '/run' },
        ],
      ],
      warnings: ['containerDefinitions[app].linuxParameters.tmpfs'],
    },
  ]);
});

describe('the Pod', () => {
  runRows([
    {
      name: 'the Cluster tolerations are the Pod tolerations',
      td: taskDefinition([container('app')]),
      input: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ecs', effect: 'NoSchedule' }] },
      pick: (s) => s.tolerations,
      want: [{ key: 'dedicated', operator: 'Equal', value: 'ecs', effect: 'NoSchedule' }],
    },
    {
      name: 'pidMode host is hostPID where privileged is allowed; ipcMode host is hostIPC',
      td: taskDefinition([container('app')], { pidMode: 'host', ipcMode: 'host' }),
      input: { securityPolicy: OPEN },
      pick: (s) => [s.hostPID, s.hostIPC],
      want: [true, true],
    },
    {
      name: 'pidMode task shares one PID namespace; ipcMode none cannot be expressed',
      td: taskDefinition([container('app')], { pidMode: 'task', ipcMode: 'none' }),
      pick: (s) => [s.shareProcessNamespace, s.hostIPC],
      want: [true, undefined],
      warnings: ['ipcMode'],
    },
    {
      name: 'hostname is the Pod hostname when the containers agree',
      td: taskDefinition([container('a', { hostname: 'web' }), container('b', { hostname: 'web' }), container('c')]),
      pick: (s) => s.hostname,
      want: 'web',
    },
    {
      name: 'containers with different hostnames: the first applies, with a warning',
      td: taskDefinition([container('a', { hostname: 'web' }), container('b', { hostname: 'worker' })]),
      pick: (s) => s.hostname,
      want: 'web',
      warnings: ['containerDefinitions.hostname'],
    },
    {
      name: 'dnsServers replace the cluster DNS (dnsPolicy None), with the search domains',
      td: taskDefinition([container('a', { dnsServers: ['10.0.0.2'], dnsSearchDomains: ['corp.example'] })]),
      pick: (s) => [s.dnsPolicy, s.dnsConfig],
      want: ['None', { nameservers: ['10.0.0.2'], searches: ['corp.example'] }],
    },
    {
      name: 'extraHosts and links are hostAliases for every container',
      td: taskDefinition([
        container('a', { extraHosts: [{ hostname: 'db.internal', ipAddress: '10.0.0.5' }], links: ['b:backend'] }),
        container('b', { extraHosts: [{ hostname: 'db.internal', ipAddress: '10.0.0.5' }] }),
      ]),
      pick: (s) => s.hostAliases,
      want: [
        { ip: '10.0.0.5', hostnames: ['db.internal'] },
        { ip: '127.0.0.1', hostnames: ['b', 'backend'] },
      ],
    },
    {
      name: 'safe systemControls are Pod sysctls; others warn',
      td: taskDefinition([
        container('a', {
          systemControls: [
            { namespace: 'net.ipv4.tcp_keepalive_time', value: '120' },
            { namespace: 'net.core.somaxconn', value: '4096' },
          ],
        }),
      ]),
      pick: (s) => s.securityContext,
      want: { sysctls: [{ name: 'net.ipv4.tcp_keepalive_time', value: '120' }] },
      warnings: ['containerDefinitions[a].systemControls'],
    },
    {
      name: 'task roles and Fargate-only settings warn',
      td: taskDefinition([container('app')], { taskRoleArn: 'arn:aws:iam::1:role/web', ephemeralStorage: { sizeInGiB: 30 } }),
      pick: (s) => s.serviceAccountName,
      want: undefined,
      warnings: ['taskRoleArn', 'ephemeralStorage'],
    },
    {
      name: 'a family too long for a label value is left out of the labels, with a warning',
      td: taskDefinition([container('app')], { family: 'f'.repeat(64) }),
      pick: (_s, pod) => pod.metadata?.labels?.['ecs.stevedore.dev/family'],
      want: undefined,
      warnings: ['family'],
    },
  ]);
});

describe('refusals', () => {
  it.each<{ name: string; td: TaskDefinition; input?: Partial<TaskPodInput>; reason: TaskPodRefusalReason; message: RegExp }>([
    { name: 'privileged without allowPrivileged', td: taskDefinition([container('app', { privileged: true })]), reason: 'PrivilegedNotAllowed', message: /Container 'app' is privileged; Cluster 'prod' does not allow it \(spec.securityPolicy.allowPrivileged\)/ },
    {
      name: 'added capabilities without allowPrivileged',
      td: taskDefinition([container('app', { linuxParameters: { capabilities: { add: ['SYS_ADMIN'] } } })]),
      reason: 'CapabilitiesNotAllowed',
      message: /adds capabilities SYS_ADMIN/,
    },
    { name: 'host network without allowHostNetwork', td: taskDefinition([container('app')], { networkMode: 'host' }), reason: 'HostNetworkNotAllowed', message: /allowHostNetwork/ },
    { name: 'host PID without allowPrivileged', td: taskDefinition([container('app')], { pidMode: 'host' }), input: { securityPolicy: { ...OPEN, allowPrivileged: false } }, reason: 'HostPidNotAllowed', message: /hostPID/ },
    { name: 'host IPC without allowPrivileged', td: taskDefinition([container('app')], { ipcMode: 'host' }), reason: 'HostIpcNotAllowed', message: /hostIPC/ },
    {
      name: 'a host path without allowHostPath',
      td: taskDefinition([container('app')], { volumes: [{ name: 'docker', host: { sourcePath: '/var/run/docker.sock' } }] }),
      input: { securityPolicy: { ...OPEN, allowHostPath: false } },
      reason: 'HostPathNotAllowed',
      message: /Volume 'docker' mounts host path '\/var\/run\/docker.sock'/,
    },
    {
      name: 'a secret from an AWS ARN',
      td: taskDefinition([container('app', { secrets: [{ name: 'DB', valueFrom: 'arn:aws:secretsmanager:eu-west-1:1:secret:db' }] })]),
      reason: 'UnsupportedSecretReference',
      message: /an AWS ARN, which Stevedore cannot resolve\. Use "<secret>\/<key>"/,
    },
    {
      name: 'a secret that is not "<secret>/<key>" (an SSM parameter name)',
      td: taskDefinition([container('app', { secrets: [{ name: 'DB', valueFrom: '/prod/db/password' }] })]),
      reason: 'UnsupportedSecretReference',
      message: /not a Kubernetes Secret key/,
    },
    {
      name: 'a dependsOn cycle',
      td: taskDefinition([
        container('a', { dependsOn: [{ containerName: 'b', condition: 'START' }] }),
        container('b', { dependsOn: [{ containerName: 'a', condition: 'START' }] }),
        container('c'),
      ]),
      reason: 'DependencyCycle',
      message: /'a', 'b' are blocked by a dependsOn cycle/,
    },
    { name: 'a dependency on an unknown container', td: taskDefinition([container('a', { dependsOn: [{ containerName: 'ghost', condition: 'START' }] })]), reason: 'InvalidDependency', message: /not a container/ },
    {
      name: 'SUCCESS on an essential container',
      td: taskDefinition([container('a', { dependsOn: [{ containerName: 'b', condition: 'SUCCESS' }] }), container('b')]),
      reason: 'InvalidDependency',
      message: /'b' is essential/,
    },
    {
      name: 'HEALTHY on a container without a healthCheck',
      td: taskDefinition([container('a', { dependsOn: [{ containerName: 'b', condition: 'HEALTHY' }] }), container('b')]),
      reason: 'InvalidDependency',
      message: /no healthCheck/,
    },
    {
      name: 'a mount of an unknown volume',
      td: taskDefinition([container('a', { mountPoints: [{ sourceVolume: 'nope', containerPath: '/x' }] })]),
      reason: 'UnknownVolume',
      message: /volume 'nope', which is not a volume/,
    },
  ])('$name: $reason', ({ td, input: fields, reason, message }) => {
    const result = buildTaskPod(input(td, fields));
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});

describe('dynamic host ports', () => {
  it('lists the bridge mappings that need one, keyed as buildTaskPod reads them', () => {
    const td = taskDefinition([
      container('app', {
        portMappings: [
          { containerPort: 8080, hostPort: 0, protocol: 'tcp' },
          { containerPort: 80, hostPort: 80, protocol: 'tcp' },
          { containerPort: 53, protocol: 'udp' },
        ],
      }),
    ]);
    expect(listDynamicPortMappings(td)).toEqual([
      { key: 'app/8080/tcp', container: 'app', containerPort: 8080, protocol: 'tcp' },
      { key: 'app/53/udp', container: 'app', containerPort: 53, protocol: 'udp' },
    ]);
    expect(listDynamicPortMappings({ ...td, networkMode: 'awsvpc' })).toEqual([]);
  });
});

describe('a web app behind a proxy, with a migration first (the whole Pod)', () => {
  // As registered: the spec through the same normalisation the TaskDefinition controller runs.
  const normalized = normalizeTaskDefinition(shopWeb(), 'shop-web');
  if (!normalized.ok) throw new Error(normalized.messages.join('; '));

  const result = buildTaskPod({
    task: { name: 'shop-web-5d8b1', namespace: 'shop', uid: '7b0f6a52-0d4e-4c2e-9a51-3f3c2b1d9e11' },
    taskDefinition: normalized.taskDefinition,
    revision: 12,
    cluster: 'prod',
    group: 'service:shop-web',
    node: 'ip-10-0-1-23',
    service: 'shop-web',
    tolerations: [{ key: 'ecs.stevedore.dev/dedicated', operator: 'Exists', effect: 'NoSchedule' }],
    securityPolicy: { allowPrivileged: false, allowHostNetwork: false, allowHostPath: false },
    dynamicHostPorts: new Map([
      ['web/8080/tcp', 49160],
      ['envoy/8443/tcp', 49161],
    ]),
  });
  if (!result.ok) throw new Error(result.message);
  const { pod, warnings } = result;
  const spec = pod.spec as V1PodSpec;
  const envoyReady = { exec: { command: ['/usr/local/bin/envoy-ready'] }, periodSeconds: 5, timeoutSeconds: 2, successThreshold: 1 };

  it('is bound to its Node, owned by its Task and labelled for the ECS view', () => {
    expect(pod.metadata).toEqual({
      name: 'shop-web-5d8b1',
      namespace: 'shop',
      labels: {
        'ecs.stevedore.dev/task': 'shop-web-5d8b1',
        'ecs.stevedore.dev/cluster': 'prod',
        'ecs.stevedore.dev/family': 'shop-web',
        'ecs.stevedore.dev/revision': '12',
        'ecs.stevedore.dev/service': 'shop-web',
        // Service task Pods take traffic until the Task controller removes this before a stop.
        'ecs.stevedore.dev/serving': 'true',
      },
      annotations: {
        'ecs.stevedore.dev/group': 'service:shop-web',
        'ecs.stevedore.dev/task-definition': 'shop-web:12',
        [containersAnnotation]: JSON.stringify([
          { name: 'migrate', ecsName: 'migrate', essential: false, role: 'init' },
          { name: 'envoy', ecsName: 'envoy', essential: true, role: 'sidecar' },
          { name: 'web', ecsName: 'web', essential: true, role: 'app' },
        ]),
      },
      ownerReferences: [{ apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Task', name: 'shop-web-5d8b1', uid: '7b0f6a52-0d4e-4c2e-9a51-3f3c2b1d9e11', controller: true, blockOwnerDeletion: true }],
    });
  });

  it('has the Pod-wide settings of an ECS task', () => {
    const { initContainers: _init, containers: _containers, ...podWide } = spec;
    expect(podWide).toEqual({
      nodeName: 'ip-10-0-1-23',
      schedulerName: 'stevedore',
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      terminationGracePeriodSeconds: 60,
      tolerations: [{ key: 'ecs.stevedore.dev/dedicated', operator: 'Exists', effect: 'NoSchedule' }],
      volumes: [{ name: 'tmp', emptyDir: {} }],
    });
  });

  it('runs the migration to completion, then the proxy as a sidecar until it is healthy, then the app', () => {
    expect(spec.initContainers).toEqual([
      {
        name: 'migrate',
        image: 'registry.example/shop/web:1.4.2',
        args: ['bin/migrate', 'up'],
        env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } } }],
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } },
      },
      {
        name: 'envoy',
        image: 'envoyproxy/envoy:v1.31.2',
        restartPolicy: 'Always',
        ports: [
          { containerPort: 8443, hostPort: 49161, protocol: 'TCP', name: 'https' },
          { containerPort: 9901, hostPort: 9901, protocol: 'TCP', name: 'admin' },
        ],
        resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '256Mi' } },
        readinessProbe: { ...envoyReady, failureThreshold: 3 },
        // Two checks inside the 10 s start period, then 3 retries.
        startupProbe: { ...envoyReady, failureThreshold: 5 },
        securityContext: { runAsUser: 101, runAsGroup: 101 },
      },
    ]);
    expect(spec.containers).toEqual([
      {
        name: 'web',
        image: 'registry.example/shop/web:1.4.2',
        env: [
          { name: 'LOG_LEVEL', value: 'info' },
          { name: 'PORT', value: '8080' },
          { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'shop-db', key: 'password' } } },
        ],
        ports: [{ containerPort: 8080, hostPort: 49160, protocol: 'TCP', name: 'http' }],
        resources: { requests: { cpu: '500m', memory: '512Mi' }, limits: { memory: '1024Mi' } },
        volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
        readinessProbe: {
          exec: { command: ['/bin/sh', '-c', 'curl -fs http://localhost:8080/healthz || exit 1'] },
          periodSeconds: 30,
          timeoutSeconds: 5,
          successThreshold: 1,
          failureThreshold: 3,
        },
        securityContext: { readOnlyRootFilesystem: true },
      },
    ]);
  });

  it('warns about what Kubernetes does differently', () => {
    expect(warnings).toEqual([
      {
        field: 'containerDefinitions[envoy].dependsOn',
        message: "Kubernetes starts 'envoy' only after 'migrate' (earlier init containers and sidecars); ECS would not wait for it.",
      },
      {
        field: 'containerDefinitions[envoy].logConfiguration',
        message: 'The awslogs log driver and its options are not applied; the kubelet keeps stdout and stderr (kubectl logs), for a log agent on the Node to ship.',
      },
    ]);
  });
});

describe('invariants, on every example task definition', () => {
  const OPEN_GATES = { allowPrivileged: true, allowHostNetwork: true, allowHostPath: true };
  it.each([
    ['shop-web', shopWeb()],
    ['kitchen-sink', kitchenSink()],
    ['host-agent', hostAgent()],
    ['vpc-service', vpcService()],
  ])('%s', (name, raw) => {
    const normalized = normalizeTaskDefinition(raw, name);
    if (!normalized.ok) throw new Error(normalized.messages.join('; '));
    const { pod, spec } = build(normalized.taskDefinition, { securityPolicy: OPEN_GATES });
    const all = [...(spec.initContainers ?? []), ...spec.containers];
    const volumeNames = (spec.volumes ?? []).map((v) => v.name);

    // Names are unique RFC 1123 labels, as Kubernetes requires.
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
    expect(new Set(volumeNames).size).toBe(volumeNames.length);
    for (const n of [...all.map((c) => c.name), ...volumeNames]) expect(n).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    for (const c of all) {
      // Every mount names a volume of the Pod, at most once per path.
      for (const m of c.volumeMounts ?? []) expect(volumeNames).toContain(m.name);
      expect(new Set((c.volumeMounts ?? []).map((m) => m.mountPath)).size).toBe((c.volumeMounts ?? []).length);
      // An unhealthy ECS container is never restarted.
      expect(c.livenessProbe).toBeUndefined();
      // Ordinary init containers cannot have probes.
      if ((spec.initContainers ?? []).includes(c) && c.restartPolicy !== 'Always') expect([c.readinessProbe, c.startupProbe]).toEqual([undefined, undefined]);
    }
    // Every ECS container is in the Pod exactly once, and the annotation says where.
    const records = readPodContainerRecords(pod.metadata?.annotations) ?? [];
    expect(records.map((r) => r.ecsName).sort()).toEqual(normalized.taskDefinition.containerDefinitions.map((c) => c.name).sort());
    expect(records.map((r) => r.name)).toEqual(all.map((c) => c.name));
    expect(spec.restartPolicy).toBe('Never');
  });
});

describe('readPodContainerRecords', () => {
  it.each([
    ['no annotations', undefined],
    ['no containers annotation', {}],
    ['not JSON', { [containersAnnotation]: '{' }],
    ['not a list', { [containersAnnotation]: '{}' }],
  ])('%s: undefined', (_name, annotations) => {
    expect(readPodContainerRecords(annotations)).toBeUndefined();
  });
});
