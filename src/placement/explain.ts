// Explanations are return values (STYLE 5): when a task cannot be placed, every instance in
// scope is run through the whole chain to find the first stage it fails; the instance that
// passed the most stages is the "closest matching container-instance" (Q17; ties by id).
import type { FailureReason, PortsCause } from './failure-reason.ts';
import { describeClosest } from './failure-reason.ts';
import type { InstanceFilter } from './filters/instance-filter.ts';
import type { PlacementWorkspace } from './workspace.ts';

/** One entry of RunTask/StartTask `failures`. `arn` is the container instance (4.2). */
export interface PlacementFailure {
  arn: string;
  reason: FailureReason;
  detail?: string;
}

export interface InstanceRejection {
  instanceId: string;
  reason: FailureReason;
  portsCause?: PortsCause;
  stagesPassed: number;
}

/** Why one task was not placed: how many instances each stage removed, and the closest one. */
export interface UnplacedExplanation {
  filteredBy: Partial<Record<FailureReason, number>>;
  closest?: InstanceRejection;
}

/** Rejections of the instances in scope, closest first. */
export function explainRejections(scope: readonly number[], chain: readonly InstanceFilter[], workspace: PlacementWorkspace): InstanceRejection[] {
  const rejections: InstanceRejection[] = [];
  for (const i of scope) {
    for (let stage = 0; stage < chain.length; stage += 1) {
      const verdict = (chain[stage] as InstanceFilter).check(i, workspace);
      if (!verdict.ok) {
        const rejection: InstanceRejection = { instanceId: workspace.view(i).id, reason: verdict.reason, stagesPassed: stage };
        if (verdict.portsCause !== undefined) rejection.portsCause = verdict.portsCause;
        rejections.push(rejection);
        break;
      }
    }
  }
  return rejections.sort((a, b) => b.stagesPassed - a.stagesPassed || compareIds(a.instanceId, b.instanceId));
}

export function summarize(rejections: readonly InstanceRejection[]): UnplacedExplanation {
  const filteredBy: Partial<Record<FailureReason, number>> = {};
  for (const r of rejections) filteredBy[r.reason] = (filteredBy[r.reason] ?? 0) + 1;
  const closest = rejections[0];
  return closest === undefined ? { filteredBy } : { filteredBy, closest };
}

/**
 * One failure per rejected instance (Q9), closest first; the closest carries the service
 * event sentence as `detail`.
 */
export function toFailures(rejections: readonly InstanceRejection[]): PlacementFailure[] {
  return rejections.map((r, k) =>
    k === 0 ? { arn: r.instanceId, reason: r.reason, detail: describeClosest(r.instanceId, r.reason, r.portsCause) } : { arn: r.instanceId, reason: r.reason },
  );
}

/** Collects failures across the tasks of one call, each (instance, reason) once (Q9). */
export class FailureList {
  private readonly seen = new Set<string>();
  readonly entries: PlacementFailure[] = [];

  add(failures: readonly PlacementFailure[]): void {
    for (const failure of failures) {
      const key = `${failure.arn}\u0000${failure.reason}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      this.entries.push(failure);
    }
  }
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
