// The placement pipeline, wired in one place (Nomad's NewGenericStack). ECS documents four
// steps (PLACE): (1) instances with enough CPU, memory and ports, (2) that satisfy the
// constraints, (3) ranked by the strategies, (4) one is chosen. Filters run in the order
// below; the first one an instance fails is the reason reported for it, and the number it
// passed measures how "close" it came (ECS-SEMANTICS 3.9, Q17).
import type { PlacementConstraint } from '../domain/task-definition.ts';
import { constraintFilter } from './constraints/constraint-filter.ts';
import { agentIsConnected } from './filters/agent-connected.ts';
import type { InstanceFilter } from './filters/instance-filter.ts';
import { instanceIsActive } from './filters/instance-status.ts';
import { carriesRequiredAttributes } from './filters/required-attributes.ts';
import { hasCpu, hasEniSlot, hasGpu, hasMemory, hasPorts } from './filters/resource-fit.ts';

/** The stages every task goes through, StartTask included (it skips constraints, 4.1). */
const INSTANCE_STAGES: readonly InstanceFilter[] = [
  // 1. Status: a DRAINING or deregistered instance takes no new task, whatever it has free;
  //    it is the cheapest check and the least "close" failure.
  instanceIsActive,
  // 2. Agent: a disconnected agent could not start the task; ECS rejects rather than wait.
  agentIsConnected,
  // 3. Required attributes (platform, capabilities): a mismatch cannot be fixed by waiting
  //    for resources, so it ranks below resource shortages in closeness.
  carriesRequiredAttributes,
  // 4-8. ECS step 1, resources, in the order ECS names them (CPU, GPU, memory, ports), then
  //      ENI attachment slots for awsvpc tasks (2.5).
  hasCpu,
  hasGpu,
  hasMemory,
  hasPorts,
  hasEniSlot,
];

/** StartTask: the named instances get the instance stages only. */
export const START_TASK_STAGES: readonly InstanceFilter[] = INSTANCE_STAGES;

/**
 * RunTask and services: the instance stages, then ECS step 2, every constraint in order
 * (task definition's first, then the request's). Constraints come after resources as in
 * ECS's documented order, so an instance that is both full and off-constraint reports the
 * resource it lacks.
 */
export function buildFilterChain(constraints: readonly PlacementConstraint[]): InstanceFilter[] {
  return [...INSTANCE_STAGES, ...constraints.map(constraintFilter)];
}
