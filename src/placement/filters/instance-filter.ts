// The contract every pipeline stage satisfies (kube-scheduler's FilterPlugin, Nomad's
// FeasibilityChecker): look at instance number i, say pass or why not.
import type { Verdict } from '../verdict.ts';
import type { PlacementWorkspace } from '../workspace.ts';

export interface InstanceFilter {
  readonly name: string;
  /**
   * True when the answer can change while a batch is placed (resources, ports, groups).
   * Static filters are evaluated once per call; dynamic ones before every pick.
   */
  readonly dynamic: boolean;
  check(i: number, workspace: PlacementWorkspace): Verdict;
}
