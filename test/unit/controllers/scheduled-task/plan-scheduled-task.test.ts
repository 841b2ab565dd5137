import { describe, expect, it } from 'vitest';
import type { ScheduledRun, ScheduledTaskSpec, ScheduledTaskStatus } from '../../../../src/api/v1alpha1/scheduled-task.ts';
import type { ResolvedTaskDefinition } from '../../../../src/api/v1alpha1/task-definition-reference.ts';
import { planScheduledTask, type ScheduledTaskObservation } from '../../../../src/controllers/scheduled-task/plan-scheduled-task.ts';
import type { ObservedRunTask } from '../../../../src/controllers/scheduled-task/run-outcome.ts';
import { computeTaskName } from '../../../../src/controllers/scheduled-task/run-names.ts';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');
const MIN = 60_000;
const resolved: ResolvedTaskDefinition = { ok: true, family: 'report', revision: 3 };
const missing: ResolvedTaskDefinition = { ok: false, reason: 'MISSING', message: 'Unable to describe task definition.' };

const spec = (extra: Partial<ScheduledTaskSpec> = {}, target: Partial<ScheduledTaskSpec['target']> = {}): ScheduledTaskSpec => ({
  scheduleExpression: 'rate(1 minute)',
  scheduleExpressionTimezone: 'UTC',
  state: 'ENABLED',
  flexibleTimeWindow: { mode: 'OFF' },
  successfulRunsHistoryLimit: 3,
  failedRunsHistoryLimit: 1,
  ...extra,
  target: { taskDefinition: 'report', taskCount: 1, retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 }, ...target },
});
/** Fires once, at T0: later plans see only the runs a test gives them. */
const once = (extra: Partial<ScheduledTaskSpec> = {}) => spec({ scheduleExpression: 'at(2026-01-01T00:00:00)', ...extra });
const observe = (o: Partial<ScheduledTaskObservation> & { nowMs: number }): ScheduledTaskObservation => ({
  name: 'nightly',
  namespace: 'ns',
  generation: 1,
  createdAt: new Date(T0),
  spec: spec(),
  status: undefined,
  tasks: new Map(),
  resolveTaskDefinition: () => resolved,
  now: new Date(o.nowMs),
  ...o,
});
const run = (scheduledMs: number, extra: Partial<ScheduledRun> = {}): ScheduledRun => ({
  scheduledTime: iso(scheduledMs),
  state: 'Running',
  attempts: 1,
  tasks: [computeTaskName('nightly', scheduledMs, 0)],
  taskDefinition: 'report:3',
  launchTime: iso(scheduledMs),
  ...extra,
});
const stoppedTask = (name: string, succeeded: boolean): [string, ObservedRunTask] => [name, { name, stopped: true, succeeded, message: succeeded ? 'ok' : 'Essential container app exited with code 1' }];

describe('firing', () => {
  it('records the fire before it creates the Tasks, under names of the scheduled time, pinned to a revision', () => {
    const plan = planScheduledTask(observe({ nowMs: T0 + 2000, spec: spec({}, { taskCount: 2, cluster: 'batch', group: 'reports' }) }));
    const names = ['nightly-29453760-0', 'nightly-29453760-1'];
    expect(plan.record).toMatchObject({ lastScheduleTime: iso(T0), lastEvaluatedScheduleTime: iso(T0), runs: [{ scheduledTime: iso(T0), state: 'Launching', attempts: 0, tasks: names }] });
    expect(plan.create.map((c) => c.name)).toEqual(names);
    expect(plan.create[0]?.spec).toEqual({ taskDefinition: 'report:3', cluster: 'batch', group: 'reports', startedBy: 'events-rule/nightly', desiredStatus: 'RUNNING' });
    expect(plan.status).toMatchObject({ nextScheduleTime: iso(T0 + MIN), runs: [{ state: 'Running', attempts: 1, taskDefinition: 'report:3', tasks: names }] });
    expect(plan.counts).toEqual({ fired: 1, missed: 0, launchFailures: 0 });
    expect(plan.events.map((e) => e.reason)).toEqual(['Fired']);
  });

  it('after a crash between the record and the creates, launches the recorded run again, and fires nothing new', () => {
    const recorded = planScheduledTask(observe({ nowMs: T0 + 2000 })).record as ScheduledTaskStatus;
    const plan = planScheduledTask(observe({ nowMs: T0 + 5000, status: recorded }));
    expect(plan.record).toBeUndefined();
    expect(plan.counts.fired).toBe(0);
    expect(plan.create.map((c) => c.name)).toEqual(['nightly-29453760-0']);
  });

  it('does not fire a time it decided on before', () => {
    const status = planScheduledTask(observe({ nowMs: T0 + 2000 })).status;
    const plan = planScheduledTask(observe({ nowMs: T0 + 30_000, status, tasks: new Map([[status.runs?.[0]?.tasks[0] as string, { name: 'x', stopped: false, succeeded: undefined }]]) }));
    expect(plan.record).toBeUndefined();
    expect(plan.create).toEqual([]);
    expect(plan.requeueAfterMs).toBe(30_000);
  });

  it('DISABLED fires nothing and shows no next time', () => {
    const plan = planScheduledTask(observe({ nowMs: T0 + 2000, spec: spec({ state: 'DISABLED' }) }));
    expect(plan.record).toBeUndefined();
    expect(plan.create).toEqual([]);
    expect(plan.status.nextScheduleTime).toBeUndefined();
    expect(plan.status.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'True', reason: 'Disabled' });
  });

  it('after downtime fires the latest time and counts the others missed', () => {
    const status: ScheduledTaskStatus = { lastEvaluatedScheduleTime: iso(T0), lastScheduleTime: iso(T0), runs: [] };
    const plan = planScheduledTask(observe({ nowMs: T0 + 5 * MIN + 1000, status }));
    expect(plan.record).toMatchObject({ lastScheduleTime: iso(T0 + 5 * MIN), missedCount: 4, lastMissedTime: iso(T0 + 4 * MIN) });
    expect(plan.counts).toEqual({ fired: 1, missed: 4, launchFailures: 0 });
    expect(plan.events.map((e) => e.reason)).toEqual(['MissedSchedule', 'Fired']);
  });

  it.each([
    ['an unknown time zone', spec({ scheduleExpressionTimezone: 'Mars/Olympus' }), 'Unknown time zone "Mars/Olympus"'],
    ['a date that does not exist', spec({ scheduleExpression: 'at(2026-02-30T00:00:00)' }), 'at(): 2026-02-30 is not a date'],
  ])('%s is a Ready=False condition, and fires nothing', (_name, s, message) => {
    const plan = planScheduledTask(observe({ nowMs: T0 + 2000, spec: s }));
    expect(plan.create).toEqual([]);
    expect(plan.status.conditions?.[0]).toMatchObject({ type: 'Ready', status: 'False', reason: 'InvalidSchedule' });
    expect(plan.status.conditions?.[0]?.message).toContain(message);
  });
});

describe('launch failures and retries', () => {
  const launching = (extra: Partial<ScheduledRun> = {}): ScheduledTaskStatus => ({
    lastEvaluatedScheduleTime: iso(T0),
    lastScheduleTime: iso(T0),
    runs: [{ scheduledTime: iso(T0), state: 'Launching', attempts: 0, tasks: ['nightly-29453760-0'], ...extra }],
  });

  it('a task definition that cannot be resolved is retried later', () => {
    const plan = planScheduledTask(observe({ nowMs: T0 + 1000, status: launching(), resolveTaskDefinition: () => missing }));
    expect(plan.create).toEqual([]);
    expect(plan.status.runs?.[0]).toMatchObject({ state: 'Launching', attempts: 1, nextAttemptTime: new Date(T0 + 6000).toISOString(), message: 'report: Unable to describe task definition.' });
    expect(plan.requeueAfterMs).toBe(5000);
    expect(plan.counts.launchFailures).toBe(1);
  });

  it('a retry waits for its time, then launches', () => {
    const waiting = launching({ attempts: 1, nextAttemptTime: iso(T0 + 6000) });
    expect(planScheduledTask(observe({ nowMs: T0 + 3000, status: waiting })).create).toEqual([]);
    expect(planScheduledTask(observe({ nowMs: T0 + 6000, status: waiting })).status.runs?.[0]).toMatchObject({ state: 'Running', attempts: 2 });
  });

  it('gives up after maximumRetryAttempts', () => {
    const plan = planScheduledTask(observe({ nowMs: T0 + 60_000, spec: once(), status: launching({ attempts: 2 }), resolveTaskDefinition: () => missing }));
    expect(plan.status.runs?.[0]).toMatchObject({ state: 'LaunchFailed', attempts: 3, message: 'Could not launch after 3 attempts: report: Unable to describe task definition.' });
  });

  it('gives up once the event is older than maximumEventAgeInSeconds', () => {
    const plan = planScheduledTask(observe({ nowMs: T0 + 3601_000, spec: once(), status: launching({ attempts: 1 }) }));
    expect(plan.create).toEqual([]);
    expect(plan.status.runs?.[0]).toMatchObject({ state: 'LaunchFailed' });
  });
});

describe('runs and their history', () => {
  it.each([
    { name: 'all tasks succeeded', succeeded: true, want: 'Succeeded', event: 'RunSucceeded' },
    { name: 'a task failed', succeeded: false, want: 'Failed', event: 'RunFailed' },
  ])('a run whose Tasks stopped: $name', ({ succeeded, want, event }) => {
    const r = run(T0);
    const status: ScheduledTaskStatus = { lastEvaluatedScheduleTime: iso(T0), runs: [r] };
    const plan = planScheduledTask(observe({ nowMs: T0 + 30_000, status, tasks: new Map([stoppedTask(r.tasks[0] as string, succeeded)]) }));
    expect(plan.status.runs?.[0]?.state).toBe(want);
    expect(plan.events.map((e) => e.reason)).toEqual([event]);
  });

  it('a Task that does not appear within a minute of its launch fails its run', () => {
    const status: ScheduledTaskStatus = { lastEvaluatedScheduleTime: iso(T0), runs: [run(T0)] };
    expect(planScheduledTask(observe({ nowMs: T0 + 30_000, spec: once(), status })).status.runs?.[0]?.state).toBe('Running');
    expect(planScheduledTask(observe({ nowMs: T0 + 59_000, spec: once(), status })).status.runs?.[0]).toMatchObject({ state: 'Running' });
    expect(planScheduledTask(observe({ nowMs: T0 + 61_000, spec: once(), status })).status.runs?.[0]).toMatchObject({ state: 'Failed', message: 'Task nightly-29453760-0 is gone' });
  });

  it('keeps the newest successful and failed runs within the limits and deletes the Tasks of the rest', () => {
    const runs = [0, 1, 2, 3, 4, 5].map((i) => run(T0 + i * MIN, { state: i % 2 === 0 ? 'Succeeded' : 'Failed' })).reverse();
    const tasks = new Map(runs.map((r) => stoppedTask(r.tasks[0] as string, r.state === 'Succeeded')));
    const status: ScheduledTaskStatus = { lastEvaluatedScheduleTime: iso(T0 + 5 * MIN), runs };
    const plan = planScheduledTask(observe({ nowMs: T0 + 5 * MIN + 1000, status, tasks, spec: spec({ successfulRunsHistoryLimit: 2, failedRunsHistoryLimit: 1 }) }));
    expect(plan.status.runs?.map((r) => [r.scheduledTime, r.state])).toEqual([
      [iso(T0 + 5 * MIN), 'Failed'],
      [iso(T0 + 4 * MIN), 'Succeeded'],
      [iso(T0 + 2 * MIN), 'Succeeded'],
    ]);
    expect(plan.deleteTasks.sort()).toEqual([computeTaskName('nightly', T0, 0), computeTaskName('nightly', T0 + MIN, 0), computeTaskName('nightly', T0 + 3 * MIN, 0)].sort());
  });

  it('is idempotent on its own status', () => {
    const first = planScheduledTask(observe({ nowMs: T0 + 2000 }));
    const again = planScheduledTask(observe({ nowMs: T0 + 2000, status: first.status, tasks: new Map([[first.create[0]?.name as string, { name: 'x', stopped: false, succeeded: undefined }]]) }));
    expect(again.status).toEqual(first.status);
    expect(again.create).toEqual([]);
    expect(again.events).toEqual([]);
  });
});
