// The output of `stevedore simulate` (SIMULATION.md): one result per action, then the task
// definitions and container instances after all actions.
import type { EcsError } from '../domain/ecs-error.ts';
import type { PlacementFailure } from '../placement/index.ts';

export interface NetworkBinding {
  containerName: string;
  containerPort: number;
  hostPort: number;
  protocol: 'tcp' | 'udp';
}

export interface TaskOutput {
  taskArn: string;
  taskDefinitionArn: string;
  containerInstanceArn: string;
  group: string;
  lastStatus: string;
  networkBindings?: NetworkBinding[];
}

export type ActionResult =
  | { error: EcsError }
  | { tasks: TaskOutput[]; failures: PlacementFailure[] }
  | { taskDefinition: { taskDefinitionArn: string; status: string } }
  | { task: { taskArn: string; lastStatus: string } }
  | { containerInstances: { id: string; status: string }[]; failures: PlacementFailure[] };

export interface ContainerInstanceOutput {
  id: string;
  status: string;
  remainingResources: { CPU: number; MEMORY: number; PORTS: string[]; PORTS_UDP: string[] };
  runningTasksCount: number;
  pendingTasksCount: number;
}

export interface InvalidTaskDefinitionOutput {
  index: number;
  family: string;
  error: EcsError;
}

export interface SimulationOutput {
  results: ActionResult[];
  taskDefinitions: { taskDefinitionArn: string; status: string }[];
  /** Present only when some `taskDefinitions` entries failed registration rules. */
  invalidTaskDefinitions?: InvalidTaskDefinitionOutput[];
  containerInstances: ContainerInstanceOutput[];
}
