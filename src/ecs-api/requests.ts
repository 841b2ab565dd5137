// The ECS request shapes the handlers take (API reference, "Actions"), as far as this layer
// reads them. Unknown members are ignored by the handlers and reported by the CLI.
import type { PlacementConstraint, PlacementStrategy } from '../api/v1alpha1/placement.ts';
import type { TaskOverride } from '../api/v1alpha1/task-override.ts';

export interface EcsTagInput {
  key: string;
  value?: string;
}

export interface RunTaskRequest {
  cluster?: string;
  taskDefinition: string;
  count?: number;
  group?: string;
  startedBy?: string;
  overrides?: TaskOverride;
  placementConstraints?: PlacementConstraint[];
  placementStrategy?: PlacementStrategy[];
  launchType?: 'EC2' | 'FARGATE' | 'EXTERNAL';
  capacityProviderStrategy?: { capacityProvider: string; weight?: number; base?: number }[];
  networkConfiguration?: Record<string, unknown>;
  enableExecuteCommand?: boolean;
  propagateTags?: 'TASK_DEFINITION' | 'NONE';
  tags?: EcsTagInput[];
}

export interface StartTaskRequest {
  cluster?: string;
  taskDefinition: string;
  containerInstances: string[];
  group?: string;
  startedBy?: string;
  overrides?: TaskOverride;
  networkConfiguration?: Record<string, unknown>;
  enableExecuteCommand?: boolean;
  propagateTags?: 'TASK_DEFINITION' | 'NONE';
  tags?: EcsTagInput[];
  /** Not a StartTask member: refused when FARGATE, as StartTask is for EC2 only. */
  launchType?: string;
}

export interface StopTaskRequest {
  cluster?: string;
  task: string;
  reason?: string;
}

export interface DescribeTasksRequest {
  cluster?: string;
  tasks: string[];
}

export interface ListTasksRequest {
  cluster?: string;
  containerInstance?: string;
  family?: string;
  startedBy?: string;
  serviceName?: string;
  desiredStatus?: 'RUNNING' | 'PENDING' | 'STOPPED';
  launchType?: string;
}
