// The service scheduler's public API: a pure planner for one Service (ECS-SEMANTICS 6).
// Observation in, plan out; see types.ts. No Kubernetes, no I/O, time and randomness injected.
export type * from './types.ts';
export { computeServiceRevisionId, isSameRevision } from './service-revision.ts';
export { initialSchedulerState } from './scheduler-state.ts';
export { planService, PLACEMENT_RETRY_MS } from './plan-service.ts';
export { mergeServiceEvents, REPEAT_SUPPRESSION_MS } from './event-log.ts';
export { computeRolloutBounds, type RolloutBounds } from './rollout-bounds.ts';
export { computeCircuitBreakerThreshold } from './circuit-breaker-threshold.ts';
export { computeThrottleDelayMs, THROTTLE_MAX_DELAY_MS } from './throttle.ts';
export { computeTaskHealth, RUNNING_WITHOUT_CHECKS_HEALTHY_AFTER_MS, type TaskHealth, type HealthRules } from './task-health.ts';
export { shouldRunDaemonTask, computeEligibleInstances } from './daemon-decisions.ts';
export { serviceGroup } from './placement-check.ts';
export * as serviceMessages from './messages.ts';
export { summarizePlan } from './summarize-plan.ts';
