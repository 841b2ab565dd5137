// The planner's memory between passes (types.ts `SchedulerState`).
import type { SchedulerState } from './types.ts';

/** The state of a Service the planner has never seen. */
export function initialSchedulerState(): SchedulerState {
  return {
    deployments: [],
    accountedTaskArns: [],
    healthyTaskArns: [],
    deploymentsWithRunningTask: [],
    throttle: { consecutiveFailures: 0 },
    standingMessages: [],
  };
}
