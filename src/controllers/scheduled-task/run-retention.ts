// Which finished runs to keep, as CronJob keeps Jobs: the newest successfulRunsHistoryLimit
// that succeeded and the newest failedRunsHistoryLimit that failed (Failed or LaunchFailed).
// Runs still launching or running are always kept.
import type { ScheduledRun } from '../../api/v1alpha1/scheduled-task.ts';

export interface HistoryLimits {
  successful: number;
  failed: number;
}

/** Splits newest-first `runs` into those kept and those to delete (with their Tasks). */
export function selectRunsToKeep(runs: readonly ScheduledRun[], limits: HistoryLimits): { keep: ScheduledRun[]; drop: ScheduledRun[] } {
  const keep: ScheduledRun[] = [];
  const drop: ScheduledRun[] = [];
  let succeeded = 0;
  let failed = 0;
  for (const run of runs) {
    const isSucceeded = run.state === 'Succeeded';
    const isFailed = run.state === 'Failed' || run.state === 'LaunchFailed';
    if (isSucceeded ? ++succeeded > limits.successful : isFailed && ++failed > limits.failed) drop.push(run);
    else keep.push(run);
  }
  return { keep, drop };
}
