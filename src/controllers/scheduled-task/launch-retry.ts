// A launch that failed (the task definition cannot be resolved, or the API server refused a
// Task) is retried per the target's retry policy, as EventBridge Scheduler retries a failed
// RunTask call: at most maximumRetryAttempts more times, and only while the event is younger
// than maximumEventAgeInSeconds. EventBridge does not document its delays; ours double from
// 5 seconds to at most 5 minutes.
import type { ScheduledRun } from '../../api/v1alpha1/scheduled-task.ts';

export interface RetryPolicy {
  maximumRetryAttempts: number;
  maximumEventAgeMs: number;
}

const FIRST_DELAY_MS = 5_000;
const MAX_DELAY_MS = 300_000;

export function computeRetryDelayMs(attempts: number): number {
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
}

/** The event is too old to launch now. */
export function isEventExpired(run: Pick<ScheduledRun, 'scheduledTime'>, policy: RetryPolicy, nowMs: number): boolean {
  return nowMs - Date.parse(run.scheduledTime) > policy.maximumEventAgeMs;
}

/** The run after one more failed attempt: retried later, or LaunchFailed for good. */
export function recordLaunchFailure(run: ScheduledRun, message: string, policy: RetryPolicy, nowMs: number): ScheduledRun {
  const attempts = run.attempts + 1;
  const retryAtMs = nowMs + computeRetryDelayMs(attempts);
  const { nextAttemptTime: _, ...rest } = run;
  if (attempts > policy.maximumRetryAttempts || retryAtMs - Date.parse(run.scheduledTime) > policy.maximumEventAgeMs) {
    const why = attempts > policy.maximumRetryAttempts ? `after ${attempts} attempt${attempts === 1 ? '' : 's'}` : 'before the event expired';
    return { ...rest, attempts, state: 'LaunchFailed', message: `Could not launch ${why}: ${message}`, completionTime: new Date(nowMs).toISOString() };
  }
  return { ...rest, attempts, message, nextAttemptTime: new Date(retryAtMs).toISOString() };
}

/** The run's next attempt is due. */
export function isAttemptDue(run: ScheduledRun, nowMs: number): boolean {
  return run.nextAttemptTime === undefined || Date.parse(run.nextAttemptTime) <= nowMs;
}
