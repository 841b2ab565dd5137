// What ECS does when no strategy is given (ECS-SEMANTICS 3.6).
import type { PlacementStrategy } from '../../domain/task-definition.ts';

export type PlacementContextKind = 'runTask' | 'service';

/** RunTask spreads tasks randomly over the cluster (SCHED). */
const RUN_TASK_DEFAULT: readonly PlacementStrategy[] = Object.freeze([{ type: 'random' }]);

/**
 * Services: the zone with the fewest of the service's tasks, then the instance with the
 * fewest. Scale-in with no strategy reads the same list in reverse (3.8).
 */
export const SERVICE_DEFAULT: readonly PlacementStrategy[] = Object.freeze([
  { type: 'spread', field: 'attribute:ecs.availability-zone' },
  { type: 'spread', field: 'instanceId' },
]);

export function effectiveStrategies(kind: PlacementContextKind, given: readonly PlacementStrategy[] | undefined): readonly PlacementStrategy[] {
  if (given !== undefined && given.length > 0) return given;
  return kind === 'service' ? SERVICE_DEFAULT : RUN_TASK_DEFAULT;
}
