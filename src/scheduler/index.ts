// The service scheduler's public API: a pure planner for one Service (ECS-SEMANTICS 6).
// Observation in, plan out; see types.ts. No Kubernetes, no I/O, time and randomness injected.
export type * from './types.ts';
export { computeServiceRevisionId, isSameRevision } from './service-revision.ts';
export { initialSchedulerState } from './scheduler-state.ts';
