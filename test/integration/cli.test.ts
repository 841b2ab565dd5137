// The ECS verbs end to end: `bin/stevedore VERB` as a user runs it, against the real control
// plane with the operator running. Every describe/list document is checked against the JSON
// schema of ECS's response shapes (support/ecs-response-schema.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, CustomObjectsApi, RbacAuthorizationV1Api, type KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { normalizeTaskDefinition } from '../../src/api/v1alpha1/normalize-task-definition.ts';
import { repoRoot } from '../../src/localcluster/binaries.ts';
import { ecsShapeErrors, type ecsResponseSchemas } from './support/ecs-response-schema.ts';
import { applyObject } from './kubectl.ts';
import { createTestNamespace, eventually, testKubeConfig } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';

// Each verb is a process start (node, type stripping) on a loaded 2-core machine: seconds each.
vi.setConfig({ testTimeout: 240_000 });

let kc: KubeConfig;
let kubeconfig: string;
let namespace: string;
let operator: RunningOperator;
const scratch = mkdtempSync(join(tmpdir(), 'stevedore-cli-'));

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

function cli(args: string[], options: { kubeconfig?: string; session?: boolean } = {}): Promise<CliResult> {
  const full = options.session === false ? args : [...args, '--kubeconfig', options.kubeconfig ?? kubeconfig, '-n', namespace];
  return new Promise((resolve, reject) => {
    const child = spawn(join(repoRoot, 'bin', 'stevedore'), full, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STEVEDORE_LOG_FORMAT: 'json' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) as unknown }));
  });
}

/** Runs a verb, expects exit 0 and an ECS-shaped answer, and returns it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- ECS documents, checked by their schema
type EcsDocument = Record<string, any>;

async function ecs(operation: keyof typeof ecsResponseSchemas, args: string[]): Promise<EcsDocument> {
  const result = await cli(args);
  expect(result.code, `${args.join(' ')}\n${result.stderr}`).toBe(0);
  const document = result.json() as EcsDocument;
  expect(ecsShapeErrors(operation, document), JSON.stringify(document, null, 2)).toEqual([]);
  return document;
}

function file(name: string, content: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return `file://${path}`;
}

beforeAll(async () => {
  kc = testKubeConfig();
  kubeconfig = inject('kubeconfig');
  namespace = await createTestNamespace(kc, 'cli');
  operator = await startOperator();
});

afterAll(async () => {
  expect(await operator.stop(), operator.output()).toBe(0);
});

const webDefinition = { family: 'web', containerDefinitions: [{ name: 'web', image: 'nginx:1.27', cpu: 256, memory: 512, portMappings: [{ containerPort: 80 }] }] };

describe('task definitions and tasks', () => {
  let taskArns: string[] = [];

  it('register-task-definition takes --cli-input-json file:// and answers with the revision', async () => {
    const registered = await ecs('RegisterTaskDefinition', ['register-task-definition', '--cli-input-json', file('web.json', webDefinition)]);
    expect(registered['taskDefinition']).toMatchObject({ family: 'web', revision: 1, status: 'ACTIVE', taskDefinitionArn: `arn:aws:ecs:local:000000000000:task-definition/${namespace}.web:1` });
    const described = await ecs('DescribeTaskDefinition', ['describe-task-definition', '--task-definition', registered['taskDefinition'].taskDefinitionArn]);
    expect(described['taskDefinition'].containerDefinitions[0].image).toBe('nginx:1.27');
    const listed = await ecs('ListTaskDefinitions', ['list-task-definitions', '--family-prefix', 'web']);
    expect(listed['taskDefinitionArns']).toEqual([registered['taskDefinition'].taskDefinitionArn]);
  });

  it('run-task places tasks at once and wait tasks-running returns once they run', async () => {
    const run = await ecs('RunTask', ['run-task', '--task-definition', 'web', '--count', '2', '--started-by', 'cli-test']);
    expect(run['failures']).toEqual([]);
    expect(run['tasks']).toHaveLength(2);
    taskArns = run['tasks'].map((t: { taskArn: string }) => t.taskArn);
    const waited = await cli(['wait', 'tasks-running', '--tasks', ...taskArns, '--delay', '1', '--max-attempts', '60']);
    expect(waited.code, waited.stderr).toBe(0);
    const described = await ecs('DescribeTasks', ['describe-tasks', '--tasks', ...taskArns]);
    expect(described['tasks'].map((t: { lastStatus: string }) => t.lastStatus)).toEqual(['RUNNING', 'RUNNING']);
    expect(described['tasks'][0].containerInstanceArn).toMatch(/^arn:aws:ecs:local:000000000000:container-instance\/default\/kwok-node-\d$/);
  });

  it('list-tasks filters as ECS does, and every printed ARN is accepted back', async () => {
    expect((await ecs('ListTasks', ['list-tasks', '--started-by', 'cli-test']))['taskArns'].sort()).toEqual([...taskArns].sort());
    expect((await ecs('ListTasks', ['list-tasks', '--family', 'other']))['taskArns']).toEqual([]);
    const described = await ecs('DescribeTasks', ['describe-tasks', '--tasks', taskArns[0]!]);
    const instanceArn = described['tasks'][0].containerInstanceArn as string;
    expect((await ecs('ListTasks', ['list-tasks', '--container-instance', instanceArn]))['taskArns']).toContain(taskArns[0]);
    await ecs('DescribeContainerInstances', ['describe-container-instances', '--container-instances', instanceArn]);
    await ecs('DescribeTaskDefinition', ['describe-task-definition', '--task-definition', described['tasks'][0].taskDefinitionArn]);
    await ecs('DescribeClusters', ['describe-clusters', '--clusters', described['tasks'][0].clusterArn]);
  });

  it('run-task of a task that fits nowhere returns RESOURCE:MEMORY with the closest instance, creates no Task, exits 0', async () => {
    await ecs('RegisterTaskDefinition', ['register-task-definition', '--family', 'huge', '--container-definitions', JSON.stringify([{ name: 'app', image: 'nginx', cpu: 128, memory: 100000 }])]);
    const before = await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'ecs.stevedore.dev', version: 'v1alpha1', namespace, plural: 'tasks' });
    const run = await ecs('RunTask', ['run-task', '--task-definition', 'huge']);
    expect(run['tasks']).toEqual([]);
    expect(run['failures'][0].reason).toBe('RESOURCE:MEMORY');
    expect(run['failures'][0].arn).toMatch(/container-instance\/default\/kwok-node-\d$/);
    expect(run['failures'][0].detail).toMatch(/^The closest matching container-instance kwok-node-\d has insufficient memory available\.$/);
    const after = await kc.makeApiClient(CustomObjectsApi).listNamespacedCustomObject({ group: 'ecs.stevedore.dev', version: 'v1alpha1', namespace, plural: 'tasks' });
    expect((after as { items: unknown[] }).items.length).toBe((before as { items: unknown[] }).items.length);
  });

  it('explain task on a task waiting for memory shows the numbers per instance', async () => {
    expect(applyObject(kubeconfig, { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Task', metadata: { name: 'huge-waiting' }, spec: { taskDefinition: 'huge' } }, namespace).ok).toBe(true);
    await eventually(async () => {
      const described = await ecs('DescribeTasks', ['describe-tasks', '--tasks', 'huge-waiting']);
      expect(described['tasks'][0].lastStatus).toBe('PROVISIONING');
    });
    const explained = await cli(['explain', 'task', 'huge-waiting']);
    expect(explained.code, explained.stderr).toBe(0);
    expect(explained.stdout).toMatch(/closest matching container instance: kwok-node-\d \(RESOURCE:MEMORY\)/);
    expect(explained.stdout).toMatch(/kwok-node-0\s+RESOURCE:MEMORY\s+memory: needs 100000 MiB, \d+ remaining of \d+/);
    const details = JSON.parse((await cli(['explain', 'task', 'huge-waiting', '--output', 'json'])).stdout) as { instances: { reason: string; numbers: { memory: { needed: number } } }[] };
    expect(details.instances.length).toBeGreaterThanOrEqual(6);
    expect(details.instances.every((i) => i.reason === 'RESOURCE:MEMORY' && i.numbers.memory.needed === 100000)).toBe(true);
  });

  it('stop-task --reason stops the task; wait tasks-stopped returns', async () => {
    const stopped = await ecs('StopTask', ['stop-task', '--task', taskArns[0]!, '--reason', 'done testing']);
    expect(stopped['task'].desiredStatus).toBe('STOPPED');
    const waited = await cli(['wait', 'tasks-stopped', '--tasks', taskArns[0]!, '--delay', '1', '--max-attempts', '60']);
    expect(waited.code, waited.stderr).toBe(0);
    const described = await ecs('DescribeTasks', ['describe-tasks', '--tasks', taskArns[0]!]);
    expect(described['tasks'][0]).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'UserInitiated', stoppedReason: 'done testing' });
    expect((await ecs('ListTasks', ['list-tasks', '--desired-status', 'STOPPED']))['taskArns']).toContain(taskArns[0]);
  });

  it('start-task names its instance; a missing one is a MISSING failure', async () => {
    const started = await ecs('StartTask', ['start-task', '--task-definition', 'web:1', '--container-instances', 'kwok-node-1', 'kwok-node-99']);
    expect(started['tasks'][0].containerInstanceArn).toBe('arn:aws:ecs:local:000000000000:container-instance/default/kwok-node-1');
    expect(started['failures']).toEqual([{ arn: 'arn:aws:ecs:local:000000000000:container-instance/default/kwok-node-99', reason: 'MISSING' }]);
  });
});

describe('clusters and container instances', () => {
  it('describe-clusters, list-clusters, list/describe-container-instances have ECS shapes', async () => {
    const clusters = await ecs('DescribeClusters', ['describe-clusters', '--clusters', 'default', 'nope']);
    expect(clusters['clusters'][0]).toMatchObject({ clusterName: 'default', status: 'ACTIVE' });
    expect(clusters['failures']).toEqual([{ arn: 'arn:aws:ecs:local:000000000000:cluster/nope', reason: 'MISSING' }]);
    expect((await ecs('ListClusters', ['list-clusters']))['clusterArns']).toContain('arn:aws:ecs:local:000000000000:cluster/default');
    const arns = (await ecs('ListContainerInstances', ['list-container-instances', '--filter', 'attribute:ecs.availability-zone == us-east-1a']))['containerInstanceArns'] as string[];
    expect(arns.length).toBeGreaterThanOrEqual(2);
    const described = await ecs('DescribeContainerInstances', ['describe-container-instances', '--container-instances', ...arns]);
    expect(described['containerInstances'][0].attributes).toContainEqual({ name: 'ecs.availability-zone', value: 'us-east-1a' });
  });

  it('update-container-instances-state cordons and uncordons; put/delete-attributes label the Node', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const drained = await ecs('UpdateContainerInstancesState', ['update-container-instances-state', '--container-instances', 'kwok-node-5', '--status', 'DRAINING']);
    expect(drained['containerInstances'][0].status).toBe('DRAINING');
    expect((await core.readNode({ name: 'kwok-node-5' })).spec?.unschedulable).toBe(true);
    const active = await ecs('UpdateContainerInstancesState', ['update-container-instances-state', '--container-instances', 'kwok-node-5', '--status', 'ACTIVE']);
    expect(active['containerInstances'][0].status).toBe('ACTIVE');
    await ecs('PutAttributes', ['put-attributes', '--attributes', 'name=cli-test,value=yes,targetId=kwok-node-5']);
    expect((await core.readNode({ name: 'kwok-node-5' })).metadata?.labels?.['attr.ecs.stevedore.dev/cli-test']).toBe('yes');
    const listed = await ecs('ListAttributes', ['list-attributes', '--target-type', 'container-instance', '--attribute-name', 'cli-test']);
    expect(listed['attributes']).toEqual([{ name: 'cli-test', value: 'yes', targetType: 'container-instance', targetId: 'arn:aws:ecs:local:000000000000:container-instance/default/kwok-node-5' }]);
    await ecs('DeleteAttributes', ['delete-attributes', '--attributes', 'name=cli-test,targetId=kwok-node-5']);
    expect((await core.readNode({ name: 'kwok-node-5' })).metadata?.labels?.['attr.ecs.stevedore.dev/cli-test']).toBeUndefined();
  });
});

describe('services', () => {
  it('create, describe, list, update (force-new-deployment) and delete a service', async () => {
    const created = await ecs('CreateService', ['create-service', '--cli-input-json', file('svc.json', { serviceName: 'api', taskDefinition: 'web', desiredCount: 0 })]);
    expect(created['service']).toMatchObject({ serviceName: 'api', desiredCount: 0, status: 'ACTIVE' });
    const arn = created['service'].serviceArn as string;
    expect((await ecs('ListServices', ['list-services']))['serviceArns']).toEqual([arn]);
    await ecs('DescribeServices', ['describe-services', '--services', arn, 'nope']);
    const updated = await ecs('UpdateService', ['update-service', '--service', arn, '--desired-count', '1', '--force-new-deployment']);
    expect(updated['service'].desiredCount).toBe(1);
    const object = (await kc.makeApiClient(CustomObjectsApi).getNamespacedCustomObject({ group: 'ecs.stevedore.dev', version: 'v1alpha1', namespace, plural: 'services', name: 'api' })) as { metadata: { annotations?: Record<string, string> } };
    expect(object.metadata.annotations?.['ecs.stevedore.dev/force-new-deployment']).toMatch(/^\d{4}-/);
    const refused = await cli(['delete-service', '--service', 'api']);
    expect(refused.code).toBe(254);
    expect(refused.stderr).toContain('An error occurred (InvalidParameterException) when calling the DeleteService operation: The service cannot be stopped while it is scaled above 0.');
    await ecs('DeleteService', ['delete-service', '--service', 'api', '--force']);
    const explained = await cli(['explain', 'service', 'nope']);
    expect(explained.code).toBe(254);
  });
});

describe('import', () => {
  it('a describe-task-definition output round-trips through import and register-task-definition to the same normalised task definition', async () => {
    const fixture = join(repoRoot, 'test/fixtures/describe-task-definition.json');
    const imported = await cli(['import', fixture], { session: false });
    expect(imported.code, imported.stderr).toBe(0);
    const manifest = parse(imported.stdout) as { spec: Record<string, unknown> };
    const registered = await ecs('RegisterTaskDefinition', ['register-task-definition', '--cli-input-json', file('imported.json', manifest.spec)]);
    const described = await ecs('DescribeTaskDefinition', ['describe-task-definition', '--task-definition', registered['taskDefinition'].taskDefinitionArn]);
    const original = (JSON.parse(readFileSync(fixture, 'utf8')) as { taskDefinition: never }).taskDefinition;
    const a = normalizeTaskDefinition(described['taskDefinition'] as never, 'web');
    const b = normalizeTaskDefinition(original, 'web');
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) expect(a.taskDefinition).toEqual(b.taskDefinition);
  });
});

describe('errors a newcomer meets', () => {
  it('a missing cluster is ClusterNotFoundException with exit code 254', async () => {
    const result = await cli(['describe-services', '--cluster', 'nope', '--services', 'x']);
    expect(result.code).toBe(254);
    expect(result.stderr).toContain('An error occurred (ClusterNotFoundException) when calling the DescribeServices operation: Cluster not found.');
  });

  it('an unreachable API server says so', async () => {
    const config = readFileSync(kubeconfig, 'utf8').replace(/server: https:\/\/127\.0\.0\.1:\d+/, 'server: https://127.0.0.1:1');
    const result = await cli(['list-clusters'], { kubeconfig: file('down.kubeconfig', config).slice(7) });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/Cannot reach the Kubernetes API server at https:\/\/127\.0\.0\.1:1 \((ECONNREFUSED|connection failed)\)/);
  });

  it('an RBAC denial names the verb and the resource', async () => {
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedServiceAccount({ namespace, body: { metadata: { name: 'nobody' } } });
    // It may read namespaces (for -n) but nothing of ours.
    await kc.makeApiClient(RbacAuthorizationV1Api).createNamespacedRoleBinding({ namespace, body: { metadata: { name: 'nobody-view-nothing' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:basic-user' }, subjects: [{ kind: 'ServiceAccount', name: 'nobody', namespace }] } });
    const token = (await core.createNamespacedServiceAccountToken({ namespace, name: 'nobody', body: { spec: { audiences: ['https://kubernetes.default.svc.cluster.local'], expirationSeconds: 600 } } })).status?.token;
    const config = parse(readFileSync(kubeconfig, 'utf8')) as { users: { name: string; user: Record<string, unknown> }[] };
    for (const user of config.users) user.user = { token };
    const result = await cli(['list-tasks'], { kubeconfig: file('nobody.kubeconfig', JSON.stringify(config)).slice(7) });
    expect(result.code).toBe(255);
    expect(result.stderr).toContain(`RBAC denied "list" on tasks.ecs.stevedore.dev in namespace "${namespace}" (403 Forbidden)`);
  });
});
