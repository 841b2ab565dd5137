// Scale-in through the engine's selectTasksToStop (3.8): the service's strategies in reverse,
// PENDING first, never a protected task. Only `candidates` may be chosen, but every live task
// of the service is in the snapshot so that spread counts see the whole service.
import { ClusterSnapshot, selectTasksToStop, type Rng, type TaskView } from '../placement/index.ts';
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import type { PlacementStrategy } from '../domain/task-definition.ts';
import type { TaskRequirement } from '../domain/task-requirement.ts';
import { serviceGroup } from './placement-check.ts';
import type { LiveTask } from './task-buckets.ts';
import type { TaskDefinitionFacts } from './types.ts';

const NO_REQUIREMENT: TaskRequirement = { cpu: 0, memory: 0, tcpPorts: [], udpPorts: [], gpu: 0, eni: 0, requiredAttributes: {} };

export interface ScaleInInput {
  serviceName: string;
  candidates: readonly LiveTask[];
  live: readonly LiveTask[];
  count: number;
  placementStrategy: readonly PlacementStrategy[] | undefined;
  instances: readonly ContainerInstanceView[];
  taskDefinitions: Readonly<Record<string, TaskDefinitionFacts>>;
  snapshot: ClusterSnapshot | undefined;
  rng: Rng;
}

export function selectServiceTasksToStop(input: ScaleInInput): LiveTask[] {
  if (input.count <= 0 || input.candidates.length === 0) return [];
  // Tasks not yet on an instance go first: they hold nothing and serve nothing.
  const unplaced = input.candidates.filter((t) => t.task.containerInstanceId === undefined);
  if (unplaced.length >= input.count) return unplaced.slice(0, input.count);
  const chosenArns = new Set(input.candidates.map((t) => t.task.taskArn));
  const base = input.snapshot ?? ClusterSnapshot.build(input.instances, []);
  const ours = input.live.filter((t) => t.task.containerInstanceId !== undefined && base.indexOf(t.task.containerInstanceId) !== undefined);
  const views: TaskView[] = ours.map((t) => ({
    taskArn: t.task.taskArn,
    containerInstanceId: t.task.containerInstanceId as string,
    group: serviceGroup(input.serviceName),
    lastStatus: t.task.lastStatus,
    requirement: (t.deployment === undefined ? undefined : input.taskDefinitions[t.deployment.taskDefinition]?.requirement) ?? NO_REQUIREMENT,
    // Non-candidates stay in the counts but cannot be chosen.
    protectedFromScaleIn: !chosenArns.has(t.task.taskArn) || t.task.protectedFromScaleIn === true,
  }));
  const snapshot = base.withoutTasks(ours.map((t) => t.task.taskArn)).withTasks(views);
  const request = { group: serviceGroup(input.serviceName), count: input.count - unplaced.length, ...(input.placementStrategy === undefined ? {} : { placementStrategy: input.placementStrategy }) };
  const selected = new Set(selectTasksToStop(request, snapshot, input.rng).map((t) => t.taskArn));
  return [...unplaced, ...input.candidates.filter((t) => selected.has(t.task.taskArn))];
}
