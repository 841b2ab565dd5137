/**
 * Admission of the ECS API by a real API server: the generated CRDs install, their OpenAPI
 * schema and CEL rules refuse what ECS refuses at registration (with ECS's message text where
 * ECS has one), and accept valid manifests, including describe-task-definition output pasted
 * into a TaskDefinition's spec. Needs only the admin kubeconfig the global setup provides.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import * as msg from '../../src/api/v1alpha1/validation-messages.ts';
import { API_VERSION } from '../../src/api/v1alpha1/meta.ts';
import { applyObject, kubectl } from './kubectl.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    kubeconfig: string;
  }
}

type Manifest = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: Record<string, unknown> };

const root = join(import.meta.dirname, '..', '..');
const kubeconfig = inject('kubeconfig');
const namespace = `admission-${randomBytes(3).toString('hex')}`;

const loadYaml = (path: string): Manifest[] => parseAllDocuments(readFileSync(join(root, path), 'utf8')).map((d) => d.toJS() as Manifest);

/** Cluster-scoped objects get a unique name, and a label to delete exactly them afterwards. */
const testRunLabel = 'test.stevedore.dev/run';
const uniqueCluster = (manifest: Manifest): Manifest => ({
  ...manifest,
  metadata: { ...manifest.metadata, name: `${manifest.metadata.name}-${namespace}`, labels: { [testRunLabel]: namespace } } as Manifest['metadata'],
});

const apply = (manifest: Manifest) =>
  manifest.kind === 'Cluster' ? applyObject(kubeconfig, uniqueCluster(manifest)) : applyObject(kubeconfig, manifest, namespace);

const getObject = (kind: string, name: string): Manifest & { spec: Record<string, unknown> } => {
  const got = kubectl(kubeconfig, ['get', `${kind}.ecs.stevedore.dev`, name, '-n', namespace, '-o', 'json']);
  expect(got.stderr).toBe('');
  return JSON.parse(got.stdout) as Manifest & { spec: Record<string, unknown> };
};

// A valid web task definition; each invalid case changes one thing.
const container = (name: string, extra: Record<string, unknown> = {}) => ({ name, image: 'nginx:1.27', memory: 256, ...extra });
const taskDefinition = (name: string, spec: Record<string, unknown>): Manifest => ({
  apiVersion: API_VERSION,
  kind: 'TaskDefinition',
  metadata: { name },
  spec: { containerDefinitions: [container('web')], ...spec },
});
const service = (name: string, spec: Record<string, unknown>): Manifest => ({
  apiVersion: API_VERSION,
  kind: 'Service',
  metadata: { name },
  spec: { taskDefinition: 'web', desiredCount: 2, ...spec },
});
const task = (name: string, spec: Record<string, unknown>): Manifest => ({ apiVersion: API_VERSION, kind: 'Task', metadata: { name }, spec: { taskDefinition: 'web:1', ...spec } });
const cluster = (name: string, spec: Record<string, unknown>): Manifest => ({ apiVersion: API_VERSION, kind: 'Cluster', metadata: { name }, spec });

beforeAll(() => {
  const crds = kubectl(kubeconfig, ['apply', '--server-side', '--force-conflicts', '--field-manager=admission-test', '-f', join(root, 'crds')]);
  expect(crds.stderr).toBe('');
  const established = kubectl(kubeconfig, ['wait', '--for=condition=Established', '--timeout=60s', ...['clusters', 'taskdefinitions', 'services', 'tasks'].map((p) => `crd/${p}.ecs.stevedore.dev`)]);
  expect(established.ok, established.stderr).toBe(true);
  expect(kubectl(kubeconfig, ['create', 'namespace', namespace]).ok).toBe(true);
});

afterAll(() => {
  kubectl(kubeconfig, ['delete', 'namespace', namespace, '--wait=false']);
  kubectl(kubeconfig, ['delete', 'clusters.ecs.stevedore.dev', '-l', `${testRunLabel}=${namespace}`, '--wait=false']);
});

describe('valid manifests are accepted', () => {
  const examples = [
    ...readdirSync(join(root, 'examples')).flatMap((f) => loadYaml(`examples/${f}`).map((m) => [`examples/${f}: ${m.kind} ${m.metadata.name}`, m] as const)),
    ...loadYaml('test/fixtures/describe-task-definition.yaml').map((m) => ['describe-task-definition output pasted into spec', m] as const),
  ];

  it.each(examples)('%s', (_name, manifest) => {
    const result = apply(manifest);
    expect(result.stderr).toBe('');
    expect(result.ok).toBe(true);
  });

  it('keeps the pasted describe-task-definition output unchanged, AWS output fields included', () => {
    const output = (JSON.parse(readFileSync(join(root, 'test/fixtures/describe-task-definition.json'), 'utf8')) as { taskDefinition: unknown }).taskDefinition;
    expect(getObject('taskdefinition', 'web-imported').spec).toEqual(output);
  });

  it.each<[string, Manifest]>([
    ['task cpu "1 vCPU" with containers summing to 1024 units', taskDefinition('td-vcpu', { cpu: '1 vCPU', memory: '1 GB', containerDefinitions: [container('a', { cpu: 512 }), container('b', { cpu: 512 })] })],
    ['task memory alone, containers without memory', taskDefinition('td-task-memory', { memory: 512, containerDefinitions: [{ name: 'a', image: 'nginx' }] })],
    ['equal memory and memoryReservation', taskDefinition('td-equal-memory', { containerDefinitions: [container('a', { memoryReservation: 256 })] })],
    ['dependsOn COMPLETE on a non-essential container', taskDefinition('td-complete', { containerDefinitions: [container('init', { essential: false }), container('web', { dependsOn: [{ containerName: 'init', condition: 'COMPLETE' }] })] })],
    ['awsvpc with hostPort equal to containerPort', taskDefinition('td-awsvpc', { networkMode: 'awsvpc', containerDefinitions: [container('a', { portMappings: [{ containerPort: 80, hostPort: 80 }] })] })],
    ['a family that is not a valid metadata.name', { ...taskDefinition('td-family', { family: 'Web_App' }) }],
    ['a DAEMON service without desiredCount', service('svc-daemon', { schedulingStrategy: 'DAEMON', desiredCount: undefined, placementConstraints: [{ type: 'memberOf', expression: 'attribute:ecs.os-type == linux' }] })],
    ['a service with five strategies', service('svc-five', { placementStrategy: [...Array(4).fill({ type: 'spread', field: 'instanceId' }), { type: 'random' }] })],
  ])('%s', (_name, manifest) => {
    const result = apply(manifest);
    expect(result.stderr).toBe('');
  });
});

describe('invalid manifests are refused with the ECS message', () => {
  it.each<{ name: string; manifest: Manifest; message: string }>([
    // Task definitions: ECS-SEMANTICS 1.9.
    { name: 'V1 eleven containers', manifest: taskDefinition('td-v1', { containerDefinitions: Array.from({ length: 11 }, (_, i) => container(`c${i}`)) }), message: msg.TOO_MANY_CONTAINERS },
    { name: 'V2 no memory anywhere', manifest: taskDefinition('td-v2', { containerDefinitions: [container('web'), { name: 'side', image: 'busybox' }] }), message: msg.memoryNotSpecified('side') },
    { name: 'V3 memory below memoryReservation', manifest: taskDefinition('td-v3', { containerDefinitions: [container('web', { memoryReservation: 512 })] }), message: msg.memoryBelowReservation('web') },
    { name: 'V4 container cpu above task cpu in vCPU', manifest: taskDefinition('td-v4', { cpu: '1 vCPU', containerDefinitions: [container('a', { cpu: 512 }), container('b', { cpu: 768 })] }), message: msg.CPU_SUM_EXCEEDS_TASK },
    { name: 'V4 container cpu above task cpu in units', manifest: taskDefinition('td-v4-units', { cpu: '256', containerDefinitions: [container('a', { cpu: 512 })] }), message: msg.CPU_SUM_EXCEEDS_TASK },
    { name: 'V5 reservations above task memory', manifest: taskDefinition('td-v5', { memory: '1 GB', containerDefinitions: [{ name: 'a', image: 'i', memoryReservation: 600 }, { name: 'b', image: 'i', memoryReservation: 600 }] }), message: msg.MEMORY_RESERVATION_SUM_EXCEEDS_TASK },
    { name: 'V6 container memory above task memory', manifest: taskDefinition('td-v6', { memory: 512, containerDefinitions: [container('web'), container('big', { memory: 1024 })] }), message: msg.containerMemoryExceedsTask('big') },
    { name: 'V7 task cpu that is not a size', manifest: taskDefinition('td-v7', { cpu: 'fast' }), message: msg.INVALID_TASK_CPU },
    { name: 'V7 task cpu below 128 units', manifest: taskDefinition('td-v7-low', { cpu: 64 }), message: msg.INVALID_TASK_CPU },
    { name: 'V8 distinctInstance in a task definition', manifest: taskDefinition('td-v8', { placementConstraints: [{ type: 'distinctInstance' }] }), message: msg.DISTINCT_INSTANCE_NOT_SUPPORTED },
    { name: 'V9 SUCCESS on an essential container', manifest: taskDefinition('td-v9', { containerDefinitions: [container('init'), container('web', { dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] })] }), message: msg.dependsOnEssential('web') },
    { name: 'dependsOn an unknown container', manifest: taskDefinition('td-dep', { containerDefinitions: [container('web', { dependsOn: [{ containerName: 'ghost', condition: 'START' }] })] }), message: msg.dependsOnUnknown('web') },
    { name: 'V10 host mode with another host port', manifest: taskDefinition('td-v10-host', { networkMode: 'host', containerDefinitions: [container('web', { portMappings: [{ containerPort: 80, hostPort: 8080 }] })] }), message: msg.hostPortMustEqualContainerPort('web') },
    { name: 'V10 awsvpc with another host port', manifest: taskDefinition('td-v10-awsvpc', { networkMode: 'awsvpc', containerDefinitions: [container('web', { portMappings: [{ containerPort: 80, hostPort: 81 }] })] }), message: msg.hostPortMustEqualContainerPort('web') },
    { name: 'V11 port mappings with network mode none', manifest: taskDefinition('td-v11', { networkMode: 'none', containerDefinitions: [container('web', { portMappings: [{ containerPort: 80 }] })] }), message: msg.portMappingsWithNetworkModeNone('web') },
    { name: 'V12 no essential container', manifest: taskDefinition('td-v12', { containerDefinitions: [container('web', { essential: false })] }), message: msg.NO_ESSENTIAL_CONTAINER },
    { name: 'V13 a container without image', manifest: taskDefinition('td-v13', { containerDefinitions: [{ name: 'web', memory: 128 }] }), message: 'Required value' },
    { name: 'duplicate container names', manifest: taskDefinition('td-dup', { containerDefinitions: [container('web'), container('web')] }), message: 'duplicate entries for key [name="web"]' },
    { name: 'a mount point of an unknown volume', manifest: taskDefinition('td-mount', { containerDefinitions: [container('web', { mountPoints: [{ sourceVolume: 'data', containerPath: '/d' }] })] }), message: msg.mountPointUnknownVolume('web') },
    { name: 'memberOf without expression', manifest: taskDefinition('td-memberof', { placementConstraints: [{ type: 'memberOf' }] }), message: "A 'memberOf' constraint requires an expression." },
    { name: 'a health check interval below 5 s', manifest: taskDefinition('td-health', { containerDefinitions: [container('web', { healthCheck: { command: ['CMD', 'true'], interval: 3 } })] }), message: 'should be greater than or equal to 5' },
    { name: 'a metadata.name that is no family, without spec.family', manifest: taskDefinition('web.v2', {}), message: 'is not a valid ECS family' },
    // Services: ECS-SEMANTICS 6.1, 6.3.
    { name: 'a metadata.name that is no service name, without spec.serviceName', manifest: service('web.v2', {}), message: 'is not a valid ECS service name' },
    { name: 'DAEMON with desiredCount', manifest: service('svc-daemon-count', { schedulingStrategy: 'DAEMON' }), message: msg.DAEMON_NO_DESIRED_COUNT },
    { name: 'DAEMON with a placement strategy', manifest: service('svc-daemon-strategy', { schedulingStrategy: 'DAEMON', desiredCount: undefined, placementStrategy: [{ type: 'random' }] }), message: msg.DAEMON_NO_PLACEMENT_STRATEGY },
    { name: 'DAEMON with a capacity provider strategy', manifest: service('svc-daemon-cp', { schedulingStrategy: 'DAEMON', desiredCount: undefined, capacityProviderStrategy: [{ capacityProvider: 'a', weight: 1 }] }), message: msg.DAEMON_NO_CAPACITY_PROVIDER_STRATEGY },
    { name: 'DAEMON with maximumPercent 200', manifest: service('svc-daemon-max', { schedulingStrategy: 'DAEMON', desiredCount: undefined, deploymentConfiguration: { maximumPercent: 200 } }), message: msg.DAEMON_MAXIMUM_PERCENT },
    { name: 'REPLICA without desiredCount', manifest: service('svc-no-count', { desiredCount: undefined }), message: msg.REPLICA_NEEDS_DESIRED_COUNT },
    { name: 'six placement strategies', manifest: service('svc-six', { placementStrategy: Array(6).fill({ type: 'random' }) }), message: 'must have at most 5 items' },
    { name: 'eleven placement constraints', manifest: service('svc-eleven', { placementConstraints: Array(11).fill({ type: 'distinctInstance' }) }), message: 'must have at most 10 items' },
    { name: 'binpack on a field other than cpu or memory', manifest: service('svc-binpack', { placementStrategy: [{ type: 'binpack', field: 'host' }] }), message: 'binpack needs field cpu or memory' },
    { name: 'launchType with a capacity provider strategy', manifest: service('svc-launch', { launchType: 'EC2', capacityProviderStrategy: [{ capacityProvider: 'a', weight: 1 }] }), message: msg.LAUNCH_TYPE_WITH_CAPACITY_PROVIDER_STRATEGY },
    { name: 'two capacity providers with a base', manifest: service('svc-bases', { capacityProviderStrategy: [{ capacityProvider: 'a', base: 1 }, { capacityProvider: 'b', base: 2 }] }), message: 'Only one capacity provider in a strategy can have a base.' },
    // Tasks and Clusters.
    { name: 'a task with an unknown desiredStatus', manifest: task('task-status', { desiredStatus: 'PAUSED' }), message: 'Unsupported value: "PAUSED"' },
    { name: 'a cluster default strategy naming an unknown provider', manifest: cluster('bad-default', { defaultCapacityProviderStrategy: [{ capacityProvider: 'spot', weight: 1 }] }), message: "Every provider of defaultCapacityProviderStrategy must be one of the Cluster's capacityProviders." },
    { name: 'a cluster retention that is no duration', manifest: cluster('bad-retention', { stoppedTaskRetention: 'forever' }), message: 'stoppedTaskRetention' },
  ])('$name', ({ manifest, message }) => {
    const result = apply(manifest);
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain(message);
  });
});

describe('updates follow ECS', () => {
  it('a Task can be stopped, and a stopped Task cannot run again', () => {
    expect(apply(task('lifecycle', {})).stderr).toBe('');
    expect(apply(task('lifecycle', { desiredStatus: 'STOPPED', stoppedReason: 'done testing' })).stderr).toBe('');
    const again = apply(task('lifecycle', { desiredStatus: 'RUNNING', stoppedReason: 'done testing' }));
    expect(again.ok).toBe(false);
    expect(again.stderr).toContain(msg.STOPPED_TASK_CANNOT_RUN);
    expect(getObject('task', 'lifecycle').spec.desiredStatus).toBe('STOPPED');
  });

  it('a Task is not changed after it was run', () => {
    expect(apply(task('immutable', {})).stderr).toBe('');
    const changed = apply(task('immutable', { taskDefinition: 'web:2' }));
    expect(changed.ok).toBe(false);
    expect(changed.stderr).toContain(msg.TASK_SPEC_IMMUTABLE);
    expect(getObject('task', 'immutable').spec.taskDefinition).toBe('web:1');
  });

  it('a deregistered revision stays deregistered', () => {
    expect(apply(taskDefinition('dereg', { deregisteredRevisions: [1, 2] })).stderr).toBe('');
    expect(apply(taskDefinition('dereg', { deregisteredRevisions: [1, 2, 3] })).stderr).toBe('');
    const undone = apply(taskDefinition('dereg', { deregisteredRevisions: [1, 3] }));
    expect(undone.ok).toBe(false);
    expect(undone.stderr).toContain(msg.DEREGISTRATION_IS_PERMANENT);
    expect(getObject('taskdefinition', 'dereg').spec.deregisteredRevisions).toEqual([1, 2, 3]);
  });
});

describe('kubectl teaches the API', () => {
  it.each<[string, string]>([
    ['taskdefinitions.spec.containerDefinitions.memoryReservation', 'Soft memory limit in MiB'],
    ['taskdefinitions.spec.cpu', '"1 vCPU"'],
    ['services.spec.placementStrategy.field', 'attribute:<name>'],
    ['tasks.spec.desiredStatus', 'StopTask'],
    ['clusters.spec.securityPolicy.allowHostPath', 'hostPath'],
  ])('explain %s', (field, text) => {
    const result = kubectl(kubeconfig, ['explain', field, `--api-version=${API_VERSION}`]);
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain(text);
  });

  it('lists every kind under the ecs category with the ECS columns', () => {
    const result = kubectl(kubeconfig, ['get', 'ecs', '-n', namespace]);
    expect(result.stderr).toBe('');
    for (const column of ['LASTSTATUS', 'DESIRED', 'INSTANCE', 'TASKDEF', 'HEALTH', 'FAMILY', 'REVISION', 'RUNNING', 'PENDING']) {
      expect(result.stdout).toContain(column);
    }
  });

  it.each(['ecsc', 'ecstd', 'ecssvc', 'ecst'])('knows the short name %s', (shortName) => {
    expect(kubectl(kubeconfig, ['get', shortName, '-n', namespace]).ok).toBe(true);
  });
});
