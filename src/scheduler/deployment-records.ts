// Deployment entries (ECS-SEMANTICS 6.4): ids, creation, and the fields derived each pass.
import { canonicalJson } from '../api/v1alpha1/canonical-json.ts';
import { computeCircuitBreakerThreshold } from './circuit-breaker-threshold.ts';
import { deploymentInProgressReason } from './messages.ts';
import { computeServiceRevisionId } from './service-revision.ts';
import type { CircuitBreakerSettings, CircuitBreakerStatus, DeploymentRecord, RolloutState, ServiceRevision } from './types.ts';

const LONG_MAX = 9223372036854775807n;

/**
 * `ecs-svc/<digits>`. ECS's ids read as Long.MAX_VALUE minus the creation time in ms (the
 * EventBridge sample `ecs-svc/9223370545345641169` is 2017-04-06) [O]: newer deployments get
 * smaller numbers. A clash with a listed id (two in one millisecond) steps down by a random
 * amount from the injected RNG.
 */
export function computeDeploymentId(now: number, taken: ReadonlySet<string>, rng: { next(): number }): string {
  let digits = LONG_MAX - BigInt(Math.max(0, Math.floor(now)));
  while (taken.has(`ecs-svc/${digits}`)) digits -= 1n + BigInt(Math.floor(rng.next() * 1000));
  return `ecs-svc/${digits}`;
}

export function circuitBreakerStatusFor(settings: CircuitBreakerSettings, rolloutState: RolloutState): CircuitBreakerStatus {
  if (!settings.enable) return 'DISABLED';
  switch (rolloutState) {
    case 'IN_PROGRESS':
      return 'MONITORING';
    case 'COMPLETED':
      return 'MONITORING_COMPLETE';
    case 'FAILED':
      return 'TRIGGERED';
  }
}

export interface NewDeployment {
  id: string;
  revision: ServiceRevision;
  desiredCount: number;
  settings: CircuitBreakerSettings;
  now: number;
  /** Defaults to `ECS deployment <id> in progress.` */
  reason?: string;
  rollbackOf?: string;
}

export function createDeployment(input: NewDeployment): DeploymentRecord {
  const record: DeploymentRecord = {
    id: input.id,
    status: 'PRIMARY',
    revision: input.revision,
    revisionId: computeServiceRevisionId(input.revision),
    taskDefinition: input.revision.taskDefinition,
    desiredCount: input.desiredCount,
    pendingCount: 0,
    runningCount: 0,
    failedTasks: 0,
    rolloutState: 'IN_PROGRESS',
    rolloutStateReason: input.reason ?? deploymentInProgressReason(input.id),
    createdAt: input.now,
    updatedAt: input.now,
    circuitBreaker: {
      status: circuitBreakerStatusFor(input.settings, 'IN_PROGRESS'),
      failureCount: 0,
      threshold: computeCircuitBreakerThreshold(input.settings, input.desiredCount),
    },
  };
  if (input.rollbackOf !== undefined) record.rollbackOf = input.rollbackOf;
  return record;
}

/** Copies `next` onto a fresh record, moving `updatedAt` only when something else changed. */
export function touchDeployment(before: DeploymentRecord, next: DeploymentRecord, now: number): DeploymentRecord {
  const { updatedAt: _a, ...restBefore } = before;
  const { updatedAt: _b, ...restNext } = next;
  return canonicalJson(restBefore) === canonicalJson(restNext) ? { ...next, updatedAt: before.updatedAt } : { ...next, updatedAt: now };
}
