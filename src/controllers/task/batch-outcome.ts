// The outcome of a batch task, as a condition `kubectl wait` can read (issue 12; added by the
// cron branch, kept apart from the rest of the derivation on purpose):
//
//   kubectl wait task/nightly --for=condition=Succeeded          # exited 0
//   kubectl wait task/nightly --for=condition=Succeeded=false    # failed
//
// A STOPPED task whose essential containers all exited with code 0 is Succeeded=True; any other
// STOPPED task is Succeeded=False: an essential container exited non-zero or never ran, or the
// task failed to start or was stopped. Until the task stops there is no such condition. The
// type is Tekton's (TaskRun `Succeeded`): one condition answers both questions.
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { TaskStatus } from '../../api/v1alpha1/task.ts';
import { setCondition, type ConditionUpdate } from '../status/conditions.ts';

export const SUCCEEDED = 'Succeeded';

/** Pure: the status with the Succeeded condition once it is STOPPED; unchanged before. */
export function withBatchOutcome(status: TaskStatus, taskDefinition: NormalizedTaskDefinition | undefined, now: Date): TaskStatus {
  if (status.lastStatus !== 'STOPPED') return status;
  const outcome = computeBatchOutcome(status, taskDefinition);
  return { ...status, conditions: setCondition(status.conditions, outcome, status.observedGeneration, now) };
}

export function computeBatchOutcome(status: TaskStatus, taskDefinition: NormalizedTaskDefinition | undefined): ConditionUpdate {
  // Without the task definition every container counts as essential.
  const essential = new Set(taskDefinition?.containerDefinitions.filter((c) => c.essential !== false).map((c) => c.name));
  const containers = (status.containers ?? []).filter((c) => taskDefinition === undefined || essential.has(c.name));
  const failed = containers.find((c) => c.exitCode !== undefined && c.exitCode !== 0);
  if (failed !== undefined) {
    return { type: SUCCEEDED, status: 'False', reason: 'EssentialContainerFailed', message: `Essential container ${failed.name} exited with code ${failed.exitCode}` };
  }
  if (containers.length > 0 && containers.every((c) => c.exitCode === 0)) {
    return { type: SUCCEEDED, status: 'True', reason: 'Completed', message: 'Every essential container exited with code 0' };
  }
  return { type: SUCCEEDED, status: 'False', reason: status.stopCode ?? 'Stopped', message: status.stoppedReason ?? 'The task stopped before its essential containers exited' };
}
