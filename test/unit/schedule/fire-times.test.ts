import { describe, expect, it } from 'vitest';
import { computeFireTimes, computeNextFireTime, type ScheduleBounds } from '../../../src/schedule/fire-times.ts';
import { parseScheduleExpression } from '../../../src/schedule/parse-expression.ts';
import type { ScheduleExpression } from '../../../src/schedule/schedule-expression.ts';

const parse = (text: string): ScheduleExpression => {
  const parsed = parseScheduleExpression(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.expression;
};
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const bounds = (createdAt: string, extra: Partial<ScheduleBounds> = {}): ScheduleBounds => ({ timezone: 'UTC', createdAtMs: Date.parse(createdAt), ...extra });
const first = (text: string, from: string, count: number, extra: Partial<ScheduleBounds> = {}) =>
  computeFireTimes(parse(text), bounds(from, extra), undefined, Infinity, count).map(iso);

interface Case {
  name: string;
  expression: string;
  from: string;
  timezone?: string;
  want: string[];
}

// 2026-01-01 is a Thursday.
describe("EventBridge's documented examples", () => {
  it.each<Case>([
    { name: 'Run at 10:00 am (UTC) every day', expression: 'cron(0 10 * * ? *)', from: '2026-01-01T10:00:01Z', want: ['2026-01-02T10:00:00Z', '2026-01-03T10:00:00Z'] },
    { name: 'Run at 12:15 pm (UTC) every day', expression: 'cron(15 12 * * ? *)', from: '2026-01-01T00:00:00Z', want: ['2026-01-01T12:15:00Z', '2026-01-02T12:15:00Z'] },
    {
      name: 'Run at 6:00 pm (UTC) every Monday through Friday',
      expression: 'cron(0 18 ? * MON-FRI *)',
      from: '2026-01-02T19:00:00Z',
      want: ['2026-01-05T18:00:00Z', '2026-01-06T18:00:00Z'],
    },
    { name: 'Run at 8:00 am (UTC) every 1st day of the month', expression: 'cron(0 8 1 * ? *)', from: '2026-01-01T09:00:00Z', want: ['2026-02-01T08:00:00Z', '2026-03-01T08:00:00Z'] },
    { name: 'Run every 15 minutes', expression: 'cron(0/15 * * * ? *)', from: '2026-01-01T00:50:00Z', want: ['2026-01-01T01:00:00Z', '2026-01-01T01:15:00Z', '2026-01-01T01:30:00Z'] },
    {
      name: 'Run every 10 minutes Monday through Friday',
      expression: 'cron(0/10 * ? * MON-FRI *)',
      from: '2026-01-02T23:55:00Z',
      want: ['2026-01-05T00:00:00Z', '2026-01-05T00:10:00Z'],
    },
    {
      name: 'Run every 5 minutes Monday through Friday between 8:00 am and 5:55 pm (UTC)',
      expression: 'cron(0/5 8-17 ? * MON-FRI *)',
      from: '2026-01-05T17:52:00Z',
      want: ['2026-01-05T17:55:00Z', '2026-01-06T08:00:00Z'],
    },
    {
      name: 'Run every 30 minutes Monday through Friday between 8:00 pm and 11:59 pm',
      expression: 'cron(0/30 20-23 ? * MON-FRI *)',
      from: '2026-01-05T23:15:00Z',
      want: ['2026-01-05T23:30:00Z', '2026-01-06T20:00:00Z'],
    },
    {
      name: 'Run every 30 minutes Monday through Friday between 12:00 am and 2:00 am',
      expression: 'cron(0/30 0-2 ? * MON-FRI *)',
      from: '2026-01-05T02:15:00Z',
      want: ['2026-01-05T02:30:00Z', '2026-01-06T00:00:00Z'],
    },
    { name: 'Run every day, at 5 and 35 minutes past 2:00 pm (UTC)', expression: 'cron(5,35 14 * * ? *)', from: '2026-01-01T14:06:00Z', want: ['2026-01-01T14:35:00Z', '2026-01-02T14:05:00Z'] },
    {
      name: 'Run at 10:15 am UTC on the last Friday of each month during the years 2002 to 2005',
      expression: 'cron(15 10 ? * 6L 2002-2005)',
      from: '2005-11-01T00:00:00Z',
      want: ['2005-11-25T10:15:00Z', '2005-12-30T10:15:00Z'],
    },
    { name: 'Run at 9:00 am (UTC) on the first Monday of each month', expression: 'cron(0 9 ? * 2#1 *)', from: '2026-01-01T00:00:00Z', want: ['2026-01-05T09:00:00Z', '2026-02-02T09:00:00Z'] },
  ])('$name: $expression', ({ expression, from, want }) => {
    expect(first(expression, from, want.length)).toEqual(want);
  });

  it('a schedule of years that have passed never fires', () => {
    expect(first('cron(15 10 ? * 6L 2002-2005)', '2026-01-01T00:00:00Z', 1)).toEqual([]);
  });
});

describe('last day of the month, nearest weekday, nth weekday, 1 = Sunday', () => {
  it.each<Case>([
    {
      name: 'L is the last day, leap February included',
      expression: 'cron(0 5 L * ? *)',
      from: '2028-01-01T00:00:00Z',
      want: ['2028-01-31T05:00:00Z', '2028-02-29T05:00:00Z', '2028-03-31T05:00:00Z', '2028-04-30T05:00:00Z'],
    },
    { name: 'L in February of a common year', expression: 'cron(0 0 L 2 ? *)', from: '2026-01-01T00:00:00Z', want: ['2026-02-28T00:00:00Z', '2027-02-28T00:00:00Z', '2028-02-29T00:00:00Z'] },
    // 2026-02-15 is a Sunday (-> Monday 16th); 2026-08-15 a Saturday (-> Friday 14th).
    { name: '15W is the weekday nearest the 15th', expression: 'cron(0 12 15W * ? *)', from: '2026-02-01T00:00:00Z', want: ['2026-02-16T12:00:00Z', '2026-03-16T12:00:00Z', '2026-04-15T12:00:00Z'] },
    { name: '15W on a Saturday is the Friday before', expression: 'cron(0 12 15W 8 ? *)', from: '2026-01-01T00:00:00Z', want: ['2026-08-14T12:00:00Z'] },
    { name: '1 is Sunday', expression: 'cron(0 0 ? * 1 *)', from: '2026-01-01T00:00:00Z', want: ['2026-01-04T00:00:00Z', '2026-01-11T00:00:00Z'] },
    { name: '7 is Saturday, and L alone is Saturday', expression: 'cron(0 0 ? * L *)', from: '2026-01-01T00:00:00Z', want: ['2026-01-03T00:00:00Z', '2026-01-10T00:00:00Z'] },
    { name: '3#2 is the second Tuesday', expression: 'cron(0 0 ? * 3#2 *)', from: '2026-01-01T00:00:00Z', want: ['2026-01-13T00:00:00Z', '2026-02-10T00:00:00Z'] },
    { name: 'a range of weekdays that wraps (FRI-MON)', expression: 'cron(0 0 ? * FRI-MON *)', from: '2026-01-01T00:00:01Z', want: ['2026-01-02T00:00:00Z', '2026-01-03T00:00:00Z', '2026-01-04T00:00:00Z', '2026-01-05T00:00:00Z', '2026-01-09T00:00:00Z'] },
    { name: 'a range of hours that wraps midnight (22-1)', expression: 'cron(0 22-1 * * ? *)', from: '2026-01-01T12:00:00Z', want: ['2026-01-01T22:00:00Z', '2026-01-01T23:00:00Z', '2026-01-02T00:00:00Z', '2026-01-02T01:00:00Z', '2026-01-02T22:00:00Z'] },
    { name: 'a date that never exists never fires', expression: 'cron(0 0 31 2 ? *)', from: '2026-01-01T00:00:00Z', want: [] },
  ])('$name: $expression', ({ expression, from, want }) => {
    expect(first(expression, from, Math.max(want.length, 1))).toEqual(want);
  });
});

describe('time zones and daylight saving time', () => {
  it.each<Case>([
    {
      name: 'a daily time follows the zone across spring forward',
      expression: 'cron(0 9 * * ? *)',
      timezone: 'America/New_York',
      from: '2026-03-07T00:00:00Z',
      want: ['2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z'],
    },
    {
      name: '02:30 does not exist on the day clocks spring forward: skipped',
      expression: 'cron(30 2 * * ? *)',
      timezone: 'America/New_York',
      from: '2026-03-07T00:00:00Z',
      want: ['2026-03-07T07:30:00Z', '2026-03-09T06:30:00Z'],
    },
    {
      name: 'every 30 minutes in the hour that does not exist: skipped',
      expression: 'cron(0/30 2 * * ? *)',
      timezone: 'America/New_York',
      from: '2026-03-08T00:00:00Z',
      want: ['2026-03-09T06:00:00Z', '2026-03-09T06:30:00Z'],
    },
    {
      name: '01:30 occurs twice when clocks fall back: runs once, the first time',
      expression: 'cron(30 1 * * ? *)',
      timezone: 'America/New_York',
      from: '2026-10-31T12:00:00Z',
      want: ['2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
    },
    {
      name: 'every 30 minutes in the repeated hour: each wall time once',
      expression: 'cron(0/30 1 * * ? *)',
      timezone: 'America/New_York',
      from: '2026-11-01T00:00:00Z',
      want: ['2026-11-01T05:00:00Z', '2026-11-01T05:30:00Z', '2026-11-02T06:00:00Z'],
    },
    {
      name: 'Europe/Berlin skips 02:30 on the last Sunday of March',
      expression: 'cron(30 2 * * ? *)',
      timezone: 'Europe/Berlin',
      from: '2026-03-28T12:00:00Z',
      want: ['2026-03-30T00:30:00Z'],
    },
    {
      // 00:00Z is 02:00 CEST; at 01:00Z the clocks show 02:00 again (CET), skipped; 02:00Z is 03:00 CET.
      name: 'hourly across the Berlin fall back: 02:00 once',
      expression: 'cron(0 * * * ? *)',
      timezone: 'Europe/Berlin',
      from: '2026-10-24T23:30:00Z',
      want: ['2026-10-25T00:00:00Z', '2026-10-25T02:00:00Z', '2026-10-25T03:00:00Z', '2026-10-25T04:00:00Z'],
    },
    {
      name: 'the last day of the month at midnight, in Tokyo',
      expression: 'cron(0 0 L * ? *)',
      timezone: 'Asia/Tokyo',
      from: '2026-01-01T00:00:00Z',
      want: ['2026-01-30T15:00:00Z', '2026-02-27T15:00:00Z'],
    },
  ])('$name', ({ expression, timezone, from, want }) => {
    expect(first(expression, from, want.length, { timezone: timezone ?? 'UTC' })).toEqual(want);
  });

  it.each([
    ['at(2026-06-01T09:00:00)', 'America/New_York', ['2026-06-01T13:00:00Z']],
    ['at(2026-03-08T02:30:00)', 'America/New_York', []],
    ['at(2026-11-01T01:30:00)', 'America/New_York', ['2026-11-01T05:30:00Z']],
  ])('%s in %s fires at %j', (expression, timezone, want) => {
    expect(first(expression, '2026-01-01T00:00:00Z', 2, { timezone })).toEqual(want);
  });

  it('rate(1 day) is 24 hours, whatever the clocks do', () => {
    expect(first('rate(1 day)', '2026-03-07T12:00:00Z', 3, { timezone: 'America/New_York' })).toEqual(['2026-03-07T12:00:00Z', '2026-03-08T12:00:00Z', '2026-03-09T12:00:00Z']);
  });
});

describe('start, end and creation', () => {
  it('rate() fires at its start and every period after it', () => {
    expect(first('rate(5 minutes)', '2026-01-01T00:00:10Z', 3)).toEqual(['2026-01-01T00:00:10Z', '2026-01-01T00:05:10Z', '2026-01-01T00:10:10Z']);
    const startDateMs = Date.parse('2026-01-01T06:00:00Z');
    expect(first('rate(1 hour)', '2026-01-01T00:00:00Z', 2, { startDateMs })).toEqual(['2026-01-01T06:00:00Z', '2026-01-01T07:00:00Z']);
  });

  it('rate() with a start in the past keeps its phase and fires nothing before creation', () => {
    const startDateMs = Date.parse('2026-01-01T00:00:30Z');
    expect(first('rate(10 minutes)', '2026-01-01T01:05:00Z', 2, { startDateMs })).toEqual(['2026-01-01T01:10:30Z', '2026-01-01T01:20:30Z']);
  });

  it('nothing fires before startDate or at or after endDate', () => {
    const startDateMs = Date.parse('2026-01-03T00:00:00Z');
    const endDateMs = Date.parse('2026-01-05T10:00:00Z');
    expect(first('cron(0 10 * * ? *)', '2026-01-01T00:00:00Z', 10, { startDateMs, endDateMs })).toEqual(['2026-01-03T10:00:00Z', '2026-01-04T10:00:00Z']);
  });

  it('an at() before creation never fires', () => {
    expect(first('at(2025-12-31T23:59:00)', '2026-01-01T00:00:00Z', 1)).toEqual([]);
  });

  it('computeNextFireTime is strictly after the time given', () => {
    const b = bounds('2026-01-01T00:00:00Z');
    expect(iso(computeNextFireTime(parse('cron(0 10 * * ? *)'), b, Date.parse('2026-01-01T10:00:00Z')) ?? 0)).toBe('2026-01-02T10:00:00Z');
    expect(iso(computeNextFireTime(parse('rate(1 minute)'), b, Date.parse('2026-01-01T00:01:00Z')) ?? 0)).toBe('2026-01-01T00:02:00Z');
    expect(computeNextFireTime(parse('at(2026-01-01T00:00:00)'), b, Date.parse('2026-01-01T00:00:00Z'))).toBeUndefined();
  });
});
