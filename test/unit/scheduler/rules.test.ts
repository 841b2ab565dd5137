// The small rules the planner is made of, as tables with ECS's worked examples.
import { describe, expect, it } from 'vitest';
import {
  computeCircuitBreakerThreshold,
  computeRolloutBounds,
  computeServiceRevisionId,
  computeTaskHealth,
  computeThrottleDelayMs,
  serviceMessages,
  type CircuitBreakerThresholdType,
  type HealthRules,
  type ServiceRevision,
  type ServiceTask,
} from '../../../src/scheduler/index.ts';
import { MINUTE, SECOND, T0, aServiceTask } from './service-fixtures.ts';

describe('rollout bounds (6.6: minimum rounds up, maximum rounds down)', () => {
  it.each([
    { name: 'min 50, D 4: may stop 2 before starting 2', d: 4, min: 50, max: 200, want: { minHealthy: 2, maxTasks: 8 } },
    { name: 'min 75, D 2: ceil(1.5) = 2, cannot stop any first', d: 2, min: 75, max: 200, want: { minHealthy: 2, maxTasks: 4 } },
    { name: 'max 200, D 4: 8 may run', d: 4, min: 100, max: 200, want: { minHealthy: 4, maxTasks: 8 } },
    { name: 'max 125, D 3: floor(3.75) = 3, cannot start any extra', d: 3, min: 100, max: 125, want: { minHealthy: 3, maxTasks: 3 } },
    { name: 'min 0, max 100, D 5', d: 5, min: 0, max: 100, want: { minHealthy: 0, maxTasks: 5 } },
    { name: 'D 0', d: 0, min: 100, max: 200, want: { minHealthy: 0, maxTasks: 0 } },
    { name: 'min 33, D 10: ceil(3.3) = 4', d: 10, min: 33, max: 150, want: { minHealthy: 4, maxTasks: 15 } },
  ])('$name', ({ d, min, max, want }) => {
    expect(computeRolloutBounds(d, min, max)).toEqual(want);
  });
});

describe('circuit breaker threshold (6.10, Q2)', () => {
  it.each<{ type: CircuitBreakerThresholdType; value: number; d: number; want: number }>([
    { type: 'BOUNDED_PERCENT', value: 50, d: 1, want: 3 },
    { type: 'BOUNDED_PERCENT', value: 50, d: 4, want: 3 },
    { type: 'BOUNDED_PERCENT', value: 50, d: 7, want: 4 },
    { type: 'BOUNDED_PERCENT', value: 50, d: 25, want: 13 },
    { type: 'BOUNDED_PERCENT', value: 50, d: 400, want: 200 },
    { type: 'BOUNDED_PERCENT', value: 50, d: 800, want: 200 },
    { type: 'UNBOUNDED_PERCENT', value: 50, d: 800, want: 400 },
    { type: 'UNBOUNDED_PERCENT', value: 50, d: 1, want: 1 },
    { type: 'COUNT', value: 5, d: 100, want: 5 },
  ])('$type $value with D=$d ⇒ $want', ({ type, value, d, want }) => {
    expect(computeCircuitBreakerThreshold({ thresholdConfiguration: { type, value } }, d)).toBe(want);
  });
});

describe('throttle delay (6.11, Q14: 0, 30 s, 1 m, 2 m, 4 m ... capped at 27 m)', () => {
  it.each([
    [0, 0],
    [1, 0],
    [2, 30 * SECOND],
    [3, 1 * MINUTE],
    [4, 2 * MINUTE],
    [5, 4 * MINUTE],
    [6, 8 * MINUTE],
    [7, 16 * MINUTE],
    [8, 27 * MINUTE],
    [50, 27 * MINUTE],
  ])('after %i consecutive failures ⇒ %i ms', (failures, delay) => {
    expect(computeThrottleDelayMs(failures)).toBe(delay);
  });
});

describe('task health (6.8)', () => {
  const none: HealthRules = { hasLoadBalancers: false, hasEssentialHealthCheck: false, healthCheckGracePeriodSeconds: 0 };
  const checks: HealthRules = { ...none, hasEssentialHealthCheck: true };
  const lb: HealthRules = { ...none, hasLoadBalancers: true };
  const both: HealthRules = { ...checks, hasLoadBalancers: true };
  const running = (sinceMs: number, extra: Partial<ServiceTask> = {}): ServiceTask => aServiceTask('t', 'd', 'i1', { startedAt: T0 - sinceMs, ...extra });
  it.each<{ name: string; task: ServiceTask; rules: HealthRules; want: ReturnType<typeof computeTaskHealth> }>([
    { name: 'no checks: RUNNING 39 s is not yet healthy', task: running(39 * SECOND), rules: none, want: { kind: 'initializing', until: T0 + SECOND } },
    { name: 'no checks: RUNNING 40 s is healthy', task: running(40 * SECOND), rules: none, want: { kind: 'healthy' } },
    { name: 'PENDING is never healthy', task: running(MINUTE, { lastStatus: 'PENDING' }), rules: none, want: { kind: 'initializing' } },
    { name: 'checks: HEALTHY at once', task: running(0, { healthStatus: 'HEALTHY' }), rules: checks, want: { kind: 'healthy' } },
    { name: 'checks: UNKNOWN waits', task: running(MINUTE, { healthStatus: 'UNKNOWN' }), rules: checks, want: { kind: 'initializing' } },
    { name: 'checks: UNHEALTHY is replaced', task: running(MINUTE, { healthStatus: 'UNHEALTHY' }), rules: checks, want: { kind: 'unhealthy', cause: 'container' } },
    { name: 'checks: 40 s alone is not enough', task: running(10 * MINUTE), rules: checks, want: { kind: 'initializing' } },
    {
      name: 'grace period: UNHEALTHY ignored for healthCheckGracePeriodSeconds',
      task: running(30 * SECOND, { healthStatus: 'UNHEALTHY' }),
      rules: { ...checks, healthCheckGracePeriodSeconds: 60 },
      want: { kind: 'initializing', until: T0 + 30 * SECOND },
    },
    { name: 'grace period over: UNHEALTHY counts', task: running(61 * SECOND, { healthStatus: 'UNHEALTHY' }), rules: { ...checks, healthCheckGracePeriodSeconds: 60 }, want: { kind: 'unhealthy', cause: 'container' } },
    { name: 'load balancer: target healthy', task: running(0, { loadBalancerHealth: 'HEALTHY' }), rules: lb, want: { kind: 'healthy' } },
    { name: 'load balancer: target unhealthy', task: running(MINUTE, { loadBalancerHealth: 'UNHEALTHY' }), rules: lb, want: { kind: 'unhealthy', cause: 'load-balancer' } },
    { name: 'both: HEALTHY but target not yet reported', task: running(MINUTE, { healthStatus: 'HEALTHY' }), rules: both, want: { kind: 'initializing' } },
    { name: 'both: HEALTHY and target healthy', task: running(MINUTE, { healthStatus: 'HEALTHY', loadBalancerHealth: 'HEALTHY' }), rules: both, want: { kind: 'healthy' } },
  ])('$name', ({ task, rules, want }) => {
    expect(computeTaskHealth(task, rules, T0)).toEqual(want);
  });
});

describe('service revision identity (6.4)', () => {
  const base: ServiceRevision = { taskDefinition: 'web:1', placementStrategy: [{ type: 'spread', field: 'attribute:ecs.availability-zone' }], taskTemplate: { labels: { a: '1', b: '2' } } };
  it.each<{ name: string; other: ServiceRevision; same: boolean }>([
    { name: 'key order does not matter', other: { taskTemplate: { labels: { b: '2', a: '1' } }, placementStrategy: [{ field: 'attribute:ecs.availability-zone', type: 'spread' }], taskDefinition: 'web:1' }, same: true },
    { name: 'an empty list is no list', other: { ...base, placementConstraints: [], loadBalancers: [] }, same: true },
    { name: 'a new task definition revision', other: { ...base, taskDefinition: 'web:2' }, same: false },
    { name: 'taskTemplate metadata', other: { ...base, taskTemplate: { labels: { a: '1', b: '3' } } }, same: false },
    { name: 'placement does not start a deployment (6.4, UpdateService)', other: { ...base, placementStrategy: [{ type: 'binpack', field: 'memory' }] }, same: true },
    { name: 'capacity provider strategy', other: { ...base, capacityProviderStrategy: [{ capacityProvider: 'spot', weight: 1 }] }, same: false },
    { name: 'network configuration', other: { ...base, networkConfiguration: { awsvpcConfiguration: { subnets: ['s1'] } } }, same: false },
    { name: 'forceNewDeployment', other: { ...base, forceNewDeploymentToken: '2026-12-01T00:00:00Z' }, same: false },
  ])('$name', ({ other, same }) => {
    expect(computeServiceRevisionId(other) === computeServiceRevisionId(base)).toBe(same);
  });
});

describe('ECS message texts (6.14, 6.12)', () => {
  it.each([
    [serviceMessages.steadyStateMessage('web'), 'service (web) has reached a steady state.'],
    [serviceMessages.unableToConsistentlyStartMessage('web'), 'service (web) is unable to consistently start tasks successfully.'],
    [
      serviceMessages.deploymentConfigurationBlockedMessage('web'),
      'service (web) was unable to stop or start tasks during a deployment because of the service deployment configuration. Update the minimumHealthyPercent or maximumPercent value and try again.',
    ],
    [
      serviceMessages.notAzBalancedMessage('web', [
        { zone: 'us-east-1a', count: 2 },
        { zone: 'us-east-1b', count: 0 },
        { zone: 'us-east-1c', count: 1 },
      ]),
      'service (web) is not AZ balanced with 2 tasks in us-east-1a, 0 in us-east-1b, and 1 in us-east-1c. AZ Rebalancing in progress.',
    ],
    [serviceMessages.startedTasksMessage('web', ['a', 'b']), 'service web has started 2 tasks: (task a) (task b).'],
    [serviceMessages.deploymentCompletedReason('ecs-svc/1'), 'ECS deployment ecs-svc/1 completed.'],
    [serviceMessages.circuitBreakerRollbackReason('ecs-svc/1'), 'ECS deployment circuit breaker: rolling back to deploymentId ecs-svc/1.'],
  ])('%s', (actual, want) => {
    expect(actual).toBe(want);
  });
});
