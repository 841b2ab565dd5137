import { describe, expect, it } from 'vitest';
import { normalizeTaskDefinition, type NormalizeResult } from '../../../src/api/v1alpha1/normalize-task-definition.ts';
import { taskDefinitionSpec, type TaskDefinitionSpec } from '../../../src/api/v1alpha1/task-definition.ts';
import { listAwsOutputFields } from '../../../src/api/v1alpha1/aws-output-fields.ts';
import { loadJson, loadManifest } from './manifests.ts';

const minimal: TaskDefinitionSpec = { containerDefinitions: [{ name: 'app', image: 'nginx:1.27', memory: 128 }] };

const normalized = (spec: TaskDefinitionSpec, name = 'app') => {
  const result = normalizeTaskDefinition(spec, name);
  if (!result.ok) throw new Error(result.messages.join('; '));
  return result;
};

describe('normalizeTaskDefinition fills ECS defaults', () => {
  it('for a minimal definition', () => {
    expect(normalized(minimal).taskDefinition).toEqual({
      family: 'app',
      networkMode: 'bridge',
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: 'X86_64' },
      containerDefinitions: [{ name: 'app', image: 'nginx:1.27', memory: 128, cpu: 0, essential: true }],
    });
  });

  it.each<{ name: string; spec: TaskDefinitionSpec; expected: unknown }>([
    {
      name: 'bridge: an omitted host port is dynamic (0), protocol tcp',
      spec: { containerDefinitions: [{ name: 'a', image: 'i', memory: 1, portMappings: [{ containerPort: 80 }] }] },
      expected: [{ containerPort: 80, hostPort: 0, protocol: 'tcp' }],
    },
    {
      name: 'host: the host port is the container port',
      spec: { networkMode: 'host', containerDefinitions: [{ name: 'a', image: 'i', memory: 1, portMappings: [{ containerPort: 80, protocol: 'udp' }] }] },
      expected: [{ containerPort: 80, hostPort: 80, protocol: 'udp' }],
    },
    {
      name: 'awsvpc: the host port is the container port',
      spec: { networkMode: 'awsvpc', containerDefinitions: [{ name: 'a', image: 'i', memory: 1, portMappings: [{ containerPort: 8080 }] }] },
      expected: [{ containerPort: 8080, hostPort: 8080, protocol: 'tcp' }],
    },
    {
      name: 'bridge: a static host port stays',
      spec: { containerDefinitions: [{ name: 'a', image: 'i', memory: 1, portMappings: [{ containerPort: 80, hostPort: 8080 }] }] },
      expected: [{ containerPort: 80, hostPort: 8080, protocol: 'tcp' }],
    },
    {
      name: 'a port range gets no host port',
      spec: { containerDefinitions: [{ name: 'a', image: 'i', memory: 1, portMappings: [{ containerPortRange: '8000-8010' }] }] },
      expected: [{ containerPortRange: '8000-8010', protocol: 'tcp' }],
    },
  ])('port mappings, $name', ({ spec, expected }) => {
    expect(normalized(spec).taskDefinition.containerDefinitions[0]?.portMappings).toEqual(expected);
  });

  it('health check timings, and keeps an explicit essential: false', () => {
    const spec: TaskDefinitionSpec = {
      containerDefinitions: [
        { name: 'a', image: 'i', memory: 1, healthCheck: { command: ['CMD', 'true'], retries: 5 } },
        { name: 'b', image: 'i', memory: 1, essential: false },
      ],
    };
    const [a, b] = normalized(spec).taskDefinition.containerDefinitions;
    expect(a?.healthCheck).toEqual({ command: ['CMD', 'true'], interval: 30, timeout: 5, retries: 5 });
    expect(a?.essential).toBe(true);
    expect(b?.essential).toBe(false);
  });

  it.each<{ cpu: number | string; memory: number | string; expected: { cpu: string; memory: string } }>([
    { cpu: '1 vCPU', memory: '2 GB', expected: { cpu: '1024', memory: '2048' } },
    { cpu: 512, memory: 1024, expected: { cpu: '512', memory: '1024' } },
    { cpu: '256', memory: '0.5 GB', expected: { cpu: '256', memory: '512' } },
  ])('task cpu $cpu and memory $memory become units as strings', ({ cpu, memory, expected }) => {
    const td = normalized({ ...minimal, cpu, memory }).taskDefinition;
    expect({ cpu: td.cpu, memory: td.memory }).toEqual(expected);
  });

  it('refuses a task size it cannot convert', () => {
    expect(normalizeTaskDefinition({ ...minimal, cpu: 'fast', memory: '1 TB' }, 'app')).toEqual<NormalizeResult>({
      ok: false,
      messages: ["Invalid 'cpu' setting for task.", "Invalid 'memory' setting for task."],
    });
  });

  it('takes spec.family over metadata.name', () => {
    expect(normalized({ ...minimal, family: 'other' }, 'app').taskDefinition.family).toBe('other');
  });
});

describe('the revision hash', () => {
  const base = normalized(minimal).hash;

  it.each<{ name: string; spec: TaskDefinitionSpec }>([
    { name: 'the same spec again', spec: structuredClone(minimal) },
    { name: 'ECS defaults written out', spec: { ...minimal, networkMode: 'bridge', containerDefinitions: [{ name: 'app', image: 'nginx:1.27', memory: 128, essential: true, cpu: 0 }] } },
    { name: 'empty lists written out', spec: { ...minimal, volumes: [], placementConstraints: [], containerDefinitions: [{ name: 'app', image: 'nginx:1.27', memory: 128, environment: [], mountPoints: [] }] } },
    { name: 'AWS output fields', spec: { ...minimal, revision: 4, status: 'ACTIVE', taskDefinitionArn: 'arn:aws:ecs:eu-west-1:1:task-definition/app:4', registeredAt: 1700000000.5 } },
    { name: 'tags (TagResource, not a new revision)', spec: { ...minimal, tags: [{ key: 'team', value: 'a' }] } },
    { name: 'deregistered revisions', spec: { ...minimal, deregisteredRevisions: [1] } },
    { name: 'keys in another order', spec: { containerDefinitions: [{ memory: 128, image: 'nginx:1.27', name: 'app' }] } },
  ])('is unchanged by $name', ({ spec }) => {
    expect(normalized(spec).hash).toBe(base);
  });

  it.each<{ name: string; spec: TaskDefinitionSpec }>([
    { name: 'a new image', spec: { containerDefinitions: [{ name: 'app', image: 'nginx:1.28', memory: 128 }] } },
    { name: 'more memory', spec: { containerDefinitions: [{ name: 'app', image: 'nginx:1.27', memory: 256 }] } },
    { name: 'an environment variable', spec: { containerDefinitions: [{ name: 'app', image: 'nginx:1.27', memory: 128, environment: [{ name: 'A', value: '1' }] }] } },
    { name: 'a task cpu', spec: { ...minimal, cpu: '1 vCPU' } },
    { name: 'essential: false next to an essential container', spec: { containerDefinitions: [...minimal.containerDefinitions, { name: 'side', image: 'i', memory: 1, essential: false }] } },
  ])('changes with $name', ({ spec }) => {
    expect(normalized(spec).hash).not.toBe(base);
  });

  it('is the same for the describe-task-definition output and the hand-written example', () => {
    const output = (loadJson('test/fixtures/describe-task-definition.json') as { taskDefinition: unknown }).taskDefinition;
    const pasted = taskDefinitionSpec.parse(output);
    const example = taskDefinitionSpec.parse(loadManifest('examples/task-definition.yaml').spec);
    expect(normalized(pasted, 'web-imported').taskDefinition).toEqual(normalized(example, 'web').taskDefinition);
    expect(normalized(pasted, 'web-imported').hash).toBe(normalized(example, 'web').hash);
  });
});

describe('listAwsOutputFields', () => {
  it('names the AWS-only fields of a pasted describe-task-definition output', () => {
    const output = (loadJson('test/fixtures/describe-task-definition.json') as { taskDefinition: object }).taskDefinition;
    expect(listAwsOutputFields(output)).toEqual(['taskDefinitionArn', 'revision', 'status', 'requiresAttributes', 'compatibilities', 'registeredAt', 'registeredBy']);
  });

  it('names nothing for a hand-written spec', () => {
    expect(listAwsOutputFields(minimal)).toEqual([]);
  });
});
