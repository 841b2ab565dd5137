// ScheduledTasks end to end on the real control plane, with the operator as a child process:
// a rate(1 minute) schedule fires at once and its Tasks run; DISABLED fires nothing; a launch
// that fails is retried; an operator SIGKILLed right when schedules fire still fires each
// exactly once; after downtime a fire
// inside maximumEventAgeInSeconds is delivered late and one outside it is missed; and
// `kubectl wait` tells a batch task that exited 0 from one that exited 1.
//
// Schedules use at() a few seconds ahead, or rate() (which fires at its start), so that no test
// waits for a wall-clock minute. The "outside the event age" case starts an operator whose
// ScheduledTask clock runs 3 minutes ahead (STEVEDORE_SCHEDULE_CLOCK_OFFSET_SECONDS), which is
// what a 3-minute downtime looks like to the controller.
import { CoreV1Api, CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ScheduledTask } from '../../src/api/v1alpha1/scheduled-task.ts';
import { GROUP, VERSION } from '../../src/api/v1alpha1/meta.ts';
import type { Task } from '../../src/api/v1alpha1/task.ts';
import { kubectl } from './kubectl.ts';
import { EcsNamespace, ecsApiVersion } from './support/ecs.ts';
import { createTestNamespace, eventually, testKubeConfig } from './support/kube.ts';
import { startOperator, type RunningOperator } from './support/operator.ts';

let kc: KubeConfig;
let kubeconfig: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;
let namespace: string;
let ecs: EcsNamespace;
let operator: RunningOperator | undefined;

const start = async (clockOffsetSeconds?: number): Promise<RunningOperator> => {
  // The child inherits the environment; only this start gets the offset.
  if (clockOffsetSeconds !== undefined) process.env['STEVEDORE_SCHEDULE_CLOCK_OFFSET_SECONDS'] = String(clockOffsetSeconds);
  try {
    return await startOperator([], { metrics: true });
  } finally {
    delete process.env['STEVEDORE_SCHEDULE_CLOCK_OFFSET_SECONDS'];
  }
};
const stopOperator = async () => {
  if (operator !== undefined) expect(await operator.stop(), operator.output()).toBe(0);
  operator = undefined;
};

const kwok = (annotations: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(annotations).map(([key, value]) => [`kwok.stevedore.dev/${key}`, value]));

/** `at(...)` `seconds` from now, in UTC, and that instant. */
function atFromNow(seconds: number): { expression: string; at: Date; time: string } {
  const at = new Date(Math.ceil((Date.now() + seconds * 1000) / 1000) * 1000);
  // `time` as status writes scheduled times: RFC 3339 without millis.
  return { expression: `at(${at.toISOString().slice(0, 19)})`, at, time: `${at.toISOString().slice(0, 19)}Z` };
}

function registerJob(name: string): void {
  ecs.apply({ apiVersion: ecsApiVersion, kind: 'TaskDefinition', metadata: { name }, spec: { containerDefinitions: [{ name: 'app', image: `registry.example/${name}:1`, cpu: 64, memory: 64 }] } });
}

function schedule(name: string, spec: Record<string, unknown>): void {
  ecs.apply({ apiVersion: ecsApiVersion, kind: 'ScheduledTask', metadata: { name }, spec });
}

const readSchedule = async (name: string): Promise<ScheduledTask> =>
  (await custom.getNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'scheduledtasks', namespace, name })) as ScheduledTask;

/** The Tasks a ScheduledTask owns. */
async function tasksOf(name: string): Promise<Task[]> {
  const list = (await custom.listNamespacedCustomObject({ group: GROUP, version: VERSION, plural: 'tasks', namespace })) as { items: (Task & { metadata: { ownerReferences?: { kind: string; name: string }[] } })[] };
  return list.items.filter((t) => t.metadata.ownerReferences?.some((o) => o.kind === 'ScheduledTask' && o.name === name));
}

async function eventReasons(name: string): Promise<string[]> {
  const list = await core.listNamespacedEvent({ namespace, fieldSelector: `involvedObject.name=${name},involvedObject.kind=ScheduledTask` });
  return list.items.flatMap((e) => Array<string>(e.series?.count ?? e.count ?? 1).fill(e.reason ?? ''));
}

async function metric(series: string): Promise<number> {
  const text = await (await fetch(operator?.metricsUrl ?? '')).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  kc = testKubeConfig();
  kubeconfig = inject('kubeconfig');
  core = kc.makeApiClient(CoreV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  namespace = await createTestNamespace(kc, 'scheduled');
  ecs = new EcsNamespace(kc, kubeconfig, namespace);
  operator = await start();
});

afterAll(async () => {
  await stopOperator();
  kubectl(kubeconfig, ['delete', 'namespace', namespace, '--wait=false']);
});

describe('firing', () => {
  it('a rate(1 minute) schedule fires at once, and its Tasks run as RunTask would run them', async () => {
    registerJob('ticker');
    schedule('ticker', { scheduleExpression: 'rate(1 minute)', target: { taskDefinition: 'ticker', taskCount: 2, group: 'ticks' } });

    const fired = await eventually(async () => {
      const st = await readSchedule('ticker');
      expect(st.status?.runs?.[0]?.state).toBe('Running');
      return st;
    });
    const run = fired.status?.runs?.[0];
    expect(run?.scheduledTime).toBe(fired.status?.lastScheduleTime);
    const minute = Math.floor(Date.parse(run?.scheduledTime ?? '') / 60_000);
    expect(run?.tasks).toEqual([`ticker-${minute}-0`, `ticker-${minute}-1`]);
    expect(run?.taskDefinition).toBe('ticker:1');
    // The next fire is one period after the first.
    expect(Date.parse(fired.status?.nextScheduleTime ?? '') - Date.parse(run?.scheduledTime ?? '')).toBe(60_000);
    expect(fired.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'Scheduled' });

    for (const name of run?.tasks ?? []) {
      const task = await ecs.waitForTask(name, 'RUNNING');
      expect(task.spec).toMatchObject({ taskDefinition: 'ticker:1', group: 'ticks', startedBy: 'events-rule/ticker', desiredStatus: 'RUNNING' });
      expect((task.metadata as { labels?: Record<string, string> }).labels?.['ecs.stevedore.dev/scheduled-task']).toBe('ticker');
    }
    expect(await tasksOf('ticker')).toHaveLength(2);
    await eventually(async () => expect(await eventReasons('ticker')).toContain('Fired'));
    expect(await metric('stevedore_scheduled_task_fires_total')).toBeGreaterThanOrEqual(1);

    const printed = kubectl(kubeconfig, ['get', 'ecssched', 'ticker', '-n', namespace]);
    expect(printed.stdout).toMatch(/SCHEDULE\s+STATE\s+LAST\s+NEXT/);
    expect(printed.stdout).toContain('rate(1 minute)');
    // Stop it ticking for the rest of the file.
    schedule('ticker', { scheduleExpression: 'rate(1 minute)', state: 'DISABLED', target: { taskDefinition: 'ticker', taskCount: 2, group: 'ticks' } });
  });

  it('DISABLED does not fire', async () => {
    registerJob('paused');
    const { expression, at } = atFromNow(2);
    schedule('paused', { scheduleExpression: expression, state: 'DISABLED', target: { taskDefinition: 'paused' } });
    const seen = await eventually(async () => {
      const st = await readSchedule('paused');
      expect(st.status?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({ status: 'True', reason: 'Disabled' });
      return st;
    });
    expect(seen.status?.nextScheduleTime).toBeUndefined();
    // Past the scheduled time, and a little more: still nothing.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, at.getTime() - Date.now()) + 3000));
    const after = await readSchedule('paused');
    expect(after.status?.runs ?? []).toEqual([]);
    expect(after.status?.lastScheduleTime).toBeUndefined();
    expect(await tasksOf('paused')).toEqual([]);
  });
});

describe('launch failures', () => {
  it('a fire whose task definition does not exist yet is retried, and launches once it is registered', async () => {
    const { expression, time } = atFromNow(1);
    schedule('retry-later', { scheduleExpression: expression, target: { taskDefinition: 'registered-later', retryPolicy: { maximumRetryAttempts: 5, maximumEventAgeInSeconds: 600 } } });
    const failing = await eventually(async () => {
      const st = await readSchedule('retry-later');
      expect(st.status?.runs?.[0]?.attempts).toBeGreaterThanOrEqual(1);
      return st;
    });
    expect(failing.status?.runs?.[0]).toMatchObject({ scheduledTime: time, state: 'Launching' });
    expect(failing.status?.runs?.[0]?.message).toContain('registered-later');
    expect(failing.status?.runs?.[0]?.nextAttemptTime).toBeDefined();
    expect(await tasksOf('retry-later')).toEqual([]);
    await eventually(async () => expect(await eventReasons('retry-later')).toContain('LaunchFailed'));
    expect(await metric('stevedore_scheduled_task_launch_failures_total')).toBeGreaterThanOrEqual(1);

    registerJob('registered-later');
    const launched = await eventually(async () => {
      const st = await readSchedule('retry-later');
      expect(st.status?.runs?.[0]?.state).toBe('Running');
      return st;
    });
    expect(launched.status?.runs).toHaveLength(1);
    expect(launched.status?.runs?.[0]?.taskDefinition).toBe('registered-later:1');
    expect(await tasksOf('retry-later')).toHaveLength(1);
  });
});

describe('at most once', () => {
  it('an operator SIGKILLed as schedules fire still fires each of them exactly once', async () => {
    const names = ['crash-a', 'crash-b', 'crash-c', 'crash-d'];
    registerJob('crash');
    const { expression, at, time } = atFromNow(8);
    for (const name of names) schedule(name, { scheduleExpression: expression, target: { taskDefinition: 'crash', taskCount: 3 } });
    // Each has seen its schedule (on a loaded machine one may have fired already).
    await eventually(async () => {
      for (const name of names) expect([(await readSchedule(name)).status?.nextScheduleTime, (await readSchedule(name)).status?.lastScheduleTime]).toContain(time);
    });

    // Kill the operator the moment the first fire is recorded: some schedules have recorded a
    // fire without (all of) its Tasks, some have not recorded it at all.
    await eventually(
      async () => {
        const recorded = await Promise.all(names.map(async (n) => (await readSchedule(n)).status?.lastScheduleTime !== undefined));
        expect(recorded).toContain(true);
      },
      { timeoutMs: 20_000, intervalMs: 20 },
    );
    await operator?.kill();
    const atKill = await Promise.all(names.map(async (n) => (await tasksOf(n)).length));
    operator = await start();

    for (const name of names) {
      const st = await eventually(async () => {
        const s = await readSchedule(name);
        expect(s.status?.runs?.[0]?.state).toBe('Running');
        return s;
      });
      expect(st.status?.runs, name).toHaveLength(1);
      expect(st.status?.lastScheduleTime, name).toBe(time);
      const minute = Math.floor(at.getTime() / 60_000);
      expect((await tasksOf(name)).map((t) => (t.metadata as { name: string }).name).sort(), name).toEqual([0, 1, 2].map((i) => `${name}-${minute}-${i}`));
    }
    // Give a duplicate a chance to show up, then count again.
    await new Promise((resolve) => setTimeout(resolve, 2000));
    for (const name of names) expect(await tasksOf(name), name).toHaveLength(3);
    // Where the crash landed (Tasks per schedule when the operator died), for the log.
    console.info(`Tasks per schedule when the operator was killed: ${atKill.join(', ')}`);
  }, 120_000);
});

describe('after downtime', () => {
  it('a fire missed by less than maximumEventAgeInSeconds is delivered late; one missed by more is not', async () => {
    registerJob('late');
    await stopOperator();

    // Outside: the operator comes back 3 minutes after the scheduled time (its clock runs 180 s ahead).
    const stale = atFromNow(2);
    schedule('stale', { scheduleExpression: stale.expression, target: { taskDefinition: 'late', retryPolicy: { maximumEventAgeInSeconds: 60 } } });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, stale.at.getTime() - Date.now()) + 500));
    operator = await start(180);
    const missed = await eventually(async () => {
      const st = await readSchedule('stale');
      expect(st.status?.missedCount).toBe(1);
      return st;
    });
    expect(missed.status?.lastMissedTime).toBe(stale.time);
    expect(missed.status?.lastScheduleTime).toBeUndefined();
    expect(missed.status?.runs ?? []).toEqual([]);
    await eventually(async () => expect(await eventReasons('stale')).toContain('MissedSchedule'));
    expect(await metric('stevedore_scheduled_task_missed_total')).toBeGreaterThanOrEqual(1);
    await stopOperator();

    // Inside: the operator comes back 3 seconds after the scheduled time, with the right clock.
    const late = atFromNow(2);
    schedule('late', { scheduleExpression: late.expression, target: { taskDefinition: 'late', retryPolicy: { maximumEventAgeInSeconds: 60 } } });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, late.at.getTime() - Date.now()) + 3000));
    expect((await readSchedule('late')).status?.runs ?? []).toEqual([]);
    operator = await start();
    const delivered = await eventually(async () => {
      const st = await readSchedule('late');
      expect(st.status?.runs?.[0]?.state).toBe('Running');
      return st;
    });
    expect(delivered.status?.lastScheduleTime).toBe(late.time);
    expect(Date.parse(delivered.status?.runs?.[0]?.launchTime ?? '') - late.at.getTime()).toBeGreaterThanOrEqual(3000);
    expect(await tasksOf('late')).toHaveLength(1);
    // The stale one stays missed under the right clock too.
    const stillMissed = await readSchedule('stale');
    expect(stillMissed.status?.runs ?? []).toEqual([]);
    expect(await tasksOf('stale')).toEqual([]);
  }, 120_000);
});

describe('batch', () => {
  it('kubectl wait tells a batch task that exits 0 from one that exits 1', async () => {
    registerJob('batch');
    const task = (name: string, code: string) =>
      ecs.apply({ apiVersion: ecsApiVersion, kind: 'Task', metadata: { name, annotations: kwok({ 'exit-container': 'app', 'exit-code': code }) }, spec: { taskDefinition: 'batch' } });
    task('batch-ok', '0');
    task('batch-fails', '1');
    const wait = (name: string, condition: string, timeout: string) => kubectl(kubeconfig, ['wait', '-n', namespace, `task/${name}`, `--for=condition=${condition}`, `--timeout=${timeout}`]);

    const ok = wait('batch-ok', 'Succeeded', '60s');
    expect(ok.ok, ok.stderr).toBe(true);
    expect(ok.stdout).toContain('condition met');
    const failed = wait('batch-fails', 'Succeeded=false', '60s');
    expect(failed.ok, failed.stderr).toBe(true);
    // And the other way round they do not match.
    expect(wait('batch-fails', 'Succeeded', '2s').ok).toBe(false);
    expect(wait('batch-ok', 'Succeeded=false', '2s').ok).toBe(false);
    expect((await ecs.readTask('batch-fails')).status?.conditions?.find((c) => c.type === 'Succeeded')).toMatchObject({
      status: 'False',
      reason: 'EssentialContainerFailed',
      message: 'Essential container app exited with code 1',
    });
  });

  it('a scheduled batch run ends Succeeded or Failed with its Tasks', async () => {
    registerJob('nightly');
    const { expression } = atFromNow(1);
    schedule('nightly-ok', { scheduleExpression: expression, target: { taskDefinition: 'nightly' }, taskMetadata: { annotations: kwok({ 'exit-container': 'app', 'exit-code': '0' }) } });
    schedule('nightly-fails', { scheduleExpression: expression, target: { taskDefinition: 'nightly' }, taskMetadata: { annotations: kwok({ 'exit-container': 'app', 'exit-code': '3' }) } });
    const ended = async (name: string) =>
      eventually(
        async () => {
          const st = await readSchedule(name);
          expect(['Succeeded', 'Failed']).toContain(st.status?.runs?.[0]?.state);
          return st.status?.runs?.[0];
        },
        { timeoutMs: 90_000 },
      );
    expect(await ended('nightly-ok')).toMatchObject({ state: 'Succeeded' });
    const failed = await ended('nightly-fails');
    expect(failed?.state).toBe('Failed');
    expect(failed?.message).toContain('exited with code 3');
    expect((await readSchedule('nightly-ok')).status?.lastSuccessfulTime).toBeDefined();
  }, 200_000);
});
