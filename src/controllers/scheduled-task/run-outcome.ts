// How a run ended, from its Tasks: Running until every Task is STOPPED, then Succeeded when
// each one's Succeeded condition is True (every essential container exited 0), else Failed
// with the first failure's message.
import type { RunState } from '../../api/v1alpha1/scheduled-task.ts';

/** What the plan needs to know of one Task of a run (from the informer cache). */
export interface ObservedRunTask {
  name: string;
  stopped: boolean;
  /** The Succeeded condition once stopped: true, false, or undefined while unknown. */
  succeeded: boolean | undefined;
  /** Why it did not succeed. */
  message?: string;
}

export interface RunOutcome {
  state: Extract<RunState, 'Running' | 'Succeeded' | 'Failed'>;
  message?: string;
  /** Tasks of the run that are not in the cache. */
  missing: string[];
}

export function computeRunOutcome(taskNames: readonly string[], tasks: ReadonlyMap<string, ObservedRunTask>): RunOutcome {
  const observed = taskNames.map((name) => tasks.get(name));
  const missing = taskNames.filter((_, i) => observed[i] === undefined);
  const present = observed.filter((t): t is ObservedRunTask => t !== undefined);
  if (missing.length > 0 || present.some((t) => !t.stopped || t.succeeded === undefined)) return { state: 'Running', missing };
  const failed = present.find((t) => t.succeeded === false);
  if (failed !== undefined) return { state: 'Failed', message: `Task ${failed.name}: ${failed.message ?? 'did not succeed'}`, missing };
  return { state: 'Succeeded', message: `${present.length === 1 ? 'Its task' : `All ${present.length} tasks`} succeeded`, missing };
}
