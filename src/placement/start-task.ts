// StartTask: the caller names the instances (one task each, in order); ECS skips constraints
// and strategies and only checks that each instance exists, is ACTIVE, has its agent
// connected and has the resources (ECS-SEMANTICS 4.1, FAIL: MISSING, INACTIVE, AGENT,
// RESOURCE:*). A DRAINING instance is refused as INACTIVE (Q8).
import type { TaskRequirement } from '../domain/task-requirement.ts';
import { invalidParameter, type EcsError } from '../domain/ecs-error.ts';
import { describeNamedInstance } from './failure-reason.ts';
import type { PlacementFailure } from './explain.ts';
import { pendingTask, type Placement } from './place-tasks.ts';
import { START_TASK_STAGES } from './pipeline.ts';
import type { ClusterSnapshot } from './snapshot.ts';
import { PlacementWorkspace } from './workspace.ts';

export const MAX_START_TASK_INSTANCES = 10;

export interface StartTaskRequest {
  containerInstanceIds: readonly string[];
  group: string;
  requirement: TaskRequirement;
  taskArns?: readonly string[];
  taskDefinitionArn?: string;
}

export type StartTaskOutcome =
  | { error: EcsError }
  | { placements: Placement[]; failures: PlacementFailure[]; snapshot: ClusterSnapshot };

export function checkStartTask(request: StartTaskRequest, snapshot: ClusterSnapshot): StartTaskOutcome {
  const ids = request.containerInstanceIds;
  if (ids.length < 1 || ids.length > MAX_START_TASK_INSTANCES) {
    return { error: invalidParameter(`containerInstances must contain between 1 and ${MAX_START_TASK_INSTANCES} container instances.`) };
  }
  const workspace = new PlacementWorkspace(snapshot, request.group, request.requirement);
  const placements: Placement[] = [];
  const failures: PlacementFailure[] = [];
  for (const id of ids) {
    const i = snapshot.indexOf(id);
    if (i === undefined) {
      failures.push({ arn: id, reason: 'MISSING' });
      continue;
    }
    const rejected = START_TASK_STAGES.map((stage) => stage.check(i, workspace)).find((verdict) => !verdict.ok);
    if (rejected !== undefined && !rejected.ok) {
      failures.push({ arn: id, reason: rejected.reason, detail: describeNamedInstance(id, rejected.reason, rejected.portsCause) });
      continue;
    }
    const taskArn = request.taskArns?.[placements.length] ?? `pending-${placements.length + 1}`;
    workspace.commit(i, pendingTask(taskArn, id, request));
    placements.push({ taskArn, containerInstanceId: id, group: request.group });
  }
  return { placements, failures, snapshot: workspace.result() };
}
