import { describe, expect, it } from 'vitest';
import {
  AT_FORM,
  CRON_FIELD_COUNT,
  CRON_QUESTION_MARK,
  EXPRESSION_FORMS,
  parseScheduleExpression,
  RATE_FORM,
  RATE_SINGULAR,
} from '../../../src/schedule/parse-expression.ts';

describe('rate()', () => {
  it.each([
    ['rate(1 minute)', 1, 'minute', 60_000],
    ['rate(5 minutes)', 5, 'minute', 300_000],
    ['rate(1 hour)', 1, 'hour', 3_600_000],
    ['rate(12 hours)', 12, 'hour', 43_200_000],
    ['rate(1 day)', 1, 'day', 86_400_000],
    ['rate(7 days)', 7, 'day', 604_800_000],
  ])('%s is every %i %s', (text, value, unit, periodMs) => {
    expect(parseScheduleExpression(text)).toEqual({ ok: true, expression: { type: 'rate', value, unit, periodMs } });
  });

  it.each([
    ['rate(1 minutes)', RATE_SINGULAR],
    ['rate(1 hours)', RATE_SINGULAR],
    ['rate(1 days)', RATE_SINGULAR],
    ['rate(5 minute)', RATE_SINGULAR],
    ['rate(2 day)', RATE_SINGULAR],
    ['rate(0 minutes)', RATE_FORM],
    ['rate(05 minutes)', RATE_FORM],
    ['rate(-1 minutes)', RATE_FORM],
    ['rate(1.5 hours)', RATE_FORM],
    ['rate(1 second)', RATE_FORM],
    ['rate(1 week)', RATE_FORM],
    ['rate(5minutes)', RATE_FORM],
    ['rate(5 Minutes)', RATE_FORM],
  ])('refuses %s', (text, message) => {
    expect(parseScheduleExpression(text)).toEqual({ ok: false, message });
  });
});

describe('cron()', () => {
  // The EventBridge User Guide's examples (cron expressions reference), with croner's reading.
  it.each([
    ['cron(0 10 * * ? *)', '0 0 10 * * * *'],
    ['cron(15 12 * * ? *)', '0 15 12 * * * *'],
    ['cron(0 18 ? * MON-FRI *)', '0 0 18 * * 2-6 *'],
    ['cron(0 8 1 * ? *)', '0 0 8 1 * * *'],
    ['cron(0/15 * * * ? *)', '0 0-59/15 * * * * *'],
    ['cron(0/10 * ? * MON-FRI *)', '0 0-59/10 * * * 2-6 *'],
    ['cron(0/5 8-17 ? * MON-FRI *)', '0 0-59/5 8-17 * * 2-6 *'],
    ['cron(0/30 20-23 ? * MON-FRI *)', '0 0-59/30 20-23 * * 2-6 *'],
    ['cron(0/30 0-2 ? * MON-FRI *)', '0 0-59/30 0-2 * * 2-6 *'],
    ['cron(5,35 14 * * ? *)', '0 5,35 14 * * * *'],
    ['cron(15 10 ? * 6L 2002-2005)', '0 15 10 * * 6L 2002-2005'],
    ['cron(0 9 ? * 2#1 *)', '0 0 9 * * 2#1 *'],
    ['cron(0 5 L * ? *)', '0 0 5 L * * *'],
    ['cron(0 12 15W * ? *)', '0 0 12 15W * * *'],
    ['cron(0 0 ? * L *)', '0 0 0 * * 7 *'],
    ['cron(0 22-2 ? * MON-FRI *)', '0 0 22,23,0,1,2 * * 2-6 *'],
    ['cron(0 0 ? * FRI-MON *)', '0 0 0 * * 6,7,1,2 *'],
    ['cron(0 0 1 JAN,JUL ? *)', '0 0 0 1 1,7 * *'],
    ['cron(0 0 1 jan ? *)', '0 0 0 1 1 * *'],
    ['cron(30 0 1 1-12/3 ? *)', '0 30 0 1 1-12/3 * *'],
    ['cron(0 0 1 1 ? 2030/2)', '0 0 0 1 1 * 2030-2199/2'],
  ])('%s reads as croner %s', (text, pattern) => {
    const parsed = parseScheduleExpression(text);
    expect(parsed.ok && parsed.expression.type === 'cron' ? parsed.expression.pattern : parsed).toBe(pattern);
  });

  it.each([
    ['cron(0 10 * * ?)', CRON_FIELD_COUNT],
    ['cron(0 0 10 * * ? *)', CRON_FIELD_COUNT],
    ['cron(0  10 * * ? *)', CRON_FIELD_COUNT],
    ['cron(0 10 * * * *)', CRON_QUESTION_MARK],
    ['cron(0 10 ? * ? *)', CRON_QUESTION_MARK],
    ['cron(0 10 1 * MON *)', CRON_QUESTION_MARK],
  ])('refuses %s', (text, message) => {
    expect(parseScheduleExpression(text)).toEqual({ ok: false, message });
  });

  it.each([
    ['cron(60 10 * * ? *)', 'Minutes', '60'],
    ['cron(0 24 * * ? *)', 'Hours', '24'],
    ['cron(0 10 0 * ? *)', 'Day-of-month', '0'],
    ['cron(0 10 32 * ? *)', 'Day-of-month', '32'],
    ['cron(0 10 1W,15 * ? *)', 'Day-of-month', '1W,15'],
    ['cron(0 10 1 13 ? *)', 'Month', '13'],
    ['cron(0 10 1 FOO ? *)', 'Month', 'FOO'],
    ['cron(0 10 ? * 0 *)', 'Day-of-week', '0'],
    ['cron(0 10 ? * 8 *)', 'Day-of-week', '8'],
    ['cron(0 10 ? * MON/2 *)', 'Day-of-week', 'MON/2'],
    ['cron(0 10 ? * 2#6 *)', 'Day-of-week', '2#6'],
    ['cron(0 10 * * ? 1969)', 'Year', '1969'],
    ['cron(0 10 * * ? 2200)', 'Year', '2200'],
    ['cron(0/0 10 * * ? *)', 'Minutes', '0/0'],
  ])('refuses %s: %s out of range or syntax', (text, label, field) => {
    const parsed = parseScheduleExpression(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.message).toContain(`the ${label} field takes`);
    expect(parsed.ok ? '' : parsed.message).toContain(`"${field}"`);
  });
});

describe('at()', () => {
  it('reads a local date and time', () => {
    expect(parseScheduleExpression('at(2026-12-24T18:30:05)')).toEqual({ ok: true, expression: { type: 'at', wallMs: Date.UTC(2026, 11, 24, 18, 30, 5) } });
  });
  it.each([
    ['at(2026-12-24 18:30:00)', AT_FORM],
    ['at(2026-12-24T18:30)', AT_FORM],
    ['at(2026-12-24T18:30:00Z)', AT_FORM],
    ['at(2026-13-01T00:00:00)', AT_FORM],
    ['at(2026-02-30T00:00:00)', 'at(): 2026-02-30 is not a date'],
    ['at(2027-02-29T00:00:00)', 'at(): 2027-02-29 is not a date'],
  ])('refuses %s', (text, message) => {
    expect(parseScheduleExpression(text)).toEqual({ ok: false, message });
  });
});

it.each(['every 5 minutes', '0 10 * * ? *', 'Cron(0 10 * * ? *)', ''])('refuses %j: not one of the three forms', (text) => {
  expect(parseScheduleExpression(text)).toEqual({ ok: false, message: `Invalid schedule expression "${text}": ${EXPRESSION_FORMS}` });
});
