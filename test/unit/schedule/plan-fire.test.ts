import { describe, expect, it } from 'vitest';
import { computeInvocationDelayMs } from '../../../src/schedule/flexible-window.ts';
import { MAX_DUE_PER_PLAN, planFire, type FirePlanInput } from '../../../src/schedule/plan-fire.ts';
import { parseScheduleExpression } from '../../../src/schedule/parse-expression.ts';

const at = (s: string) => Date.parse(s);
const MIN = 60_000;
const input = (expression: string, now: string, extra: Partial<FirePlanInput> = {}): FirePlanInput => {
  const parsed = parseScheduleExpression(expression);
  if (!parsed.ok) throw new Error(parsed.message);
  return {
    expression: parsed.expression,
    bounds: { timezone: 'UTC', createdAtMs: at('2026-01-01T00:00:00Z') },
    enabled: true,
    lastEvaluatedMs: undefined,
    nowMs: at(now),
    maximumEventAgeMs: 86_400_000,
    flexibleWindowMs: 0,
    seed: 'ns/job',
    ...extra,
  };
};

describe('planFire', () => {
  it.each([
    {
      name: 'a new rate schedule fires at once (its start is its creation)',
      input: input('rate(1 minute)', '2026-01-01T00:00:02Z'),
      want: { fireMs: at('2026-01-01T00:00:00Z'), missedMs: [], lastEvaluatedMs: at('2026-01-01T00:00:00Z'), nextMs: at('2026-01-01T00:01:00Z') },
    },
    {
      name: 'nothing is due yet',
      input: input('cron(0 10 * * ? *)', '2026-01-01T09:00:00Z'),
      want: { missedMs: [], lastEvaluatedMs: undefined, nextMs: at('2026-01-01T10:00:00Z') },
    },
    {
      name: 'the time decided before does not fire again',
      input: input('cron(0 10 * * ? *)', '2026-01-01T10:00:30Z', { lastEvaluatedMs: at('2026-01-01T10:00:00Z') }),
      want: { missedMs: [], lastEvaluatedMs: at('2026-01-01T10:00:00Z'), nextMs: at('2026-01-02T10:00:00Z') },
    },
    {
      name: 'after downtime only the latest due time fires; the older ones are missed',
      input: input('cron(0 * * * ? *)', '2026-01-01T03:10:00Z', { lastEvaluatedMs: at('2026-01-01T00:00:00Z') }),
      want: {
        fireMs: at('2026-01-01T03:00:00Z'),
        missedMs: [at('2026-01-01T01:00:00Z'), at('2026-01-01T02:00:00Z')],
        lastEvaluatedMs: at('2026-01-01T03:00:00Z'),
        nextMs: at('2026-01-01T04:00:00Z'),
      },
    },
    {
      name: 'a late time inside the event age fires',
      input: input('at(2026-01-01T10:00:00)', '2026-01-01T10:00:59Z', { maximumEventAgeMs: 60_000 }),
      want: { fireMs: at('2026-01-01T10:00:00Z'), missedMs: [], lastEvaluatedMs: at('2026-01-01T10:00:00Z') },
    },
    {
      name: 'a late time outside the event age is missed',
      input: input('at(2026-01-01T10:00:00)', '2026-01-01T10:01:01Z', { maximumEventAgeMs: 60_000 }),
      want: { missedMs: [at('2026-01-01T10:00:00Z')], lastEvaluatedMs: at('2026-01-01T10:00:00Z') },
    },
    {
      name: 'DISABLED skips what comes due, without missing it',
      input: input('cron(0 * * * ? *)', '2026-01-01T03:10:00Z', { enabled: false, lastEvaluatedMs: at('2026-01-01T00:00:00Z') }),
      want: { missedMs: [], skippedCount: 3, lastEvaluatedMs: at('2026-01-01T03:00:00Z'), nextMs: at('2026-01-01T04:00:00Z') },
    },
    {
      name: 'an ended schedule has no next time',
      input: input('cron(0 10 * * ? *)', '2026-01-03T11:00:00Z', { lastEvaluatedMs: at('2026-01-02T10:00:00Z'), bounds: { timezone: 'UTC', createdAtMs: 0, endDateMs: at('2026-01-03T00:00:00Z') } }),
      want: { missedMs: [], lastEvaluatedMs: at('2026-01-02T10:00:00Z') },
    },
  ])('$name', ({ input, want }) => {
    const plan = planFire(input);
    expect({ fireMs: plan.fireMs, missedMs: plan.missedMs, lastEvaluatedMs: plan.lastEvaluatedMs, nextMs: plan.nextMs, skippedCount: plan.skippedCount }).toEqual({
      skippedCount: 0,
      fireMs: undefined,
      nextMs: undefined,
      ...want,
    });
  });

  it('a flexible window delays the invocation, the same way on every replica', () => {
    const window = 15 * MIN;
    const scheduled = at('2026-01-01T10:00:00Z');
    const delay = computeInvocationDelayMs(window, 'ns/job', scheduled);
    expect(delay).toBeGreaterThanOrEqual(0);
    expect(delay).toBeLessThan(window);
    const before = planFire(input('cron(0 10 * * ? *)', new Date(scheduled + delay - 1).toISOString(), { flexibleWindowMs: window }));
    expect(before.fireMs).toBeUndefined();
    expect(before.wakeAtMs).toBe(scheduled + delay);
    const after = planFire(input('cron(0 10 * * ? *)', new Date(scheduled + delay).toISOString(), { flexibleWindowMs: window }));
    expect(after.fireMs).toBe(scheduled);
  });

  it('a long downtime is worked through in bounded steps, and fires nothing stale', () => {
    let lastEvaluatedMs: number | undefined = at('2026-01-01T00:00:00Z');
    const now = '2026-01-03T00:00:30Z';
    const fired: number[] = [];
    let missed = 0;
    for (let i = 0; i < 10; i++) {
      const plan = planFire(input('rate(1 minute)', now, { lastEvaluatedMs }));
      missed += plan.missedMs.length;
      if (plan.fireMs !== undefined) fired.push(plan.fireMs);
      lastEvaluatedMs = plan.lastEvaluatedMs;
      if (!plan.more) break;
    }
    expect(fired).toEqual([at('2026-01-03T00:00:00Z')]);
    expect(missed).toBe(2 * 24 * 60 - 1);
    expect(MAX_DUE_PER_PLAN).toBeLessThan(missed);
  });
});
