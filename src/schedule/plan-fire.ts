// What a schedule must do now (pure): which scheduled time to fire, which were missed, and
// when to look again. The cursor (`lastEvaluatedMs`) is the latest scheduled time already
// decided on, fired or not; every time after it is decided exactly once, and the caller
// records the new cursor before it creates anything, so a time fires at most once.
//
// After downtime only the latest due time fires, and only while it is younger than the
// retry policy's maximumEventAgeInSeconds, as EventBridge delivers a late event; the older
// ones are missed. While the schedule is DISABLED due times are skipped (not missed), so
// enabling it again does not fire what came due meanwhile.
import { computeFireTimes, computeNextFireTime, type ScheduleBounds } from './fire-times.ts';
import { computeInvocationDelayMs } from './flexible-window.ts';
import type { ScheduleExpression } from './schedule-expression.ts';

export interface FirePlanInput {
  expression: ScheduleExpression;
  bounds: ScheduleBounds;
  enabled: boolean;
  /** The latest scheduled time decided on before; undefined for a new schedule. */
  lastEvaluatedMs: number | undefined;
  nowMs: number;
  maximumEventAgeMs: number;
  /** Flexible time window (0 when OFF) and the seed that spreads invocations in it. */
  flexibleWindowMs: number;
  seed: string;
}

export interface FirePlan {
  /** The scheduled time to fire now. */
  fireMs?: number;
  /** Due times that will not fire: superseded by a later one, or older than the event age. */
  missedMs: number[];
  /** Due times passed while DISABLED. */
  skippedCount: number;
  /** The new cursor; equal to the input's when nothing came due. */
  lastEvaluatedMs: number | undefined;
  /** The next scheduled time after the cursor, if the schedule fires again. */
  nextMs?: number;
  /** When that next time is due (scheduled time plus the flexible window's delay). */
  wakeAtMs?: number;
  /** More due times remain than one plan looks at: plan again at once. */
  more: boolean;
}

/** At most this many due times are looked at per plan (a long downtime of a rate(1 minute)). */
export const MAX_DUE_PER_PLAN = 1000;

export function planFire(input: FirePlanInput): FirePlan {
  const delay = (t: number) => computeInvocationDelayMs(input.flexibleWindowMs, input.seed, t);
  const scheduled = computeFireTimes(input.expression, input.bounds, input.lastEvaluatedMs, input.nowMs, MAX_DUE_PER_PLAN + 1);
  // Due: its invocation moment has come. Later times wait, even if an earlier one's delay is longer.
  const firstNotDue = scheduled.findIndex((t) => t + delay(t) > input.nowMs);
  const due = (firstNotDue === -1 ? scheduled : scheduled.slice(0, firstNotDue)).slice(0, MAX_DUE_PER_PLAN);
  const more = due.length === MAX_DUE_PER_PLAN && scheduled.length > MAX_DUE_PER_PLAN;
  const latest = due.at(-1);
  const lastEvaluatedMs = latest ?? input.lastEvaluatedMs;
  const nextMs = more ? undefined : computeNextFireTime(input.expression, input.bounds, lastEvaluatedMs);
  const next = { nextMs, wakeAtMs: nextMs === undefined ? undefined : nextMs + delay(nextMs), more, lastEvaluatedMs };
  const nothing = { missedMs: [], skippedCount: 0, ...next };
  if (latest === undefined) return nothing;
  if (!input.enabled) return { ...nothing, skippedCount: due.length };
  const fresh = !more && input.nowMs - latest <= input.maximumEventAgeMs;
  return fresh ? { ...nothing, fireMs: latest, missedMs: due.slice(0, -1) } : { ...nothing, missedMs: due };
}
