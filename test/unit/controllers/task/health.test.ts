import { describe, expect, it } from 'vitest';
import type { HealthCheck } from '../../../../src/api/v1alpha1/container-definition.ts';
import type { HealthStatus } from '../../../../src/api/v1alpha1/task.ts';
import { computeRunningContainerHealth, computeTaskHealth, healthWindowSeconds, type ContainerHealth, type ContainerHealthFact } from '../../../../src/controllers/task/health.ts';

const check: HealthCheck = { command: ['CMD', 'true'], interval: 10, retries: 3, startPeriod: 20 };

describe('healthWindowSeconds', () => {
  it.each<{ name: string; check: HealthCheck; seconds: number }>([
    { name: 'startPeriod + interval × retries', check, seconds: 50 },
    { name: 'ECS defaults: interval 30, retries 3, no startPeriod', check: { command: ['CMD', 'true'] }, seconds: 90 },
  ])('$name', ({ check: given, seconds }) => {
    expect(healthWindowSeconds(given)).toBe(seconds);
  });
});

describe('computeRunningContainerHealth', () => {
  it.each<{ name: string; healthCheck?: HealthCheck; ready: boolean; startedAtMs?: number; previous?: HealthStatus; nowMs: number; want: ContainerHealth }>([
    { name: 'no health check: UNKNOWN even when ready', ready: true, startedAtMs: 0, nowMs: 100_000, want: { healthStatus: 'UNKNOWN' } },
    { name: 'ready: HEALTHY', healthCheck: check, ready: true, startedAtMs: 0, nowMs: 1_000, want: { healthStatus: 'HEALTHY' } },
    { name: 'not ready inside the window: UNKNOWN until the window ends', healthCheck: check, ready: false, startedAtMs: 0, nowMs: 49_999, want: { healthStatus: 'UNKNOWN', decidedAtMs: 50_000 } },
    { name: 'not ready at the end of the window: UNHEALTHY', healthCheck: check, ready: false, startedAtMs: 0, nowMs: 50_000, want: { healthStatus: 'UNHEALTHY' } },
    { name: 'was HEALTHY, not ready now: UNHEALTHY at once', healthCheck: check, ready: false, startedAtMs: 0, previous: 'HEALTHY', nowMs: 5_000, want: { healthStatus: 'UNHEALTHY' } },
    { name: 'was UNHEALTHY, ready again: HEALTHY', healthCheck: check, ready: true, startedAtMs: 0, previous: 'UNHEALTHY', nowMs: 100_000, want: { healthStatus: 'HEALTHY' } },
    { name: 'no start time known: UNKNOWN without a timer', healthCheck: check, ready: false, nowMs: 100_000, want: { healthStatus: 'UNKNOWN' } },
  ])('$name', ({ healthCheck, ready, startedAtMs, previous, nowMs, want }) => {
    expect(computeRunningContainerHealth({ healthCheck, ready, startedAtMs, previous, nowMs })).toEqual(want);
  });
});

describe('computeTaskHealth (ECS-SEMANTICS 5.5)', () => {
  const fact = (essential: boolean, hasHealthCheck: boolean, healthStatus: HealthStatus): ContainerHealthFact => ({ essential, hasHealthCheck, healthStatus });
  it.each<{ name: string; containers: ContainerHealthFact[]; want: HealthStatus }>([
    { name: 'no checks at all: UNKNOWN', containers: [fact(true, false, 'UNKNOWN')], want: 'UNKNOWN' },
    { name: 'every essential check HEALTHY: HEALTHY', containers: [fact(true, true, 'HEALTHY'), fact(true, true, 'HEALTHY'), fact(true, false, 'UNKNOWN')], want: 'HEALTHY' },
    { name: 'one essential UNHEALTHY: UNHEALTHY', containers: [fact(true, true, 'HEALTHY'), fact(true, true, 'UNHEALTHY')], want: 'UNHEALTHY' },
    { name: 'UNHEALTHY wins over still evaluating', containers: [fact(true, true, 'UNKNOWN'), fact(true, true, 'UNHEALTHY')], want: 'UNHEALTHY' },
    { name: 'an essential check still evaluating: UNKNOWN', containers: [fact(true, true, 'HEALTHY'), fact(true, true, 'UNKNOWN')], want: 'UNKNOWN' },
    { name: 'only non-essential checks: UNKNOWN, even if UNHEALTHY', containers: [fact(true, false, 'UNKNOWN'), fact(false, true, 'UNHEALTHY')], want: 'UNKNOWN' },
    { name: 'a non-essential UNHEALTHY does not spoil a HEALTHY task', containers: [fact(true, true, 'HEALTHY'), fact(false, true, 'UNHEALTHY')], want: 'HEALTHY' },
  ])('$name', ({ containers, want }) => {
    expect(computeTaskHealth(containers)).toBe(want);
  });
});
