// The CEL rules on scheduleExpression, evaluated here with JavaScript's RegExp (the rules use
// only startsWith, matches, !, && and ||, and patterns that mean the same in RE2 and in
// JavaScript), against the parser they were built to mirror: admission refuses exactly what
// the parser refuses for syntax, with the same message. The real API server runs them in
// test/integration/scheduled-task-admission.test.ts.
import { describe, expect, it } from 'vitest';
import { scheduleExpressionRules } from '../../../src/api/v1alpha1/scheduled-task.ts';
import { parseScheduleExpression } from '../../../src/schedule/parse-expression.ts';

function evaluate(rule: string, self: string): boolean {
  const js = rule.replaceAll('self.startsWith(', '$starts(').replaceAll('self.matches(', '$matches(');
  const fn = new Function('$starts', '$matches', `return (${js});`) as (s: (p: string) => boolean, m: (p: string) => boolean) => boolean;
  return fn(
    (prefix) => self.startsWith(prefix),
    (pattern) => new RegExp(pattern).test(self),
  );
}

/** The first failing rule's message, as the API server reports it, or undefined when admitted. */
const admit = (expression: string): string | undefined => scheduleExpressionRules.find((r) => !evaluate(r.rule, expression))?.message;

const expressions = [
  'cron(0 10 * * ? *)',
  'cron(0/5 8-17 ? * MON-FRI *)',
  'cron(15 10 ? * 6L 2002-2005)',
  'cron(0 9 ? * 2#1 *)',
  'cron(0 5 L * ? *)',
  'cron(0 12 15W * ? *)',
  'cron(0 22-2 ? * fri-mon *)',
  'cron(0 10 * * ?)',
  'cron(0 10 * * * *)',
  'cron(0 10 ? * ? *)',
  'cron(60 10 * * ? *)',
  'cron(0 24 * * ? *)',
  'cron(0 10 32 * ? *)',
  'cron(0 10 1W,15 * ? *)',
  'cron(0 10 1 13 ? *)',
  'cron(0 10 ? * 0 *)',
  'cron(0 10 ? * MON/2 *)',
  'cron(0 10 ? * 2#6 *)',
  'cron(0 10 * * ? 1969)',
  'cron(0/0 10 * * ? *)',
  'rate(1 minute)',
  'rate(1 minutes)',
  'rate(5 minute)',
  'rate(5 minutes)',
  'rate(0 minutes)',
  'rate(1 week)',
  'at(2026-12-24T18:30:00)',
  'at(2026-12-24T18:30:00Z)',
  'at(2026-13-01T00:00:00)',
  'every day',
];

describe('scheduleExpression CEL rules', () => {
  it.each(expressions)('%s: admission agrees with the parser', (expression) => {
    const parsed = parseScheduleExpression(expression);
    const refused = admit(expression);
    if (parsed.ok) expect(refused).toBeUndefined();
    else {
      // The parser's message may add the value (a field, the expression) to the rule's message.
      expect(refused).toBeDefined();
      const core = (refused ?? '').replace(/^Invalid schedule expression: /, '');
      expect(parsed.message).toContain(core);
    }
  });

  it.each([
    ['at(2026-02-30T00:00:00)', 'at(): 2026-02-30 is not a date'],
  ])('%s passes admission and is left to the controller', (expression, message) => {
    expect(admit(expression)).toBeUndefined();
    expect(parseScheduleExpression(expression)).toEqual({ ok: false, message });
  });
});
