import { describe, expect, it } from 'vitest';
import { checkTaskDefinition } from '../../../src/api/v1alpha1/check-task-definition.ts';
import type { ContainerDefinition } from '../../../src/api/v1alpha1/container-definition.ts';
import { normalizeTaskDefinition } from '../../../src/api/v1alpha1/normalize-task-definition.ts';
import type { TaskDefinitionSpec } from '../../../src/api/v1alpha1/task-definition.ts';

const container = (name: string, extra: Partial<ContainerDefinition> = {}): ContainerDefinition => ({ name, image: 'nginx', memory: 128, ...extra });

const check = (spec: TaskDefinitionSpec): string[] => {
  const result = normalizeTaskDefinition(spec, 'app');
  if (!result.ok) throw new Error(result.messages.join('; '));
  return checkTaskDefinition(result.taskDefinition);
};

describe('checkTaskDefinition (ECS-SEMANTICS 1.9)', () => {
  it.each<{ name: string; spec: TaskDefinitionSpec; expected: string[] }>([
    { name: 'a valid definition registers', spec: { containerDefinitions: [container('a')] }, expected: [] },
    {
      name: 'V1 more than 10 containers',
      spec: { containerDefinitions: Array.from({ length: 11 }, (_, i) => container(`c${i}`)) },
      expected: ['Too many containers.'],
    },
    {
      name: 'V2 no task memory and a container with neither memory nor reservation',
      spec: { containerDefinitions: [container('a'), { name: 'b', image: 'i' }] },
      expected: ["Invalid setting for container 'b'. At least one of 'memory' or 'memoryReservation' must be specified."],
    },
    {
      name: 'V2 does not apply with task memory',
      spec: { memory: '512', containerDefinitions: [{ name: 'b', image: 'i' }] },
      expected: [],
    },
    {
      name: 'V3 memory below memoryReservation',
      spec: { containerDefinitions: [container('a', { memory: 128, memoryReservation: 256 })] },
      expected: ["Invalid setting for container 'a'. 'memory' must be greater than or equal to 'memoryReservation'."],
    },
    { name: 'V3 equal memory and reservation is accepted', spec: { containerDefinitions: [container('a', { memory: 256, memoryReservation: 256 })] }, expected: [] },
    {
      name: 'V4 container cpu above task cpu ("1 vCPU" converted)',
      spec: { cpu: '1 vCPU', containerDefinitions: [container('a', { cpu: 512 }), container('b', { cpu: 768 })] },
      expected: ["The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'."],
    },
    {
      name: 'V5 reservations above task memory ("1 GB" converted)',
      spec: { memory: '1 GB', containerDefinitions: [{ name: 'a', image: 'i', memoryReservation: 600 }, { name: 'b', image: 'i', memoryReservation: 600 }] },
      expected: ["The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'."],
    },
    {
      name: 'V6 container memory above task memory',
      spec: { memory: '512', containerDefinitions: [container('big', { memory: 1024 })] },
      expected: ["'memory' setting for container 'big' is greater than for task."],
    },
    { name: 'V7 task cpu below 128 units', spec: { cpu: 64, containerDefinitions: [container('a')] }, expected: ["Invalid 'cpu' setting for task."] },
    {
      name: 'V8 distinctInstance in a task definition',
      spec: { placementConstraints: [{ type: 'distinctInstance' }], containerDefinitions: [container('a')] },
      expected: ["constraint.type 'distinctInstance' is not supported."],
    },
    {
      name: 'V9 SUCCESS on an essential container',
      spec: { containerDefinitions: [container('init'), container('app', { dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] })] },
      expected: ["Invalid dependsOn for container 'app'. The COMPLETE and SUCCESS conditions are only allowed on non-essential containers."],
    },
    {
      name: 'V9 COMPLETE on a non-essential container is accepted',
      spec: { containerDefinitions: [container('init', { essential: false }), container('app', { dependsOn: [{ containerName: 'init', condition: 'COMPLETE' }] })] },
      expected: [],
    },
    {
      name: 'dependsOn naming an unknown container',
      spec: { containerDefinitions: [container('app', { dependsOn: [{ containerName: 'ghost', condition: 'START' }] })] },
      expected: ["Invalid dependsOn for container 'app'. It names a container that is not in the task definition."],
    },
    {
      name: 'V10 host mode with a different host port',
      spec: { networkMode: 'host', containerDefinitions: [container('a', { portMappings: [{ containerPort: 80, hostPort: 8080 }] })] },
      expected: ["Invalid port mapping for container 'a'. With network mode 'host' or 'awsvpc' the 'hostPort' must be omitted or equal to the 'containerPort'."],
    },
    {
      name: 'V10 bridge with a different host port is accepted',
      spec: { containerDefinitions: [container('a', { portMappings: [{ containerPort: 80, hostPort: 8080 }] })] },
      expected: [],
    },
    {
      name: 'V11 port mappings with network mode none',
      spec: { networkMode: 'none', containerDefinitions: [container('a', { portMappings: [{ containerPort: 80 }] })] },
      expected: ["Invalid port mapping for container 'a'. Port mappings are not allowed with network mode 'none'."],
    },
    {
      name: 'V12 no essential container',
      spec: { containerDefinitions: [container('a', { essential: false })] },
      expected: ['At least one essential container is required.'],
    },
    {
      name: 'duplicate container names',
      spec: { containerDefinitions: [container('a'), container('a')] },
      expected: ['Container names must be unique within a task definition.'],
    },
    {
      name: 'a mount point of an unknown volume',
      spec: { containerDefinitions: [container('a', { mountPoints: [{ sourceVolume: 'data', containerPath: '/data' }] })] },
      expected: ["Invalid mount point for container 'a'. 'sourceVolume' must name a volume of the task definition."],
    },
  ])('$name', ({ spec, expected }) => {
    expect(check(spec)).toEqual(expected);
  });
});
