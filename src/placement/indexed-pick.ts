// The pick through the candidate index: the same rule as the reference scan (scan-pick.ts),
// reading the candidates cell by cell in ranking order and stopping as soon as the rest can
// only rank worse. With spread over zones then binpack, a pick reads the first fitting member
// of each zone and its ties, whatever the number of instances.
import { CandidateIndex, isExactKey, type OrderKey } from './candidate-index.ts';
import { distinctInstance } from './constraints/distinct-instance.ts';
import type { InstanceFilter } from './filters/instance-filter.ts';
import { fitsResources } from './filters/resource-fit.ts';
import type { Rng } from './rng.ts';
import type { SnapshotLineage } from './snapshot-lineage.ts';
import type { Ranker } from './strategies/strategy-module.ts';
import { TieSet } from './tie-set.ts';
import type { PlacementWorkspace } from './workspace.ts';

/** When the index is worth its upkeep. */
export interface IndexPolicy {
  /** Below this many candidates the scan is as fast: no index. */
  readonly minCandidates: number;
  /**
   * Build an index the first time a kind of request asks for it, or only the second time in
   * the same lineage (a snapshot built for one call then dropped never pays for one)...
   */
  readonly buildOnFirstUse: boolean;
  /**
   * ...unless the call itself places at least this many tasks: scanning every candidate that
   * many times costs more than sorting them once.
   */
  readonly buildForCount: number;
}

export const DEFAULT_INDEX_POLICY: IndexPolicy = { minCandidates: 64, buildOnFirstUse: false, buildForCount: 8 };
/** Always the index where it can answer (tests compare it with the scan). */
export const ALWAYS_INDEX: IndexPolicy = { minCandidates: 0, buildOnFirstUse: true, buildForCount: 0 };
/** Never the index: the reference scan only. */
export const NEVER_INDEX: IndexPolicy = { minCandidates: Number.POSITIVE_INFINITY, buildOnFirstUse: false, buildForCount: Number.POSITIVE_INFINITY };

const distinctInstanceFilter = distinctInstance.toFilter();

/** More cells than this and a pick would visit too many of them: the scan serves the request. */
const MAX_CELLS = 32;
const MISSING_ATTRIBUTE = '\u0000missing';

/**
 * The live index for these candidates ranked by these rankers, or undefined when the scan
 * should answer (too few candidates, too many cells, an offset the index cannot order by).
 * Ask `exact` before each pick.
 * `candidatesKey` names the candidates (their static filters and scope); `count` is how many
 * tasks the call will place from them.
 */
export function candidateIndexFor(
  candidatesKey: string,
  candidates: readonly number[],
  count: number,
  rankers: readonly Ranker[],
  workspace: PlacementWorkspace,
  lineage: SnapshotLineage,
  policy: IndexPolicy,
): CandidateIndex | undefined {
  if (candidates.length < policy.minCandidates) return undefined;
  const attributes: string[] = [];
  const order: OrderKey[] = [];
  for (const ranker of rankers) {
    if (ranker.kind === 'bucket') {
      if (!attributes.includes(ranker.attribute)) attributes.push(ranker.attribute);
    } else if (ranker.kind === 'group') {
      order.push('group');
    } else {
      if (!isExactKey(ranker.offset)) return undefined;
      order.push(ranker.resource);
    }
  }
  const groupKey = order.includes('group') ? workspace.group : '';
  const key = ['candidate-index', candidatesKey, attributes.join('\u0001'), order.join(','), groupKey].join('\u0000');
  if (!policy.buildOnFirstUse && count < policy.buildForCount && !lineage.hasLiveIndex(key)) {
    const asked = workspace.snapshot.memoizeByViews(`asked\u0000${key}`, () => ({ times: 0 }));
    asked.times += 1;
    if (asked.times < 2) return undefined;
  }
  const cells = workspace.snapshot.memoizeByViews(`cells\u0000${candidatesKey}\u0000${attributes.join('\u0001')}`, () => cellsOf(candidates, attributes, workspace));
  if (cells === undefined) return undefined;
  const index = lineage.liveIndex(key, () =>
    new CandidateIndex({ members: candidates, ...cells, order, group: workspace.group }, workspace.size, (i) => workspace.state(i)),
  );
  return index;
}

/** Each candidate's cell: one per combination of the spread attributes' values. */
function cellsOf(candidates: readonly number[], attributes: readonly string[], workspace: PlacementWorkspace): { cellOfMember: number[]; cellCount: number } | undefined {
  const cellIds = new Map<string, number>();
  const cellOfMember: number[] = [];
  for (const i of candidates) {
    const values = workspace.view(i).attributes;
    // One attribute (the usual zone) needs no joined name.
    const name = attributes.length === 1 ? (values[attributes[0] as string] ?? MISSING_ATTRIBUTE) : attributes.map((attribute) => values[attribute] ?? MISSING_ATTRIBUTE).join('\u0000');
    let cell = cellIds.get(name);
    if (cell === undefined) {
      if (cellIds.size >= MAX_CELLS) return undefined;
      cell = cellIds.size;
      cellIds.set(name, cell);
    }
    cellOfMember.push(cell);
  }
  return { cellOfMember, cellCount: cellIds.size };
}

/**
 * The scan's choice, read from the index. One per slice of a call: the scratch arrays are
 * reused pick after pick.
 */
export class IndexedPick {
  private readonly index: CandidateIndex;
  private readonly rankers: readonly Ranker[];
  private readonly dynamicFilters: readonly InstanceFilter[];
  private readonly workspace: PlacementWorkspace;
  /** Where ranker j's key is read: a spread count of the cell (-1), or index.keys[slot[j]]. */
  private readonly slot: Int32Array;
  private readonly cellKeys: Float64Array;
  private readonly best: Float64Array;
  private readonly ties = new TieSet();
  /**
   * Whether enough CPU and memory is all a member needs: then a block whose minima suffice
   * fits whole, unchecked.
   */
  private readonly resourcesSuffice: boolean;
  /**
   * The ranker whose key is the group's tasks per instance when distinctInstance is the only
   * dynamic filter: members tied with best have best's count, 0 since best passed, so every
   * one of them passes too (-1: no such ranker or other filters).
   */
  private readonly distinctBy: number;

  constructor(index: CandidateIndex, rankers: readonly Ranker[], dynamicFilters: readonly InstanceFilter[], workspace: PlacementWorkspace) {
    this.index = index;
    this.rankers = rankers;
    this.dynamicFilters = dynamicFilters;
    this.workspace = workspace;
    const m = rankers.length;
    this.slot = new Int32Array(m);
    let next = 0;
    for (let j = 0; j < m; j += 1) this.slot[j] = (rankers[j] as Ranker).kind === 'bucket' ? -1 : next++;
    this.cellKeys = new Float64Array(m);
    this.best = new Float64Array(m);
    const requirement = workspace.requirement;
    const onlyResources = requirement.gpu <= 0 && requirement.eni <= 0 && requirement.tcpPorts.length === 0 && requirement.udpPorts.length === 0;
    this.resourcesSuffice = onlyResources && dynamicFilters.length === 0;
    const onlyDistinct = dynamicFilters.length > 0 && dynamicFilters.every((filter) => filter.name === distinctInstanceFilter.name);
    this.distinctBy = onlyResources && onlyDistinct ? rankers.findIndex((ranker) => ranker.kind === 'group') : -1;
  }

  /** Whether a block tied with best and with enough CPU and memory fits whole. */
  private tiedBlocksFit(): boolean {
    return this.resourcesSuffice || (this.distinctBy >= 0 && this.best[this.distinctBy] === 0);
  }

  /** Same answer as scanPick over the index's members, same draws from rng. */
  pick(rng: Rng): number {
    const { index, rankers, dynamicFilters, workspace, slot, cellKeys, best, ties } = this;
    const m = rankers.length;
    const keys = index.keys;
    const { cpu, memory } = workspace.requirement;
    const filterCount = dynamicFilters.length;
    let have = false;
    ties.clear();

    // Sign of (key tuple of member i of the current cell) − best.
    const compareWithBest = (i: number): number => {
      for (let j = 0; j < m; j += 1) {
        const s = slot[j] as number;
        const key = s < 0 ? (cellKeys[j] as number) : ((keys[s] as Float64Array)[i] as number);
        const bestKey = best[j] as number;
        if (key < bestKey) return -1;
        if (key > bestKey) return 1;
      }
      return 0;
    };

    for (let c = 0; c < index.cells.length; c += 1) {
      const representative = index.representative[c] as number;
      const blocks = index.cells[c];
      if (representative < 0 || blocks === undefined) continue;
      for (let j = 0; j < m; j += 1) {
        const ranker = rankers[j] as Ranker;
        if (ranker.kind === 'bucket') cellKeys[j] = ranker.counts.countAt(representative);
      }
      if (have && leadingCountsWorse(slot, cellKeys, best)) continue;
      ties.startCell();
      cell: for (let b = 0; b < blocks.blockCount; b += 1) {
        if (blocks.blockMax(0, b) < cpu || blocks.blockMax(1, b) < memory) continue;
        const block = blocks.block(b);
        if (
          have &&
          this.tiedBlocksFit() &&
          blocks.blockMin(0, b) >= cpu &&
          blocks.blockMin(1, b) >= memory &&
          compareWithBest(block[0] as number) === 0 &&
          compareWithBest(block[block.length - 1] as number) === 0
        ) {
          // Sorted, first and last tied with best: the whole block is, and all of it fits.
          ties.addRun(block);
          continue;
        }
        member: for (let k = 0; k < block.length; k += 1) {
          const i = block[k] as number;
          const order = have ? compareWithBest(i) : -1;
          // Members follow in ranking order: once one ranks worse, so do the rest of the cell.
          if (order > 0) break cell;
          if (!fitsResources(i, workspace)) continue;
          for (let f = 0; f < filterCount; f += 1) if (!(dynamicFilters[f] as InstanceFilter).check(i, workspace).ok) continue member;
          if (order < 0) {
            for (let j = 0; j < m; j += 1) {
              const s = slot[j] as number;
              best[j] = s < 0 ? (cellKeys[j] as number) : ((keys[s] as Float64Array)[i] as number);
            }
            have = true;
            ties.clear();
            ties.startCell();
          }
          ties.add(i);
        }
      }
    }
    return ties.draw(rng);
  }
}

/** True when the cell's spread counts before the first per-instance key rank it worse than best. */
function leadingCountsWorse(slot: Int32Array, cellKeys: Float64Array, best: Float64Array): boolean {
  for (let j = 0; j < slot.length && (slot[j] as number) < 0; j += 1) {
    if ((cellKeys[j] as number) > (best[j] as number)) return true;
    if ((cellKeys[j] as number) < (best[j] as number)) return false;
  }
  return false;
}
