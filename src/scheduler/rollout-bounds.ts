// ECS's rounding for deploymentConfiguration (ECS-SEMANTICS 6.6): the floor of healthy tasks
// rounds UP, the ceiling of live tasks rounds DOWN, both as a share of the desired count.
//
// Worked examples (ROLL): min 50, D 4 ⇒ minHealthy 2: may stop 2 before starting 2.
// min 75, D 2 ⇒ ceil(1.5) = 2: cannot stop any first. max 200, D 4 ⇒ 8 may run.
// max 125, D 3 ⇒ floor(3.75) = 3: cannot start any extra.

export interface RolloutBounds {
  /** Live (PENDING + RUNNING) tasks never exceed this. */
  maxTasks: number;
  /** Healthy tasks are not stopped below this. */
  minHealthy: number;
}

export function computeRolloutBounds(desiredCount: number, minimumHealthyPercent: number, maximumPercent: number): RolloutBounds {
  // Integer arithmetic first, so 3 × 125 / 100 is exactly 3.75 and never 3.7499999.
  return {
    maxTasks: Math.floor((desiredCount * maximumPercent) / 100),
    minHealthy: Math.ceil((desiredCount * minimumHealthyPercent) / 100),
  };
}
