// The reference pick: one pass over every candidate. It states the rule the indexed pick
// (indexed-pick.ts) must reproduce exactly, and serves the requests the index does not
// answer (a spread over an attribute with many values, keys that are not small integers).
//
// The rule: the candidate with the lexicographically smallest ranker keys; among equals, a
// seeded random one, drawn from the ties in instance order. -1 when no candidate passes the
// dynamic filters. Keys are compared with early exit: a candidate worse on the first key is
// not ranked by the second (ECS's "spread over zones, then binpack within the zone").
import type { InstanceFilter } from './filters/instance-filter.ts';
import { fitsResources } from './filters/resource-fit.ts';
import { pickIndex, type Rng } from './rng.ts';
import { rankKey, type Ranker } from './strategies/strategy-module.ts';
import type { PlacementWorkspace } from './workspace.ts';

export function scanPick(
  candidates: readonly number[],
  dynamicFilters: readonly InstanceFilter[],
  rankers: readonly Ranker[],
  workspace: PlacementWorkspace,
  rng: Rng,
): number {
  const m = rankers.length;
  const best = new Float64Array(m);
  const ties: number[] = [];
  const filterCount = dynamicFilters.length;
  candidateLoop: for (let c = 0; c < candidates.length; c += 1) {
    const i = candidates[c] as number;
    if (!fitsResources(i, workspace)) continue;
    for (let f = 0; f < filterCount; f += 1) if (!(dynamicFilters[f] as InstanceFilter).check(i, workspace).ok) continue candidateLoop;
    if (ties.length === 0) {
      for (let j = 0; j < m; j += 1) best[j] = rankKey(rankers[j] as Ranker, i, workspace);
      ties.push(i);
      continue;
    }
    let order = 0;
    for (let j = 0; j < m; j += 1) {
      const key = rankKey(rankers[j] as Ranker, i, workspace);
      const bestKey = best[j] as number;
      if (key < bestKey) {
        order = -1;
        best[j] = key;
        for (let rest = j + 1; rest < m; rest += 1) best[rest] = rankKey(rankers[rest] as Ranker, i, workspace);
        break;
      }
      if (key > bestKey) {
        order = 1;
        break;
      }
    }
    if (order < 0) {
      ties.length = 0;
      ties.push(i);
    } else if (order === 0) {
      ties.push(i);
    }
  }
  return drawFromTies(ties, rng);
}

/** The final tie-break: the only candidate, or a seeded random one; -1 when there is none. */
export function drawFromTies(ties: readonly number[], rng: Rng): number {
  if (ties.length === 0) return -1;
  return ties.length === 1 ? (ties[0] as number) : (ties[pickIndex(rng, ties.length)] as number);
}
