// When a schedule fires: the scheduled times of an expression in a time zone, between the
// schedule's start and end. EventBridge Scheduler's rules:
//
// - rate(): every period from the start (startDate, else when the schedule was created), the
//   first at the start itself; a day is 24 hours, whatever the clocks do.
// - cron(): in the schedule's time zone. A time that does not exist (spring forward) is
//   skipped; a time that occurs twice (fall back) runs once, at its first occurrence. croner
//   follows Vixie cron instead (a fixed-time job in a gap runs after it; an interval job runs on
//   both occurrences), so its candidates are filtered here.
// - at(): once, at that wall time in the time zone (skipped if the time does not exist).
// - startDate is inclusive, endDate exclusive; nothing fires before the schedule was created.
import { Cron } from 'croner';
import type { ScheduleExpression } from './schedule-expression.ts';
import { instantsOfWallTime, wallTimeOf } from './wall-clock.ts';

export interface ScheduleBounds {
  timezone: string;
  /** metadata.creationTimestamp: no time before it fires. */
  createdAtMs: number;
  startDateMs?: number;
  endDateMs?: number;
}

/** Bounds the iteration over candidates, so that a cron that matches only in DST gaps ends. */
const MAX_CANDIDATES = 10_000;

/**
 * Up to `limit` scheduled times strictly after `afterMs` (or from the lower bound, inclusive,
 * when `afterMs` is undefined) and at most `untilMs`, earliest first.
 */
export function computeFireTimes(expression: ScheduleExpression, bounds: ScheduleBounds, afterMs: number | undefined, untilMs: number, limit: number): number[] {
  const lower = Math.max(bounds.createdAtMs, bounds.startDateMs ?? -Infinity);
  const upper = Math.min(untilMs, (bounds.endDateMs ?? Infinity) - 1);
  // The first candidate is the lower bound itself, or the first time after `afterMs`.
  const fromMs = afterMs === undefined || afterMs < lower ? lower - 1 : afterMs;
  const times: number[] = [];
  for (const t of candidates(expression, bounds, fromMs)) {
    if (t > upper || times.length >= limit) break;
    if (t >= lower) times.push(t);
  }
  return times;
}

/** The first scheduled time strictly after `afterMs` (any time in the future), if there is one. */
export function computeNextFireTime(expression: ScheduleExpression, bounds: ScheduleBounds, afterMs: number | undefined): number | undefined {
  return computeFireTimes(expression, bounds, afterMs, Infinity, 1)[0];
}

/** Scheduled times strictly after `fromMs`, earliest first, ignoring the bounds except the rate's start. */
function* candidates(expression: ScheduleExpression, bounds: ScheduleBounds, fromMs: number): Generator<number> {
  switch (expression.type) {
    case 'rate': {
      const anchor = Math.floor((bounds.startDateMs ?? bounds.createdAtMs) / 1000) * 1000;
      const period = expression.periodMs;
      let k = fromMs < anchor ? 0 : Math.floor((fromMs - anchor) / period) + 1;
      for (;;) yield anchor + period * k++;
    }
    case 'at': {
      const first = instantsOfWallTime(expression.wallMs, bounds.timezone)[0];
      if (first !== undefined && first > fromMs) yield first;
      return;
    }
    case 'cron':
      yield* cronCandidates(expression.pattern, bounds.timezone, fromMs);
      return;
  }
}

function* cronCandidates(pattern: string, timezone: string, fromMs: number): Generator<number> {
  const options = { mode: '7-part', alternativeWeekdays: true, paused: true } as const;
  const zoned = new Cron(pattern, { ...options, timezone });
  // The same pattern on naive wall time: does a wall time match the expression as written?
  const naive = new Cron(pattern, { ...options, timezone: 'UTC' });
  let cursor = new Date(fromMs);
  for (let i = 0; i < MAX_CANDIDATES; i++) {
    const next = zoned.nextRun(cursor);
    if (next === null) return;
    const t = next.getTime();
    cursor = next;
    const wall = wallTimeOf(t, timezone);
    // croner moved a time out of a DST gap: EventBridge skips it.
    if (!naive.match(new Date(wall))) continue;
    // The second occurrence of a repeated wall time: EventBridge runs it once, the first time.
    if ((instantsOfWallTime(wall, timezone)[0] ?? t) < t) continue;
    yield t;
  }
}
