import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizeTaskDefinition } from '../../../src/api/v1alpha1/normalize-task-definition.ts';
import { ClusterView } from '../../../src/ecs-api/cluster-view.ts';
import { filterTasks } from '../../../src/ecs-api/handlers/tasks.ts';
import { importAwsOutput } from '../../../src/ecs-api/import/import-aws-output.ts';
import { splitJsonDocuments } from '../../../src/ecs-api/import/json-documents.ts';
import { toEcsContainerInstance, usageOf } from '../../../src/ecs-api/mapping/container-instance.ts';
import { toEcsService } from '../../../src/ecs-api/mapping/service.ts';
import { toEcsTask } from '../../../src/ecs-api/mapping/task.ts';
import { toEcsTaskDefinition } from '../../../src/ecs-api/mapping/task-definition.ts';
import { explainTaskOn } from '../../../src/ecs-api/explain/task.ts';
import { awsTimestamp } from '../../../src/cmd/ecs/timestamps.ts';
import { parseShorthand } from '../../../src/cmd/ecs/input.ts';
import { waiters } from '../../../src/cmd/ecs/waiters.ts';
import { repoRoot } from '../../../src/localcluster/binaries.ts';
import { aNode, aPlacedTask, aTaskDefinition, objects } from './fixtures.ts';

const ns = 'team-a';
const web = aTaskDefinition('web', ns, [{ name: 'app', image: 'nginx:1.27', cpu: 512, memory: 1024, portMappings: [{ containerPort: 80, hostPort: 8080 }] }]);

describe('toEcsTask', () => {
  it('maps a placed Task to ECS Task fields, with its revision and Node', () => {
    const task = aPlacedTask('web-1', ns, 'node-a', 'web:1');
    const ecs = toEcsTask(task, { taskDefinition: web.revision.data as never, node: aNode('node-a', { zone: 'us-east-1c' }) });
    expect(ecs).toMatchObject({
      taskArn: 'arn:aws:ecs:local:000000000000:task/default/team-a.web-1',
      clusterArn: 'arn:aws:ecs:local:000000000000:cluster/default',
      taskDefinitionArn: 'arn:aws:ecs:local:000000000000:task-definition/team-a.web:1',
      containerInstanceArn: 'arn:aws:ecs:local:000000000000:container-instance/default/node-a',
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING',
      cpu: '512',
      memory: '1024',
      group: 'family:web',
      launchType: 'EC2',
      availabilityZone: 'us-east-1c',
      attributes: [{ name: 'ecs.cpu-architecture', value: 'x86_64' }],
      containers: [{ name: 'app', image: 'nginx:1.27', lastStatus: 'PENDING', cpu: '512', memory: '1024', containerArn: 'arn:aws:ecs:local:000000000000:container/default/team-a.web-1/app' }],
    });
    expect(ecs.createdAt).toEqual(new Date('2026-12-01T12:00:00Z'));
  });
});

describe('toEcsTaskDefinition', () => {
  it('adds what ECS adds to the registered content', () => {
    const td = toEcsTaskDefinition({ namespace: ns, content: web.revision.data as never, revision: { revision: 1, status: 'ACTIVE', registeredAt: '2026-12-01T11:00:00Z' } });
    expect(td).toMatchObject({ taskDefinitionArn: 'arn:aws:ecs:local:000000000000:task-definition/team-a.web:1', family: 'web', revision: 1, status: 'ACTIVE', compatibilities: ['EC2'], requiresAttributes: [], networkMode: 'bridge' });
    expect(td.registeredAt).toEqual(new Date('2026-12-01T11:00:00Z'));
  });
});

describe('toEcsContainerInstance', () => {
  it('shows registered and remaining resources as ECS Resources, and attributes by ECS name', () => {
    const view = new ClusterView(objects({ nodes: [aNode('node-a', { labels: { 'attr.ecs.stevedore.dev/stack': 'prod' } })], taskDefinitions: [web.definition], revisions: [web.revision], tasks: [aPlacedTask('web-1', ns, 'node-a', 'web:1')] }));
    const [instance] = view.allInstancesOf('default');
    const snapshot = view.snapshotOf([instance!]);
    const ecs = toEcsContainerInstance('default', instance!, usageOf(instance!, snapshot.instance('node-a')));
    expect(ecs.registeredResources[0]).toEqual({ name: 'CPU', type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: 2048 });
    expect(ecs.remainingResources.slice(0, 2).map((r) => r.integerValue)).toEqual([1536, 3072]);
    expect(ecs.remainingResources[2]?.stringSetValue).toContain('8080');
    expect(ecs.attributes).toContainEqual({ name: 'stack', value: 'prod' });
    expect(ecs).toMatchObject({ status: 'ACTIVE', agentConnected: true, runningTasksCount: 1, pendingTasksCount: 0 });
  });
});

describe('toEcsService', () => {
  it('fills ECS defaults where the Service status has nothing yet', () => {
    const ecs = toEcsService({ apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { taskDefinition: 'web:1', desiredCount: 2, schedulingStrategy: 'REPLICA' } });
    expect(ecs).toMatchObject({ serviceName: 'web', status: 'ACTIVE', desiredCount: 2, runningCount: 0, taskDefinition: 'arn:aws:ecs:local:000000000000:task-definition/team-a.web:1', deploymentConfiguration: { maximumPercent: 200, minimumHealthyPercent: 100, deploymentCircuitBreaker: { enable: false, rollback: false } }, deployments: [] });
  });

  it.each([
    { case: 'REPLICA: the count UpdateService set, before the scheduler catches up', spec: { schedulingStrategy: 'REPLICA', desiredCount: 5 }, status: { desiredCount: 2 }, desiredCount: 5 },
    { case: 'DAEMON: the eligible instances the scheduler counted', spec: { schedulingStrategy: 'DAEMON' }, status: { desiredCount: 6 }, desiredCount: 6 },
  ])('desiredCount, $case', ({ spec, status, desiredCount }) => {
    const ecs = toEcsService({ apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { taskDefinition: 'web:1', ...spec }, status } as never);
    expect(ecs.desiredCount).toBe(desiredCount);
  });
});

describe('filterTasks (ListTasks filters)', () => {
  const running = aPlacedTask('a', ns, 'node-a', 'web:1');
  const stopped = { ...aPlacedTask('b', ns, 'node-b', 'web:1', 'STOPPED'), spec: { taskDefinition: 'web:1', desiredStatus: 'STOPPED' as const, startedBy: 'ci' } };
  it('defaults to desiredStatus RUNNING and filters by family, instance and startedBy', () => {
    expect(filterTasks([running, stopped], 'default', {}).map((t) => t.metadata.name)).toEqual(['a']);
    expect(filterTasks([running, stopped], 'default', { desiredStatus: 'STOPPED', startedBy: 'ci' }).map((t) => t.metadata.name)).toEqual(['b']);
    expect(filterTasks([running, stopped], 'default', { containerInstance: 'arn:aws:ecs:local:000000000000:container-instance/default/node-b' })).toEqual([]);
    expect(filterTasks([running], 'default', { family: 'other' })).toEqual([]);
    expect(() => filterTasks([running], 'default', { family: 'web', serviceName: 'web' })).toThrow('Cannot specify both family and serviceName.');
  });
});

describe('explain task', () => {
  it('shows per instance the first failed check with needed and remaining memory', () => {
    const big = aTaskDefinition('big', ns, [{ name: 'app', image: 'nginx', cpu: 256, memory: 6000 }]);
    const waiting = { apiVersion: 'ecs.stevedore.dev/v1alpha1' as const, kind: 'Task' as const, metadata: { name: 'big-1', namespace: ns }, spec: { taskDefinition: 'big', desiredStatus: 'RUNNING' as const }, status: { lastStatus: 'PROVISIONING' as const, taskDefinition: 'big:1' } };
    const view = new ClusterView(objects({ nodes: [aNode('node-a'), aNode('node-b')], taskDefinitions: [big.definition, web.definition], revisions: [big.revision, web.revision], tasks: [aPlacedTask('web-1', ns, 'node-b', 'web:1'), waiting] }));
    const explanation = explainTaskOn(view, waiting, ns);
    expect(explanation.details.closest).toMatchObject({ reason: 'RESOURCE:MEMORY', detail: 'The closest matching container-instance node-a has insufficient memory available.' });
    expect(explanation.details.instances.map((i) => [i.instance, i.reason, i.detail])).toEqual([
      ['node-a', 'RESOURCE:MEMORY', 'memory: needs 6000 MiB, 4096 remaining of 4096'],
      ['node-b', 'RESOURCE:MEMORY', 'memory: needs 6000 MiB, 3072 remaining of 4096'],
    ]);
    expect(explanation.text).toContain('memory: needs 6000 MiB, 3072 remaining of 4096');
  });
});

describe('import', () => {
  it('turns describe-task-definition output into a TaskDefinition with the same normalised content', () => {
    const text = readFileSync(join(repoRoot, 'test/fixtures/describe-task-definition.json'), 'utf8');
    const original = (JSON.parse(text) as { taskDefinition: Record<string, unknown> }).taskDefinition;
    const [imported] = importAwsOutput(text).manifests;
    expect(imported?.manifest.kind).toBe('TaskDefinition');
    expect(imported?.notes.some((n) => n.startsWith('taskDefinitionArn: AWS output'))).toBe(true);
    const spec = imported!.manifest.spec as never;
    const a = normalizeTaskDefinition(spec, 'web');
    const b = normalizeTaskDefinition(original as never, 'web');
    expect(a.ok && b.ok && a.hash === b.hash).toBe(true);
  });

  it('reads several documents in one file and notes every field with no equivalent', () => {
    const services = { services: [{ serviceArn: 'arn:aws:ecs:us-east-1:1:service/prod/api', serviceName: 'api', clusterArn: 'arn:aws:ecs:us-east-1:1:cluster/prod', taskDefinition: 'arn:aws:ecs:us-east-1:1:task-definition/api:4', desiredCount: 3, runningCount: 3, schedulingStrategy: 'REPLICA', serviceConnectConfiguration: { enabled: true }, events: [] }], failures: [] };
    const clusters = { clusters: [{ clusterArn: 'arn:aws:ecs:us-east-1:1:cluster/prod', clusterName: 'prod', status: 'ACTIVE', settings: [{ name: 'containerInsights', value: 'enabled' }], capacityProviders: ['FARGATE'] }] };
    const result = importAwsOutput(`${JSON.stringify(services, null, 2)}\n${JSON.stringify(clusters)}`);
    expect(result.manifests.map((m) => m.manifest.kind)).toEqual(['Service', 'Cluster']);
    const [service, cluster] = result.manifests;
    expect(service!.manifest.spec).toEqual({ cluster: 'prod', taskDefinition: 'api:4', desiredCount: 3, schedulingStrategy: 'REPLICA' });
    expect(service!.notes).toContain('serviceConnectConfiguration: no equivalent in Service, dropped');
    expect(service!.notes.some((n) => n.startsWith('taskDefinition: pinned to api:4'))).toBe(true);
    expect(cluster!.notes.some((n) => n.startsWith('settings: no equivalent'))).toBe(true);
    expect(cluster!.notes.some((n) => n.startsWith('capacityProviders: capacity providers are pools of Nodes'))).toBe(true);
  });

  it('splits concatenated JSON documents, strings with braces included', () => {
    expect(splitJsonDocuments('{"a":"}{"}\n{"b":[1,2]}')).toEqual([{ a: '}{' }, { b: [1, 2] }]);
    expect(splitJsonDocuments('[{"a":1},{"b":2}]')).toEqual([{ a: 1 }, { b: 2 }]);
  });
});

describe('CLI input and output', () => {
  it('prints timestamps as the aws CLI does', () => {
    expect(awsTimestamp(new Date('2026-12-01T22:00:04.123Z'))).toBe('2026-12-01T22:00:04.123000+00:00');
    expect(awsTimestamp(new Date('2026-12-01T22:00:04Z'))).toBe('2026-12-01T22:00:04+00:00');
  });

  it('parses aws shorthand, commas inside values included', () => {
    expect(parseShorthand('type=memberOf,expression=attribute:ecs.availability-zone in [us-east-1a, us-east-1b]', 'x')).toEqual({ type: 'memberOf', expression: 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]' });
    expect(parseShorthand('capacityProvider=spot,weight=2,base=0', 'x')).toEqual({ capacityProvider: 'spot', weight: 2, base: 0 });
  });

  it('waits as botocore does: STOPPED fails tasks-running, one deployment at desiredCount is stable', () => {
    const running = waiters.find((w) => w.name === 'tasks-running')!;
    expect(running.accept({ tasks: [{ lastStatus: 'RUNNING' }], failures: [] })).toEqual({ state: 'success' });
    expect(running.accept({ tasks: [{ lastStatus: 'PENDING' }], failures: [] })).toEqual({ state: 'retry' });
    expect(running.accept({ tasks: [{ lastStatus: 'STOPPED' }], failures: [] })).toMatchObject({ state: 'failure', matched: 'STOPPED' });
    expect(running.accept({ tasks: [], failures: [{ reason: 'MISSING' }] })).toMatchObject({ state: 'failure', matched: 'MISSING' });
    const stable = waiters.find((w) => w.name === 'services-stable')!;
    expect(stable.accept({ services: [{ status: 'ACTIVE', deployments: [{}], runningCount: 2, desiredCount: 2 }], failures: [] })).toEqual({ state: 'success' });
    expect(stable.accept({ services: [{ status: 'ACTIVE', deployments: [{}, {}], runningCount: 2, desiredCount: 2 }], failures: [] })).toEqual({ state: 'retry' });
  });
});
