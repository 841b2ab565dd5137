import { describe, expect, it } from 'vitest';
import { computeBackoffDelay, defaultBackoff } from './backoff.ts';
import { ManualTimers } from './timers.ts';
import { WorkQueue } from './workqueue.ts';

/** Takes every key the queue hands out right now, without marking any done. */
async function drainReady(queue: WorkQueue): Promise<string[]> {
  const keys: string[] = [];
  while (queue.len() > 0) {
    const key = await queue.get();
    if (key !== undefined) keys.push(key);
  }
  return keys;
}

describe('WorkQueue', () => {
  describe('stinginess: duplicate adds collapse', () => {
    it.each([
      { name: 'one key added three times is handed out once', adds: ['a', 'a', 'a'], want: ['a'] },
      { name: 'interleaved duplicates keep first-add order', adds: ['a', 'b', 'a', 'c', 'b'], want: ['a', 'b', 'c'] },
      { name: 'distinct keys all come out', adds: ['x', 'y', 'z'], want: ['x', 'y', 'z'] },
    ])('$name', async ({ adds, want }) => {
      const queue = new WorkQueue();
      adds.forEach((key) => queue.add(key));
      expect(queue.len()).toBe(want.length);
      expect(await drainReady(queue)).toEqual(want);
    });
  });

  describe('fairness: one worker per key', () => {
    it('does not hand out a key that is being processed, even if added again', async () => {
      const queue = new WorkQueue();
      queue.add('a');
      const first = await queue.get();
      queue.add('a');
      expect(first).toBe('a');
      expect(queue.len()).toBe(0);
    });

    it('re-queues a key added while it was processed once it is done', async () => {
      const queue = new WorkQueue();
      queue.add('a');
      await queue.get();
      queue.add('a');
      queue.add('a');
      queue.done('a');
      expect(queue.len()).toBe(1);
      expect(await queue.get()).toBe('a');
    });

    it('does not re-queue a key that was not added again while processed', async () => {
      const queue = new WorkQueue();
      queue.add('a');
      await queue.get();
      queue.done('a');
      expect(queue.len()).toBe(0);
    });

    it('wakes a waiting worker when a key arrives', async () => {
      const queue = new WorkQueue();
      const waiting = queue.get();
      queue.add('a');
      expect(await waiting).toBe('a');
    });

    it('gives each waiting worker a different key', async () => {
      const queue = new WorkQueue();
      const workers = [queue.get(), queue.get()];
      queue.add('a');
      queue.add('a');
      queue.add('b');
      expect(await Promise.all(workers)).toEqual(['a', 'b']);
    });
  });

  describe('addAfter', () => {
    it.each([
      { name: 'a key is not ready before its delay', delays: [100], advanceBy: 99, wantReady: 0 },
      { name: 'a key is ready once its delay has passed', delays: [100], advanceBy: 100, wantReady: 1 },
      { name: 'the earlier of two delays for one key wins', delays: [500, 100], advanceBy: 100, wantReady: 1 },
      { name: 'a later delay does not postpone an earlier one', delays: [100, 500], advanceBy: 100, wantReady: 1 },
      { name: 'a zero delay adds at once', delays: [0], advanceBy: 0, wantReady: 1 },
    ])('$name', ({ delays, advanceBy, wantReady }) => {
      const timers = new ManualTimers();
      const queue = new WorkQueue({ timers });
      delays.forEach((ms) => queue.addAfter('a', ms));
      timers.advance(advanceBy);
      expect(queue.len()).toBe(wantReady);
    });

    it('adds a delayed key once even when both delays fire', () => {
      const timers = new ManualTimers();
      const queue = new WorkQueue({ timers });
      queue.addAfter('a', 100);
      queue.addAfter('a', 50);
      timers.advance(1000);
      expect(queue.len()).toBe(1);
    });
  });

  describe('rate limiting', () => {
    it('backs a failing key off exponentially and resets it on forget', async () => {
      const timers = new ManualTimers();
      const queue = new WorkQueue({ timers, backoff: { baseDelayMs: 10, maxDelayMs: 1000 } });
      const readyAfter = async (): Promise<number> => {
        const start = timers.now();
        queue.addRateLimited('a');
        for (let waited = 0; queue.len() === 0 && waited < 10_000; waited++) timers.advance(1);
        // Take the key back out so that the next retry is observable.
        queue.done((await queue.get()) ?? '');
        return timers.now() - start;
      };
      expect([await readyAfter(), await readyAfter(), await readyAfter()]).toEqual([10, 20, 40]);
      expect(queue.retries('a')).toBe(3);
      queue.forget('a');
      expect(queue.retries('a')).toBe(0);
      expect(await readyAfter()).toBe(10);
    });

    it('keeps the backoff of each key separate', () => {
      const timers = new ManualTimers();
      const queue = new WorkQueue({ timers, backoff: { baseDelayMs: 10, maxDelayMs: 1000 } });
      queue.addRateLimited('a');
      queue.addRateLimited('a');
      queue.addRateLimited('b');
      expect([queue.retries('a'), queue.retries('b')]).toEqual([2, 1]);
    });

    it.each([
      { failures: 0, want: 5 },
      { failures: 1, want: 10 },
      { failures: 10, want: 5120 },
      { failures: 17, want: 655_360 },
      { failures: 18, want: 1_000_000 },
      { failures: 5000, want: 1_000_000 },
    ])('after $failures failures the default delay is $want ms', ({ failures, want }) => {
      expect(computeBackoffDelay(failures, defaultBackoff)).toBe(want);
    });
  });

  describe('shutDown', () => {
    it('releases blocked workers with undefined', async () => {
      const queue = new WorkQueue();
      const waiting = queue.get();
      void queue.shutDown();
      expect(await waiting).toBeUndefined();
      expect(await queue.get()).toBeUndefined();
    });

    it('ignores adds and drops waiting and delayed keys', () => {
      const timers = new ManualTimers();
      const queue = new WorkQueue({ timers });
      queue.add('a');
      queue.addAfter('b', 10);
      void queue.shutDown();
      queue.add('c');
      timers.advance(100);
      expect(queue.len()).toBe(0);
      expect(timers.pendingCount).toBe(0);
    });

    it('resolves only after keys in flight are done', async () => {
      const queue = new WorkQueue();
      queue.add('a');
      queue.add('b');
      const [a, b] = [await queue.get(), await queue.get()];
      let drained = false;
      const drain = queue.shutDown().then(() => (drained = true));
      queue.done(a ?? '');
      await Promise.resolve();
      expect(drained).toBe(false);
      queue.done(b ?? '');
      await drain;
      expect(drained).toBe(true);
    });

    it('resolves at once when nothing is in flight', async () => {
      const queue = new WorkQueue();
      queue.add('a');
      await expect(queue.shutDown()).resolves.toBeUndefined();
    });
  });
});
