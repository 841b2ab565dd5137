// aTaskDefinition('web').container({ name: 'app', cpu: 256, memory: 512 }).build(), and the
// ECS-SEMANTICS 9 definitions web, worker, dyn.
import type { ContainerDefinition, TaskDefinition } from '../../src/domain/task-definition.ts';

export class TaskDefinitionBuilder {
  private definition: TaskDefinition;

  constructor(family: string) {
    this.definition = { family, containerDefinitions: [] };
  }

  container(container: ContainerDefinition): this {
    this.definition = { ...this.definition, containerDefinitions: [...this.definition.containerDefinitions, { image: 'nginx', ...container }] };
    return this;
  }

  with(fields: Partial<TaskDefinition>): this {
    this.definition = { ...this.definition, ...fields };
    return this;
  }

  build(): TaskDefinition {
    return this.definition;
  }
}

export function aTaskDefinition(family: string): TaskDefinitionBuilder {
  return new TaskDefinitionBuilder(family);
}

export const web = (): TaskDefinition =>
  aTaskDefinition('web').with({ networkMode: 'bridge' }).container({ name: 'app', cpu: 256, memory: 512, portMappings: [{ containerPort: 80, hostPort: 80 }] }).build();

export const worker = (): TaskDefinition =>
  aTaskDefinition('worker').with({ networkMode: 'bridge' }).container({ name: 'app', cpu: 512, memoryReservation: 256, memory: 1024 }).build();

export const dyn = (): TaskDefinition =>
  aTaskDefinition('dyn').with({ networkMode: 'bridge' }).container({ name: 'app', cpu: 128, memory: 128, portMappings: [{ containerPort: 8080 }] }).build();
