// A sorted list of instance numbers cut into small blocks (an unrolled list with a block
// directory, as a B+-tree of depth two): insert and remove cost a binary search over the
// blocks and a splice inside one, O(log n + B), and a scan in order can skip a whole block
// by its per-column maxima (a block whose largest remaining memory is below the task's need
// holds no candidate), or take it whole by its minima (every member has enough).

// Large enough that a walk over thousands of tied instances visits few blocks; inserts keep
// the minima and maxima in O(1), so a bigger block costs only its memmove.
const BLOCK_SIZE = 256;

export class SortedBlocks {
  private readonly blocks: number[][] = [];
  /** maxima[c][b] and minima[c][b]: the largest and smallest value of columns[c] in block b. */
  private readonly maxima: number[][];
  private readonly minima: number[][];
  private readonly compare: (a: number, b: number) => number;
  private readonly columns: readonly Float64Array[];

  /**
   * `sorted` must already be in `compare` order; `compare` must be a total order (break ties
   * by instance number) that does not change while an element is stored.
   */
  constructor(sorted: readonly number[], compare: (a: number, b: number) => number, columns: readonly Float64Array[]) {
    this.compare = compare;
    this.columns = columns;
    this.maxima = columns.map(() => []);
    this.minima = columns.map(() => []);
    for (let start = 0; start < sorted.length; start += BLOCK_SIZE) this.blocks.push(sorted.slice(start, start + BLOCK_SIZE));
    for (let b = 0; b < this.blocks.length; b += 1) this.refresh(b);
  }

  get blockCount(): number {
    return this.blocks.length;
  }

  /** Block b's elements in order. Read-only. */
  block(b: number): readonly number[] {
    return this.blocks[b] as number[];
  }

  /** The largest value of column c among block b's elements (NaN if one is NaN). */
  blockMax(c: number, b: number): number {
    return (this.maxima[c] as number[])[b] as number;
  }

  /** The smallest value of column c among block b's elements (NaN if one is NaN). */
  blockMin(c: number, b: number): number {
    return (this.minima[c] as number[])[b] as number;
  }

  get size(): number {
    let n = 0;
    for (const block of this.blocks) n += block.length;
    return n;
  }

  /** Every element in order (for tests). */
  toArray(): number[] {
    return this.blocks.flat();
  }

  insert(i: number): void {
    if (this.blocks.length === 0) {
      this.blocks.push([i]);
      this.refresh(0);
      return;
    }
    const b = Math.min(this.blockFor(i), this.blocks.length - 1);
    const block = this.blocks[b] as number[];
    block.splice(this.positionIn(block, i), 0, i);
    if (block.length > 2 * BLOCK_SIZE) {
      this.blocks.splice(b + 1, 0, block.splice(BLOCK_SIZE));
      for (const maxima of this.maxima) maxima.splice(b + 1, 0, Number.NaN);
      for (const minima of this.minima) minima.splice(b + 1, 0, Number.NaN);
      this.refresh(b + 1);
      this.refresh(b);
      return;
    }
    for (let c = 0; c < this.columns.length; c += 1) {
      const value = (this.columns[c] as Float64Array)[i] as number;
      const maxima = this.maxima[c] as number[];
      const minima = this.minima[c] as number[];
      const max = maxima[b] as number;
      const min = minima[b] as number;
      // NaN, once in, stays until a refresh (see refresh).
      maxima[b] = Number.isNaN(value) || Number.isNaN(max) ? Number.NaN : Math.max(max, value);
      minima[b] = Number.isNaN(value) || Number.isNaN(min) ? Number.NaN : Math.min(min, value);
    }
  }

  /** Removes i, which must be stored with the keys it was inserted with. */
  remove(i: number): void {
    const b = this.blockFor(i);
    const block = this.blocks[b];
    if (block === undefined) throw new Error(`SortedBlocks.remove: ${i} is not stored`);
    const at = this.positionIn(block, i);
    if (block[at] !== i) throw new Error(`SortedBlocks.remove: ${i} is not stored`);
    block.splice(at, 1);
    if (block.length === 0) {
      this.blocks.splice(b, 1);
      for (const maxima of this.maxima) maxima.splice(b, 1);
      for (const minima of this.minima) minima.splice(b, 1);
      return;
    }
    // Only removing an extreme (or a NaN) can change a block's minima and maxima.
    for (let c = 0; c < this.columns.length; c += 1) {
      const value = (this.columns[c] as Float64Array)[i] as number;
      const max = (this.maxima[c] as number[])[b] as number;
      const min = (this.minima[c] as number[])[b] as number;
      if (!(value < max && value > min)) {
        this.refresh(b);
        return;
      }
    }
  }

  /** The first block whose last element is not before i (blockCount when there is none). */
  private blockFor(i: number): number {
    let lo = 0;
    let hi = this.blocks.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const block = this.blocks[mid] as number[];
      if (this.compare(block[block.length - 1] as number, i) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The first position in block whose element is not before i. */
  private positionIn(block: readonly number[], i: number): number {
    let lo = 0;
    let hi = block.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.compare(block[mid] as number, i) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private refresh(b: number): void {
    const block = this.blocks[b] as number[];
    for (let c = 0; c < this.columns.length; c += 1) {
      const column = this.columns[c] as Float64Array;
      let max = Number.NEGATIVE_INFINITY;
      let min = Number.POSITIVE_INFINITY;
      for (const i of block) {
        const value = column[i] as number;
        if (Number.isNaN(value)) {
          // NaN compares false with everything: the block is neither skipped nor taken whole.
          max = Number.NaN;
          min = Number.NaN;
          break;
        }
        if (value > max) max = value;
        if (value < min) min = value;
      }
      (this.maxima[c] as number[])[b] = max;
      (this.minima[c] as number[])[b] = min;
    }
  }
}
