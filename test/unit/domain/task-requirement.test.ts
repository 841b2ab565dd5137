import { describe, expect, it } from 'vitest';
import type { TaskDefinition, TaskOverride } from '../../../src/domain/task-definition.ts';
import { computeTaskRequirement, type TaskRequirement } from '../../../src/domain/task-requirement.ts';
import { aTaskDefinition, dyn, web, worker } from '../../builders/task-definition.ts';

interface Case {
  name: string;
  definition: TaskDefinition;
  overrides?: TaskOverride;
  want: Partial<TaskRequirement>;
}

describe('computeTaskRequirement (ECS-SEMANTICS 2.3)', () => {
  it.each<Case>([
    { name: 'web: container cpu and hard memory, static port 80/tcp', definition: web(), want: { cpu: 256, memory: 512, tcpPorts: [80], udpPorts: [] } },
    { name: 'worker: memoryReservation is reserved, not memory (G09)', definition: worker(), want: { cpu: 512, memory: 256 } },
    { name: 'dyn: dynamic port is not reserved (G15)', definition: dyn(), want: { cpu: 128, memory: 128, tcpPorts: [] } },
    {
      name: 'task-level memory wins over containers',
      definition: aTaskDefinition('t').with({ memory: '2048' }).container({ name: 'a', memory: 512 }).build(),
      want: { memory: 2048 },
    },
    {
      name: 'task-level sizes with units: 1 vCPU, 2 GB',
      definition: aTaskDefinition('t').with({ cpu: '1 vCPU', memory: '2 GB' }).container({ name: 'a', cpu: 10, memory: 512 }).build(),
      want: { cpu: 1024, memory: 2048 },
    },
    {
      name: 'task cpu reserved even when containers set cpu (Q4)',
      definition: aTaskDefinition('t').with({ cpu: '512' }).container({ name: 'a', cpu: 256, memory: 128 }).container({ name: 'b', cpu: 128, memory: 128 }).build(),
      want: { cpu: 512, memory: 256 },
    },
    {
      name: 'absent container cpu counts 0; memories sum over containers',
      definition: aTaskDefinition('t').container({ name: 'a', memory: 100 }).container({ name: 'b', memoryReservation: 50, memory: 300 }).build(),
      want: { cpu: 0, memory: 150 },
    },
    {
      name: 'udp and tcp ports are separate sets',
      definition: aTaskDefinition('t')
        .container({ name: 'a', memory: 64, portMappings: [{ containerPort: 53, hostPort: 53, protocol: 'udp' }, { containerPort: 53, hostPort: 53 }] })
        .build(),
      want: { tcpPorts: [53], udpPorts: [53] },
    },
    {
      name: 'host mode: hostPort defaults to containerPort',
      definition: aTaskDefinition('t').with({ networkMode: 'host' }).container({ name: 'a', memory: 64, portMappings: [{ containerPort: 9000 }] }).build(),
      want: { tcpPorts: [9000] },
    },
    {
      name: 'awsvpc: nothing reserved on the instance',
      definition: aTaskDefinition('t').with({ networkMode: 'awsvpc' }).container({ name: 'a', memory: 64, portMappings: [{ containerPort: 80, hostPort: 80 }] }).build(),
      want: { tcpPorts: [] },
    },
    {
      name: 'bridge hostPort 0 is dynamic',
      definition: aTaskDefinition('t').container({ name: 'a', memory: 64, portMappings: [{ containerPort: 80, hostPort: 0 }] }).build(),
      want: { tcpPorts: [] },
    },
    {
      name: 'container override of memory feeds the requirement (4.3)',
      definition: web(),
      overrides: { containerOverrides: [{ name: 'app', memory: 1024 }] },
      want: { memory: 1024 },
    },
    {
      name: 'task-level override of cpu',
      definition: web(),
      overrides: { cpu: '1024' },
      want: { cpu: 1024 },
    },
    {
      name: 'GPUs from resourceRequirements; awsvpc needs one ENI',
      definition: aTaskDefinition('t')
        .with({ networkMode: 'awsvpc' })
        .container({ name: 'a', memory: 64, resourceRequirements: [{ type: 'GPU', value: '2' }] })
        .container({ name: 'b', memory: 64, resourceRequirements: [{ type: 'GPU', value: '1' }, { type: 'InferenceAccelerator', value: 'x' }] })
        .build(),
      want: { gpu: 3, eni: 1 },
    },
    {
      name: 'bridge needs no ENI and no GPU',
      definition: web(),
      want: { gpu: 0, eni: 0 },
    },
    {
      name: 'runtimePlatform ARM64 requires the arm64 attribute',
      definition: aTaskDefinition('t').with({ runtimePlatform: { cpuArchitecture: 'ARM64' } }).container({ name: 'a', memory: 64 }).build(),
      want: { requiredAttributes: { 'ecs.cpu-architecture': 'arm64' } },
    },
  ])('$name', ({ definition, overrides, want }) => {
    expect(computeTaskRequirement(definition, overrides)).toMatchObject(want);
  });
});
