// The candidates of one kind of request (the instances that passed its static filters),
// grouped into cells and kept in ranking order inside each cell, as a live index of the
// snapshot lineage (kube-scheduler keeps PodTopologySpread's per-value counts the same way,
// updated by AddPod/RemovePod instead of recounted).
//
// - Cells: one per combination of the values of the attributes the request spreads on (the
//   zones for `spread(attribute:ecs.availability-zone)`). Every member of a cell has the
//   same spread counts, so a spread ranks whole cells and there are few of them.
// - Order inside a cell: by the per-instance ranking keys in strategy order (remaining memory
//   for binpack(memory), tasks of the group for spread(instanceId)), then by instance number.
//   The best fitting member of a cell is then its first fitting one, and its ties follow it,
//   in instance order as the reference scan lists them.
// - Each block of a cell knows its largest remaining CPU and memory, so that full instances
//   are skipped a block at a time.
import type { InstanceState } from './snapshot.ts';
import type { LiveIndex } from './snapshot-lineage.ts';
import { SortedBlocks } from './sorted-blocks.ts';

/** A per-instance ranking key, in the order the strategies list them. */
export type OrderKey = 'cpu' | 'memory' | 'group';

export interface CandidateIndexSpec {
  /** Instance numbers, ascending. */
  readonly members: readonly number[];
  /** Cell number of each member (same length as members). */
  readonly cellOfMember: readonly number[];
  readonly cellCount: number;
  readonly order: readonly OrderKey[];
  /** The group `group` keys count. */
  readonly group: string;
}

/**
 * Keys the index can order exactly as the reference compares them: integers small enough
 * that subtracting a strategy's offset (another such integer) never rounds, so that order and
 * ties by raw value are order and ties by rank key.
 */
export function isExactKey(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) <= 2 ** 52;
}

export class CandidateIndex implements LiveIndex {
  readonly cells: readonly SortedBlocks[];
  /** A member of each cell, to read the cell's spread counts from. */
  readonly representative: readonly number[];
  /** keys[k][i]: instance i's value of order[k] as stored. */
  readonly keys: readonly Float64Array[];
  /** Block maxima columns: remaining CPU and memory as stored. */
  readonly cpu: Float64Array;
  readonly memory: Float64Array;
  private readonly order: readonly OrderKey[];
  private readonly group: string;
  /** Cell of each instance; -1 for non-members. */
  private readonly cellOf: Int32Array;
  /** Members with a key isExactKey refuses; the index answers only while there are none. */
  private inexactMembers = 0;

  constructor(spec: CandidateIndexSpec, size: number, stateAt: (i: number) => InstanceState) {
    this.order = spec.order;
    this.group = spec.group;
    this.cellOf = new Int32Array(size).fill(-1);
    this.cpu = new Float64Array(size);
    this.memory = new Float64Array(size);
    this.keys = spec.order.map((key) => (key === 'cpu' ? this.cpu : key === 'memory' ? this.memory : new Float64Array(size)));
    const byCell: number[][] = Array.from({ length: spec.cellCount }, () => []);
    spec.members.forEach((i, k) => {
      const cell = spec.cellOfMember[k] as number;
      this.cellOf[i] = cell;
      this.store(i, stateAt(i));
      (byCell[cell] as number[]).push(i);
    });
    const compare = (a: number, b: number): number => this.compare(a, b);
    // Members arrive in instance order: with many equal keys (a fresh cluster) the sort is
    // close to linear.
    this.cells = byCell.map((members) => new SortedBlocks(members.sort(compare), compare, [this.cpu, this.memory]));
    this.representative = byCell.map((members) => members[0] ?? -1);
  }

  /** False while some member has a key the index cannot order exactly: use the scan. */
  get exact(): boolean {
    return this.inexactMembers === 0;
  }

  update(i: number, state: InstanceState): void {
    const cell = this.cellOf[i] as number;
    if (cell < 0 || !this.differs(i, state)) return;
    const blocks = this.cells[cell] as SortedBlocks;
    blocks.remove(i);
    if (!this.keysExact(i)) this.inexactMembers -= 1;
    this.store(i, state);
    blocks.insert(i);
  }

  /** Lexicographic by the keys in order, then by instance number. */
  compare(a: number, b: number): number {
    for (const column of this.keys) {
      const x = column[a] as number;
      const y = column[b] as number;
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return a - b;
  }

  private store(i: number, state: InstanceState): void {
    this.cpu[i] = state.remainingCpu;
    this.memory[i] = state.remainingMemory;
    for (let k = 0; k < this.order.length; k += 1) {
      if (this.order[k] === 'group') (this.keys[k] as Float64Array)[i] = state.groupCounts.get(this.group) ?? 0;
    }
    if (!this.keysExact(i)) this.inexactMembers += 1;
  }

  private keysExact(i: number): boolean {
    for (const column of this.keys) if (!isExactKey(column[i] as number)) return false;
    return true;
  }

  private differs(i: number, state: InstanceState): boolean {
    if (!Object.is(this.cpu[i], state.remainingCpu) || !Object.is(this.memory[i], state.remainingMemory)) return true;
    return this.order.includes('group') && this.groupKey(i) !== (state.groupCounts.get(this.group) ?? 0);
  }

  private groupKey(i: number): number {
    const k = this.order.indexOf('group');
    return (this.keys[k] as Float64Array)[i] as number;
  }
}
