// Runs a scenario's actions in order on the real placement engine, each on the state the
// previous ones left, and shapes the result as ECS's responses (SIMULATION.md).
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import { invalidParameter, type EcsError } from '../domain/ecs-error.ts';
import { DEFAULT_LINUX_RESERVED_TCP_PORTS } from '../domain/resources.ts';
import { defaultTaskGroup, type TaskView } from '../domain/task.ts';
import type { PlacementConstraint, PlacementStrategy, TaskDefinition, TaskDefinitionRevision, TaskOverride } from '../domain/task-definition.ts';
import { taskDefinitionRef } from '../domain/task-definition.ts';
import { findRevision, parseTaskDefinitionReference, resolveTaskDefinitionForNewTasks, UNABLE_TO_DESCRIBE } from '../domain/task-definition-resolution.ts';
import { checkTaskDefinitionRegistration, containerMemoryAboveTask, type RegistrationSubject } from '../domain/task-definition-rules.ts';
import { computeTaskRequirement } from '../domain/task-requirement.ts';
import { parseTaskMemory } from '../domain/task-size.ts';
import { assertNever } from '../placement/assert-never.ts';
import { checkStartTask, ClusterSnapshot, queryError, runTask, seededRng, type Placement, type Rng } from '../placement/index.ts';
import { assignNetworkBindings, DynamicPortAllocator } from './network-bindings.ts';
import type { ActionResult, ContainerInstanceOutput, InvalidTaskDefinitionOutput, SimulationOutput, TaskOutput } from './output.ts';
import type { Action, RunTaskInput, Scenario, ScenarioInstance, StartTaskInput } from './scenario-schema.ts';

/** Thrown for scenario content that is well-formed JSON but inconsistent (exit 2). */
export class ScenarioError extends Error {}

interface TaskRecord {
  taskArn: string;
  taskDefinitionArn: string;
  containerInstanceId: string;
  group: string;
  lastStatus: string;
}

class Simulation {
  private readonly revisions: TaskDefinitionRevision[] = [];
  private readonly invalid: InvalidTaskDefinitionOutput[] = [];
  private readonly tasks = new Map<string, TaskRecord>();
  private readonly ports = new DynamicPortAllocator();
  private readonly rng: Rng;
  private snapshot: ClusterSnapshot;
  private nextTaskNumber = 1;

  constructor(scenario: Scenario) {
    this.rng = seededRng(scenario.seed ?? 0);
    scenario.taskDefinitions.forEach((entry, index) => {
      const { revision, status, ...definition } = entry;
      const error = checkTaskDefinitionRegistration(definition as TaskDefinition, { expressionError: queryError });
      if (error !== undefined) {
        this.invalid.push({ index, family: entry.family, error });
        return;
      }
      const number = revision ?? this.nextRevision(entry.family);
      if (this.revisions.some((r) => r.family === entry.family && r.revision === number)) {
        throw new ScenarioError(`taskDefinitions[${index}].revision: ${entry.family}:${number} is defined twice`);
      }
      this.revisions.push({ family: entry.family, revision: number, status: status ?? 'ACTIVE', definition: definition as TaskDefinition });
    });
    const views = scenario.containerInstances.map(toInstanceView);
    const ids = new Set<string>();
    views.forEach((view, index) => {
      if (ids.has(view.id)) throw new ScenarioError(`containerInstances[${index}].id: duplicate id "${view.id}"`);
      ids.add(view.id);
    });
    const existing: TaskView[] = scenario.tasks.map((task, index) => {
      if (!ids.has(task.containerInstance)) throw new ScenarioError(`tasks[${index}].containerInstance: unknown container instance "${task.containerInstance}"`);
      if (this.tasks.has(task.taskArn)) throw new ScenarioError(`tasks[${index}].taskArn: duplicate task "${task.taskArn}"`);
      const revision = findRevision(task.taskDefinition, this.revisions);
      if (revision === undefined) throw new ScenarioError(`tasks[${index}].taskDefinition: unknown task definition "${task.taskDefinition}"`);
      const group = task.group ?? defaultTaskGroup(revision.family);
      const ref = taskDefinitionRef(revision);
      this.tasks.set(task.taskArn, { taskArn: task.taskArn, taskDefinitionArn: ref, containerInstanceId: task.containerInstance, group, lastStatus: task.lastStatus });
      return {
        taskArn: task.taskArn,
        containerInstanceId: task.containerInstance,
        group,
        lastStatus: task.lastStatus,
        requirement: computeTaskRequirement(revision.definition, task.overrides as TaskOverride | undefined),
        taskDefinitionArn: ref,
      };
    });
    this.snapshot = ClusterSnapshot.build(views, existing);
  }

  run(actions: readonly Action[]): SimulationOutput {
    const results = actions.map((action) => this.apply(action));
    const output: SimulationOutput = {
      results,
      taskDefinitions: this.revisions.map((r) => ({ taskDefinitionArn: taskDefinitionRef(r), status: r.status })),
      containerInstances: this.snapshot.instances.map((state): ContainerInstanceOutput => ({
        id: state.view.id,
        status: state.view.status,
        remainingResources: {
          CPU: state.remainingCpu,
          MEMORY: state.remainingMemory,
          PORTS: portStrings(state.tcpPorts),
          PORTS_UDP: portStrings(state.udpPorts),
        },
        runningTasksCount: state.runningTasksCount,
        pendingTasksCount: state.pendingTasksCount,
      })),
    };
    if (this.invalid.length > 0) output.invalidTaskDefinitions = this.invalid;
    return output;
  }

  private apply(action: Action): ActionResult {
    switch (action.name) {
      case 'RunTask':
        return this.runTask(action.input);
      case 'StartTask':
        return this.startTask(action.input);
      case 'StopTask':
        return this.stopTask(action.input.task);
      case 'UpdateContainerInstancesState':
        return this.updateInstancesState(action.input.containerInstances, action.input.status);
      case 'RegisterTaskDefinition':
        return this.register(action.input as TaskDefinition);
      case 'DeregisterTaskDefinition':
        return this.deregister(action.input.taskDefinition);
      default:
        return assertNever(action);
    }
  }

  private runTask(input: RunTaskInput): ActionResult {
    const resolved = this.resolveForNewTasks(input.taskDefinition, input.overrides);
    if ('error' in resolved) return resolved;
    const { revision, overrides } = resolved;
    const requested = (input.placementConstraints ?? []) as PlacementConstraint[];
    const outcome = runTask(
      {
        kind: 'runTask',
        group: input.group ?? defaultTaskGroup(revision.family),
        count: input.count,
        requirement: computeTaskRequirement(revision.definition, overrides),
        placementConstraints: [...(revision.definition.placementConstraints ?? []), ...requested],
        placementStrategy: (input.placementStrategy ?? []) as PlacementStrategy[],
        ...(input.capacityProviderStrategy !== undefined ? { capacityProviderStrategy: input.capacityProviderStrategy } : {}),
        taskArns: this.upcomingTaskArns(Number.isInteger(input.count) && input.count > 0 ? Math.min(input.count, 10) : 0),
        taskDefinitionArn: taskDefinitionRef(revision),
      },
      this.snapshot,
      this.rng,
    );
    if ('error' in outcome) return { error: outcome.error };
    this.snapshot = outcome.snapshot;
    return { tasks: this.record(outcome.placements, revision), failures: outcome.failures };
  }

  private startTask(input: StartTaskInput): ActionResult {
    const resolved = this.resolveForNewTasks(input.taskDefinition, input.overrides);
    if ('error' in resolved) return resolved;
    const { revision, overrides } = resolved;
    const outcome = checkStartTask(
      {
        containerInstanceIds: input.containerInstances,
        group: input.group ?? defaultTaskGroup(revision.family),
        requirement: computeTaskRequirement(revision.definition, overrides),
        taskArns: this.upcomingTaskArns(Math.min(input.containerInstances.length, 10)),
        taskDefinitionArn: taskDefinitionRef(revision),
      },
      this.snapshot,
    );
    if ('error' in outcome) return { error: outcome.error };
    this.snapshot = outcome.snapshot;
    return { tasks: this.record(outcome.placements, revision), failures: outcome.failures };
  }

  /** Resolves a reference for new tasks and applies the V6 check to overrides (4.3). */
  private resolveForNewTasks(
    reference: string,
    rawOverrides: unknown,
  ): { revision: TaskDefinitionRevision; overrides: TaskOverride | undefined } | { error: EcsError } {
    const resolved = resolveTaskDefinitionForNewTasks(reference, this.revisions);
    if ('error' in resolved) return resolved;
    const overrides = rawOverrides as TaskOverride | undefined;
    const { definition } = resolved.revision;
    const effective: RegistrationSubject = {
      taskCpu: undefined,
      taskMemory: parseTaskMemory(overrides?.memory ?? definition.memory),
      containerDefinitions: definition.containerDefinitions.map((container) => ({
        name: container.name,
        memory: overrides?.containerOverrides?.find((o) => o.name === container.name)?.memory ?? container.memory,
      })),
    };
    for (const container of effective.containerDefinitions) {
      const message = containerMemoryAboveTask(container, effective);
      if (message !== undefined) return { error: invalidParameter(message) };
    }
    return { revision: resolved.revision, overrides };
  }

  private upcomingTaskArns(count: number): string[] {
    return Array.from({ length: count }, (_, k) => `task-${this.nextTaskNumber + k}`);
  }

  private record(placements: readonly Placement[], revision: TaskDefinitionRevision): TaskOutput[] {
    this.nextTaskNumber += placements.length;
    const ref = taskDefinitionRef(revision);
    return placements.map((placement) => {
      this.tasks.set(placement.taskArn, {
        taskArn: placement.taskArn,
        taskDefinitionArn: ref,
        containerInstanceId: placement.containerInstanceId,
        group: placement.group,
        lastStatus: 'PENDING',
      });
      const output: TaskOutput = {
        taskArn: placement.taskArn,
        taskDefinitionArn: ref,
        containerInstanceArn: placement.containerInstanceId,
        group: placement.group,
        lastStatus: 'PENDING',
      };
      const state = this.snapshot.instance(placement.containerInstanceId);
      const bindings = assignNetworkBindings(revision.definition, placement.taskArn, placement.containerInstanceId, state?.tcpPorts ?? new Set(), this.ports);
      if (bindings.length > 0) output.networkBindings = bindings;
      return output;
    });
  }

  private stopTask(taskArn: string): ActionResult {
    const task = this.tasks.get(taskArn);
    if (task === undefined) return { error: invalidParameter('The referenced task was not found.') };
    task.lastStatus = 'STOPPED';
    this.snapshot = this.snapshot.withoutTasks([taskArn]);
    this.ports.release(taskArn);
    return { task: { taskArn, lastStatus: 'STOPPED' } };
  }

  private updateInstancesState(ids: readonly string[], status: string): ActionResult {
    if (status !== 'ACTIVE' && status !== 'DRAINING') {
      return { error: invalidParameter(`Invalid status '${status}': container instance status can only be set to ACTIVE or DRAINING.`) };
    }
    const updated: { id: string; status: string }[] = [];
    const failures: { arn: string; reason: 'MISSING' | 'INACTIVE' }[] = [];
    for (const id of ids) {
      const state = this.snapshot.instance(id);
      if (state === undefined) failures.push({ arn: id, reason: 'MISSING' });
      else if (state.view.status !== 'ACTIVE' && state.view.status !== 'DRAINING') failures.push({ arn: id, reason: 'INACTIVE' });
      else {
        this.snapshot = this.snapshot.withInstanceStatus(id, status);
        updated.push({ id, status });
      }
    }
    return { containerInstances: updated, failures };
  }

  private register(definition: TaskDefinition): ActionResult {
    const error = checkTaskDefinitionRegistration(definition, { expressionError: queryError });
    if (error !== undefined) return { error };
    const revision: TaskDefinitionRevision = { family: definition.family, revision: this.nextRevision(definition.family), status: 'ACTIVE', definition };
    this.revisions.push(revision);
    return { taskDefinition: { taskDefinitionArn: taskDefinitionRef(revision), status: 'ACTIVE' } };
  }

  private deregister(reference: string): ActionResult {
    if (parseTaskDefinitionReference(reference).revision === undefined) {
      return { error: { code: 'ClientException', message: 'The task definition must be given as family:revision or a full ARN.' } };
    }
    const revision = findRevision(reference, this.revisions);
    if (revision === undefined) return { error: { code: 'ClientException', message: UNABLE_TO_DESCRIBE } };
    revision.status = 'INACTIVE';
    return { taskDefinition: { taskDefinitionArn: taskDefinitionRef(revision), status: 'INACTIVE' } };
  }

  private nextRevision(family: string): number {
    return this.revisions.filter((r) => r.family === family).reduce((max, r) => Math.max(max, r.revision), 0) + 1;
  }
}

/** Runs the scenario. Throws ScenarioError for inconsistent content. */
export function runScenario(scenario: Scenario): SimulationOutput {
  return new Simulation(scenario).run(scenario.actions);
}

function toInstanceView(instance: ScenarioInstance): ContainerInstanceView {
  const view: ContainerInstanceView = {
    id: instance.id,
    status: instance.status,
    agentConnected: instance.agentConnected,
    attributes: instance.attributes,
    registeredResources: {
      cpu: instance.registeredResources.CPU,
      memory: instance.registeredResources.MEMORY,
      tcpPorts: instance.registeredResources.PORTS?.map(Number) ?? DEFAULT_LINUX_RESERVED_TCP_PORTS,
      udpPorts: instance.registeredResources.PORTS_UDP?.map(Number) ?? [],
      ...(instance.registeredResources.GPU !== undefined ? { gpuIds: instance.registeredResources.GPU } : {}),
      ...(instance.taskEniSlots !== undefined ? { taskEniSlots: instance.taskEniSlots } : {}),
    },
  };
  if (instance.agentVersion !== undefined) view.agentVersion = instance.agentVersion;
  if (instance.ec2InstanceId !== undefined) view.ec2InstanceId = instance.ec2InstanceId;
  if (instance.registeredAt !== undefined) view.registeredAt = instance.registeredAt;
  if (instance.capacityProviderName !== undefined) view.capacityProviderName = instance.capacityProviderName;
  return view;
}

function portStrings(ports: ReadonlySet<number>): string[] {
  return [...ports].sort((a, b) => a - b).map(String);
}
