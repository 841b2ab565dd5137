import { describe, expect, it } from 'vitest';
import type { TaskDefinition } from '../../../src/domain/task-definition.ts';
import { checkTaskDefinitionRegistration } from '../../../src/domain/task-definition-rules.ts';
import { findRevision, resolveTaskDefinitionForNewTasks } from '../../../src/domain/task-definition-resolution.ts';
import { queryError } from '../../../src/placement/query/compile.ts';
import { aTaskDefinition, web, worker } from '../../builders/task-definition.ts';

interface Case {
  name: string;
  definition: TaskDefinition;
  message: string | undefined;
}

const container = (name: string, extra: object = {}) => ({ name, image: 'busybox', memory: 128, ...extra });

describe('RegisterTaskDefinition rules (ECS-SEMANTICS 1.9)', () => {
  it.each<Case>([
    { name: 'web registers', definition: web(), message: undefined },
    { name: 'worker registers', definition: worker(), message: undefined },
    {
      name: 'V1/G03 eleven containers',
      definition: { family: 'big', containerDefinitions: Array.from({ length: 11 }, (_, k) => container(`c${k}`)) },
      message: 'Too many containers.',
    },
    {
      name: 'V2 no memory anywhere',
      definition: { family: 'f', containerDefinitions: [{ name: 'app', image: 'x' }] },
      message: "Invalid setting for container 'app'. At least one of 'memory' or 'memoryReservation' must be specified.",
    },
    {
      name: 'V2 task memory makes container memory optional',
      definition: { family: 'f', memory: '512', containerDefinitions: [{ name: 'app', image: 'x' }] },
      message: undefined,
    },
    {
      name: 'V3 memory below memoryReservation',
      definition: { family: 'f', containerDefinitions: [container('app', { memory: 100, memoryReservation: 200 })] },
      message: "Invalid setting for container 'app'. 'memory' must be greater than or equal to 'memoryReservation'.",
    },
    {
      name: 'V3 equal memory and memoryReservation is accepted',
      definition: { family: 'f', containerDefinitions: [container('app', { memory: 200, memoryReservation: 200 })] },
      message: undefined,
    },
    {
      name: 'V4/G05 container cpu sum above task cpu',
      definition: { family: 'f', cpu: '512', containerDefinitions: [container('a', { cpu: 256 }), container('b', { cpu: 512 })] },
      message: "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'.",
    },
    {
      name: 'V5 memoryReservation sum above task memory',
      definition: { family: 'f', memory: '512', containerDefinitions: [{ name: 'a', image: 'x', memoryReservation: 300 }, { name: 'b', image: 'x', memoryReservation: 300 }] },
      message: "The sum of all container 'memoryReservation' values cannot be greater than the value of the task 'memory'.",
    },
    {
      name: 'V6 container memory above task memory',
      definition: { family: 'f', memory: '512', containerDefinitions: [container('app', { memory: 1024 })] },
      message: "'memory' setting for container 'app' is greater than for task.",
    },
    { name: 'V7 task cpu below 128', definition: { family: 'f', cpu: '64', containerDefinitions: [container('a')] }, message: "Invalid 'cpu' setting for task." },
    { name: 'V7 task cpu above 192 vCPU', definition: { family: 'f', cpu: '196609', containerDefinitions: [container('a')] }, message: "Invalid 'cpu' setting for task." },
    { name: 'V7 task cpu not a size', definition: { family: 'f', cpu: 'lots', containerDefinitions: [container('a')] }, message: "Invalid 'cpu' setting for task." },
    { name: 'Q21 task cpu 196608 accepted', definition: { family: 'f', cpu: '196608', containerDefinitions: [container('a')] }, message: undefined },
    {
      name: 'V8/G07 distinctInstance in a task definition',
      definition: { family: 'f', containerDefinitions: [container('a')], placementConstraints: [{ type: 'distinctInstance' }] },
      message: "constraint.type 'distinctInstance' is not supported.",
    },
    {
      name: 'V14 memberOf on a non-existent attribute value is accepted',
      definition: { family: 'f', containerDefinitions: [container('a')], placementConstraints: [{ type: 'memberOf', expression: 'attribute:nothing == here' }] },
      message: undefined,
    },
    {
      name: 'memberOf with a syntax error is rejected with the position',
      definition: { family: 'f', containerDefinitions: [container('a')], placementConstraints: [{ type: 'memberOf', expression: 'attribute:stack ==' }] },
      message: "Invalid constraint expression: expected a value, found the end of the expression at position 18",
    },
    {
      name: 'V9 SUCCESS dependency on an essential container',
      definition: { family: 'f', containerDefinitions: [container('init'), container('app', { dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] })] },
      message: "Invalid dependsOn for container 'app'. The COMPLETE and SUCCESS conditions are only allowed on non-essential containers.",
    },
    {
      name: 'V9 SUCCESS dependency on a non-essential container is fine',
      definition: {
        family: 'f',
        containerDefinitions: [container('init', { essential: false }), container('app', { dependsOn: [{ containerName: 'init', condition: 'SUCCESS' }] })],
      },
      message: undefined,
    },
    {
      name: 'V10 awsvpc hostPort different from containerPort',
      definition: { family: 'f', networkMode: 'awsvpc', containerDefinitions: [container('a', { portMappings: [{ containerPort: 80, hostPort: 8080 }] })] },
      message: "Invalid port mapping for container 'a'. With network mode 'host' or 'awsvpc' the 'hostPort' must be omitted or equal to the 'containerPort'.",
    },
    {
      name: 'V11 port mappings with network mode none',
      definition: { family: 'f', networkMode: 'none', containerDefinitions: [container('a', { portMappings: [{ containerPort: 80 }] })] },
      message: "Invalid port mapping for container 'a'. Port mappings are not allowed with network mode 'none'.",
    },
    {
      name: 'V12 no essential container',
      definition: { family: 'f', containerDefinitions: [container('a', { essential: false })] },
      message: 'At least one essential container is required.',
    },
    { name: 'V13 missing image', definition: { family: 'f', containerDefinitions: [{ name: 'a', memory: 1 }] }, message: 'Container.image should not be null or empty.' },
    { name: 'V13 missing name', definition: { family: 'f', containerDefinitions: [{ image: 'a', memory: 1 }] }, message: 'Container.name should not be null or empty.' },
    { name: 'family with a space', definition: aTaskDefinition('my web').container(container('a')).build(), message: 'Family contains invalid characters or is empty.' },
  ])('$name', ({ definition, message }) => {
    const error = checkTaskDefinitionRegistration(definition, { expressionError: queryError });
    expect(error).toEqual(message === undefined ? undefined : { code: 'ClientException', message });
  });
});

describe('task definition references (1.1)', () => {
  const revisions = [
    { family: 'web', revision: 1, status: 'ACTIVE' as const, definition: web() },
    { family: 'web', revision: 2, status: 'ACTIVE' as const, definition: web() },
    { family: 'web', revision: 3, status: 'INACTIVE' as const, definition: web() },
  ];

  it.each([
    { name: 'bare family = latest ACTIVE (G01)', reference: 'web', want: 2 },
    { name: 'family:revision', reference: 'web:1', want: 1 },
    { name: 'ARN', reference: 'arn:aws:ecs:us-east-1:123456789012:task-definition/web:2', want: 2 },
    { name: 'INACTIVE revision is still found by number', reference: 'web:3', want: 3 },
  ])('$name', ({ reference, want }) => {
    expect(findRevision(reference, revisions)?.revision).toBe(want);
  });

  it('refuses unknown and INACTIVE revisions for new tasks with ECS exceptions', () => {
    expect(resolveTaskDefinitionForNewTasks('nope', revisions)).toEqual({ error: { code: 'ClientException', message: 'Unable to describe task definition.' } });
    expect(resolveTaskDefinitionForNewTasks('web:3', revisions)).toEqual({ error: { code: 'InvalidParameterException', message: 'TaskDefinition is inactive' } });
  });
});
