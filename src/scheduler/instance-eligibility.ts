// Whether an instance satisfies a service's memberOf constraints, for DAEMON eligibility
// (6.3) and for the zones AZ rebalancing spreads over (6.12). distinctInstance says nothing
// about one instance on its own. Expressions are evaluated with the engine's compiled cluster
// query language; `task:group` and `runningTasksCount` read the snapshot when there is one.
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import type { PlacementConstraint } from '../domain/task-definition.ts';
import { compileQuery, type ClusterSnapshot } from '../placement/index.ts';

export function satisfiesMemberOf(instance: ContainerInstanceView, constraints: readonly PlacementConstraint[], snapshot?: ClusterSnapshot): boolean {
  const state = snapshot?.instance(instance.id);
  const facts = {
    view: () => instance,
    runningTasksCount: () => state?.runningTasksCount ?? 0,
    hasTaskInGroup: (_i: number, group: string) => (state?.groupCounts.get(group) ?? 0) > 0,
  };
  for (const constraint of constraints) {
    if (constraint.type !== 'memberOf') continue;
    try {
      if (!compileQuery(constraint.expression).matches(0, facts)) return false;
    } catch {
      // An expression that does not compile matches nothing (admission rejects it first).
      return false;
    }
  }
  return true;
}

/** ACTIVE with its agent connected: the only instances that take new tasks (7.2). */
export const acceptsTasks = (instance: ContainerInstanceView): boolean => instance.status === 'ACTIVE' && instance.agentConnected;
