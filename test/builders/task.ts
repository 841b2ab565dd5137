// aTask('t1').on('i1').group('family:web').needs({ cpu: 256, memory: 512 }).running().build()
import type { TaskLastStatus, TaskView } from '../../src/domain/task.ts';
import type { TaskRequirement } from '../../src/domain/task-requirement.ts';

export function aRequirement(overrides: Partial<TaskRequirement> = {}): TaskRequirement {
  return { cpu: 0, memory: 0, tcpPorts: [], udpPorts: [], gpu: 0, eni: 0, requiredAttributes: {}, ...overrides };
}

export class TaskBuilder {
  private task: TaskView;

  constructor(taskArn: string) {
    this.task = { taskArn, containerInstanceId: 'i1', group: 'family:web', lastStatus: 'RUNNING', requirement: aRequirement() };
  }

  on(instanceId: string): this {
    this.task = { ...this.task, containerInstanceId: instanceId };
    return this;
  }

  group(group: string): this {
    this.task = { ...this.task, group };
    return this;
  }

  needs(requirement: Partial<TaskRequirement>): this {
    this.task = { ...this.task, requirement: aRequirement(requirement) };
    return this;
  }

  status(lastStatus: TaskLastStatus): this {
    this.task = { ...this.task, lastStatus };
    return this;
  }

  running(): this {
    return this.status('RUNNING');
  }

  pending(): this {
    return this.status('PENDING');
  }

  /** Asked to stop (desiredStatus STOPPED) but not stopped yet. */
  stopping(): this {
    this.task = { ...this.task, desiredStatus: 'STOPPED' };
    return this;
  }

  protectedFromScaleIn(): this {
    this.task = { ...this.task, protectedFromScaleIn: true };
    return this;
  }

  build(): TaskView {
    return Object.freeze(this.task);
  }
}

export function aTask(taskArn: string): TaskBuilder {
  return new TaskBuilder(taskArn);
}
