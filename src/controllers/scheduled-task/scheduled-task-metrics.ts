// ScheduledTask metrics on the operator's registry: fires, missed scheduled times and launch
// failures, over all schedules (no per-schedule label: schedules come and go).
import { Counter, type Registry } from 'prom-client';

export interface ScheduledTaskMetrics {
  record(counts: { fired: number; missed: number; launchFailures: number }): void;
}

export function scheduledTaskMetrics(registry: Registry): ScheduledTaskMetrics {
  const fires = new Counter({ name: 'stevedore_scheduled_task_fires_total', help: 'Scheduled times that fired (recorded before their Tasks were created).', registers: [registry] });
  const missed = new Counter({
    name: 'stevedore_scheduled_task_missed_total',
    help: 'Scheduled times that did not fire: superseded after downtime, or older than maximumEventAgeInSeconds.',
    registers: [registry],
  });
  const launchFailures = new Counter({
    name: 'stevedore_scheduled_task_launch_failures_total',
    help: 'Launch attempts that failed (task definition not resolvable, Task refused, or the event expired).',
    registers: [registry],
  });
  return {
    record(counts) {
      if (counts.fired > 0) fires.inc(counts.fired);
      if (counts.missed > 0) missed.inc(counts.missed);
      if (counts.launchFailures > 0) launchFailures.inc(counts.launchFailures);
    },
  };
}
