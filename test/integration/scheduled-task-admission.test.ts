/**
 * Admission of ScheduledTasks by the real API server: the CEL rules generated from
 * src/schedule/cron-syntax.ts accept EventBridge's documented expressions and refuse what
 * EventBridge refuses, with the parser's own messages, and the schema bounds the target.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API_VERSION } from '../../src/api/v1alpha1/meta.ts';
import { FLEXIBLE_NEEDS_WINDOW, START_BEFORE_END } from '../../src/api/v1alpha1/scheduled-task.ts';
import * as msg from '../../src/api/v1alpha1/validation-messages.ts';
import { CRON_FIELDS, fieldMessage } from '../../src/schedule/cron-syntax.ts';
import { AT_FORM, CRON_FIELD_COUNT, CRON_QUESTION_MARK, EXPRESSION_FORMS, parseScheduleExpression, RATE_FORM, RATE_SINGULAR } from '../../src/schedule/parse-expression.ts';
import { applyObject, kubectl } from './kubectl.ts';

const kubeconfig = inject('kubeconfig');
const namespace = `sched-admission-${randomBytes(3).toString('hex')}`;
let counter = 0;

const manifest = (spec: Record<string, unknown>, target: Record<string, unknown> = {}) => ({
  apiVersion: API_VERSION,
  kind: 'ScheduledTask',
  metadata: { name: `st-${counter++}` },
  spec: { scheduleExpression: 'rate(5 minutes)', ...spec, target: { taskDefinition: 'job', ...target } },
});
const apply = (spec: Record<string, unknown>, target: Record<string, unknown> = {}) => applyObject(kubeconfig, manifest(spec, target), namespace);
const field = (name: string) => fieldMessage(CRON_FIELDS.find((f) => f.name === name) ?? CRON_FIELDS[0]!);

beforeAll(() => {
  expect(kubectl(kubeconfig, ['create', 'namespace', namespace]).ok).toBe(true);
});
afterAll(() => {
  kubectl(kubeconfig, ['delete', 'namespace', namespace, '--wait=false']);
});

describe('accepted', () => {
  it.each([
    'cron(0 10 * * ? *)',
    'cron(15 12 * * ? *)',
    'cron(0 18 ? * MON-FRI *)',
    'cron(0 8 1 * ? *)',
    'cron(0/15 * * * ? *)',
    'cron(0/10 * ? * MON-FRI *)',
    'cron(0/5 8-17 ? * MON-FRI *)',
    'cron(0/30 20-23 ? * MON-FRI *)',
    'cron(0/30 0-2 ? * MON-FRI *)',
    'cron(5,35 14 * * ? *)',
    'cron(15 10 ? * 6L 2002-2005)',
    'cron(0 9 ? * 2#1 *)',
    'cron(0 5 L * ? *)',
    'cron(0 12 15W * ? *)',
    'cron(0 22-2 ? * FRI-MON *)',
    'rate(1 minute)',
    'rate(5 minutes)',
    'rate(1 hour)',
    'rate(12 hours)',
    'rate(1 day)',
    'rate(7 days)',
    'at(2026-12-24T18:30:00)',
  ])('%s', (expression) => {
    expect(parseScheduleExpression(expression).ok).toBe(true);
    const result = apply({ scheduleExpression: expression, scheduleExpressionTimezone: 'Europe/Berlin' });
    expect(result.stderr).toBe('');
    expect(result.ok).toBe(true);
  });

  it('a complete target with defaults filled in', () => {
    const st = manifest({ flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 15 }, startDate: '2026-01-01T00:00:00Z', endDate: '2027-01-01T00:00:00Z' }, { taskCount: 10, launchType: 'EC2' });
    expect(applyObject(kubeconfig, st, namespace).stderr).toBe('');
    const got = JSON.parse(kubectl(kubeconfig, ['get', 'scheduledtask', st.metadata.name, '-n', namespace, '-o', 'json']).stdout) as { spec: Record<string, unknown> };
    expect(got.spec).toMatchObject({
      scheduleExpressionTimezone: 'UTC',
      state: 'ENABLED',
      successfulRunsHistoryLimit: 3,
      failedRunsHistoryLimit: 1,
      target: { taskCount: 10, retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86400 } },
    });
  });
});

describe('refused, with the message', () => {
  it.each<{ name: string; spec?: Record<string, unknown>; target?: Record<string, unknown>; message: string }>([
    { name: 'not one of the three forms', spec: { scheduleExpression: '0 10 * * ? *' }, message: EXPRESSION_FORMS },
    { name: 'rate(1 minutes)', spec: { scheduleExpression: 'rate(1 minutes)' }, message: RATE_SINGULAR },
    { name: 'rate(5 minute)', spec: { scheduleExpression: 'rate(5 minute)' }, message: RATE_SINGULAR },
    { name: 'rate(0 minutes)', spec: { scheduleExpression: 'rate(0 minutes)' }, message: RATE_FORM },
    { name: 'rate(1 week)', spec: { scheduleExpression: 'rate(1 week)' }, message: RATE_FORM },
    { name: 'five cron fields', spec: { scheduleExpression: 'cron(0 10 * * ?)' }, message: CRON_FIELD_COUNT },
    { name: 'seven cron fields', spec: { scheduleExpression: 'cron(0 0 10 * * ? *)' }, message: CRON_FIELD_COUNT },
    { name: '* in both day fields', spec: { scheduleExpression: 'cron(0 10 * * * *)' }, message: CRON_QUESTION_MARK },
    { name: '? in both day fields', spec: { scheduleExpression: 'cron(0 10 ? * ? *)' }, message: CRON_QUESTION_MARK },
    { name: 'minute 60', spec: { scheduleExpression: 'cron(60 10 * * ? *)' }, message: field('minutes') },
    { name: 'hour 24', spec: { scheduleExpression: 'cron(0 24 * * ? *)' }, message: field('hours') },
    { name: 'day-of-month 32', spec: { scheduleExpression: 'cron(0 10 32 * ? *)' }, message: field('dayOfMonth') },
    { name: 'month 13', spec: { scheduleExpression: 'cron(0 10 1 13 ? *)' }, message: field('month') },
    { name: 'day-of-week 0 (1 is Sunday)', spec: { scheduleExpression: 'cron(0 10 ? * 0 *)' }, message: field('dayOfWeek') },
    { name: 'day-of-week with a step', spec: { scheduleExpression: 'cron(0 10 ? * MON/2 *)' }, message: field('dayOfWeek') },
    { name: 'year 2200', spec: { scheduleExpression: 'cron(0 10 * * ? 2200)' }, message: field('year') },
    { name: 'at() with a zone', spec: { scheduleExpression: 'at(2026-12-24T18:30:00Z)' }, message: AT_FORM },
    { name: 'at() without seconds', spec: { scheduleExpression: 'at(2026-12-24T18:30)' }, message: AT_FORM },
    { name: 'endDate before startDate', spec: { startDate: '2026-02-01T00:00:00Z', endDate: '2026-01-01T00:00:00Z' }, message: START_BEFORE_END },
    { name: 'FLEXIBLE without a window', spec: { flexibleTimeWindow: { mode: 'FLEXIBLE' } }, message: FLEXIBLE_NEEDS_WINDOW },
    { name: 'OFF with a window', spec: { flexibleTimeWindow: { mode: 'OFF', maximumWindowInMinutes: 5 } }, message: FLEXIBLE_NEEDS_WINDOW },
    { name: 'state PAUSED', spec: { state: 'PAUSED' }, message: 'Unsupported value: "PAUSED"' },
    { name: 'taskCount 11', target: { taskCount: 11 }, message: 'should be less than or equal to 10' },
    { name: 'taskCount 0', target: { taskCount: 0 }, message: 'should be greater than or equal to 1' },
    { name: 'maximumEventAgeInSeconds 59', target: { retryPolicy: { maximumEventAgeInSeconds: 59 } }, message: 'should be greater than or equal to 60' },
    { name: 'maximumRetryAttempts 186', target: { retryPolicy: { maximumRetryAttempts: 186 } }, message: 'should be less than or equal to 185' },
    { name: 'launchType and capacityProviderStrategy', target: { launchType: 'EC2', capacityProviderStrategy: [{ capacityProvider: 'a', weight: 1 }] }, message: msg.LAUNCH_TYPE_WITH_CAPACITY_PROVIDER_STRATEGY },
  ])('$name', ({ spec, target, message }) => {
    const result = apply(spec ?? {}, target ?? {});
    expect(result.ok).toBe(false);
    expect(result.stderr).toContain(message);
  });
});
