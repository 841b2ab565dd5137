import { pino } from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { Controller } from './controller.ts';
import { ConflictError, TerminalError } from './errors.ts';
import { done, requeueAfter, type Result } from './result.ts';
import { ManualTimers } from './timers.ts';
import { WorkQueue } from './workqueue.ts';

const silent = pino({ level: 'silent' });

function makeController(reconcile: (key: string) => Promise<Result>, workers = 1) {
  const timers = new ManualTimers();
  const registry = new Registry();
  const queue = new WorkQueue({ timers, backoff: { baseDelayMs: 5, maxDelayMs: 1000 } });
  const controller = new Controller({ name: 'task', kind: 'Task', reconcile, logger: silent, registry, queue, workers });
  return { controller, timers, registry, queue };
}

/** One sample of a metric; histogram samples are named `<metric>_count`, `_sum`, `_bucket`. */
async function metricValue(registry: Registry, name: string, labels: Record<string, string>): Promise<number> {
  const metric = (await registry.getMetricsAsJSON()).find((m) => name === m.name || name.startsWith(`${m.name}_`));
  const sample = metric?.values.find(
    (v) => ((v as { metricName?: string }).metricName ?? metric.name) === name && Object.entries(labels).every(([k, want]) => v.labels[k] === want),
  );
  return sample?.value ?? 0;
}

describe('Controller.processNextWorkItem', () => {
  it.each([
    {
      name: 'success forgets the key and leaves nothing queued',
      reconcile: async () => done,
      want: { queuedAtOnce: 0, queuedAfter: { ms: 10_000, len: 0 }, retries: 0 },
    },
    {
      name: 'requeueAfter brings the key back after the delay, not before',
      reconcile: async () => requeueAfter(1000),
      want: { queuedAtOnce: 0, queuedAfter: { ms: 1000, len: 1 }, retries: 0 },
    },
    {
      name: 'a terminal error drops the key for good',
      reconcile: async () => {
        throw new TerminalError('spec.cpu is not a number');
      },
      want: { queuedAtOnce: 0, queuedAfter: { ms: 10_000, len: 0 }, retries: 0 },
    },
    {
      name: 'a conflict requeues the key at once without backoff',
      reconcile: async () => {
        throw new ConflictError('the object has been modified');
      },
      want: { queuedAtOnce: 1, queuedAfter: { ms: 0, len: 1 }, retries: 0 },
    },
    {
      name: 'any other error requeues the key with backoff',
      reconcile: async () => {
        throw new Error('connection reset');
      },
      want: { queuedAtOnce: 0, queuedAfter: { ms: 5, len: 1 }, retries: 1 },
    },
  ])('$name', async ({ reconcile, want }) => {
    const { controller, timers, queue } = makeController(reconcile);
    controller.enqueue('default/web-1');
    await controller.processNextWorkItem();
    expect(queue.len()).toBe(want.queuedAtOnce);
    timers.advance(want.queuedAfter.ms);
    expect(queue.len()).toBe(want.queuedAfter.len);
    expect(queue.retries('default/web-1')).toBe(want.retries);
  });

  it('backs off longer on each failure and resets after a success', async () => {
    let failuresLeft = 3;
    const { controller, timers, queue } = makeController(async () => {
      if (failuresLeft-- > 0) throw new Error('etcd timeout');
      return done;
    });
    controller.enqueue('k');
    const waits: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const before = timers.now();
      while (queue.len() === 0) timers.advance(1);
      waits.push(timers.now() - before);
      await controller.processNextWorkItem();
    }
    expect(waits).toEqual([0, 5, 10, 20]);
    expect(queue.retries('k')).toBe(0);
  });

  it('counts errors and reconciles by outcome in its registry', async () => {
    const outcomes = [new Error('boom'), new TerminalError('bad'), new ConflictError('stale')];
    const { controller, registry } = makeController(async () => {
      const next = outcomes.shift();
      if (next !== undefined) throw next;
      return done;
    });
    for (let i = 0; i < 4; i++) await controller.reconcileKey('k');
    expect({
      error: await metricValue(registry, 'stevedore_reconcile_errors_total', { controller: 'task', reason: 'error' }),
      terminal: await metricValue(registry, 'stevedore_reconcile_errors_total', { controller: 'task', reason: 'terminal' }),
      conflict: await metricValue(registry, 'stevedore_reconcile_errors_total', { controller: 'task', reason: 'conflict' }),
      retries: await metricValue(registry, 'stevedore_workqueue_retries_total', { controller: 'task' }),
      successes: await metricValue(registry, 'stevedore_reconcile_duration_seconds_count', { controller: 'task', result: 'success' }),
    }).toEqual({ error: 1, terminal: 1, conflict: 1, retries: 1, successes: 1 });
  });

  it('reports the queue depth when scraped', async () => {
    const { controller, registry } = makeController(async () => done);
    ['a', 'b', 'c', 'a'].forEach((key) => controller.enqueue(key));
    expect(await metricValue(registry, 'stevedore_workqueue_depth', { controller: 'task' })).toBe(3);
  });
});

describe('Controller workers', () => {
  it('never reconciles one key in two workers at once, and reconciles it again after a change', async () => {
    const inFlight = new Set<string>();
    const overlaps: string[] = [];
    const seen: string[] = [];
    let release: () => void = () => {};
    const firstCallHeld = new Promise<void>((resolve) => (release = resolve));
    const { controller } = makeController(async (key) => {
      if (inFlight.has(key)) overlaps.push(key);
      inFlight.add(key);
      seen.push(key);
      if (seen.length === 1) await firstCallHeld;
      inFlight.delete(key);
      return done;
    }, 4);
    controller.start();
    controller.enqueue('a');
    await new Promise((resolve) => setImmediate(resolve));
    controller.enqueue('a'); // a change arrives while `a` is reconciled
    controller.enqueue('b');
    await new Promise((resolve) => setImmediate(resolve));
    release();
    await new Promise((resolve) => setImmediate(resolve));
    await controller.stop();
    expect(overlaps).toEqual([]);
    expect(seen.toSorted()).toEqual(['a', 'a', 'b']);
  });

  it('lets a reconcile in flight finish on stop', async () => {
    let finished = false;
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { controller } = makeController(async () => {
      await held;
      finished = true;
      return done;
    });
    controller.start();
    controller.enqueue('a');
    await new Promise((resolve) => setImmediate(resolve));
    const stopped = controller.stop();
    release();
    await stopped;
    expect(finished).toBe(true);
  });
});
