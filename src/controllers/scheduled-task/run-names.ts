// How a ScheduledTask's Tasks are named and marked. The name is a function of the schedule and
// the scheduled time, so that however often a fire is retried, by whichever replica, it
// creates the same Tasks: a second create meets AlreadyExists (the controller-runtime FAQ's
// deterministic names), never a second task.

export const scheduledTaskLabel = 'ecs.stevedore.dev/scheduled-task';
export const scheduledTimeAnnotation = 'ecs.stevedore.dev/scheduled-time';

/** Up to 40 characters of the schedule's name keep a Task name within a label value's 63. */
const MAX_BASE = 40;

/**
 * `nightly-29410560-0`: the schedule, the scheduled time in minutes since the epoch (as
 * CronJob names its Jobs; schedules fire at most once a minute), and the task's index.
 */
export function computeTaskName(scheduleName: string, scheduledMs: number, index: number): string {
  return `${baseName(scheduleName)}-${Math.floor(scheduledMs / 60_000)}-${index}`;
}

export function computeTaskNames(scheduleName: string, scheduledMs: number, count: number): string[] {
  return Array.from({ length: count }, (_, i) => computeTaskName(scheduleName, scheduledMs, i));
}

/** RunTask's startedBy, as EventBridge rules set it: `events-rule/<name>` (letters, digits, - / _; 128). */
export function computeStartedBy(scheduleName: string): string {
  return `events-rule/${scheduleName.replace(/[^A-Za-z0-9_/-]/g, '-')}`.slice(0, 128);
}

function baseName(name: string): string {
  if (name.length <= MAX_BASE) return name;
  return `${name.slice(0, MAX_BASE - 7).replace(/[-.]+$/, '')}-${hash6(name)}`;
}

function hash6(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36).padStart(6, '0').slice(-6);
}
