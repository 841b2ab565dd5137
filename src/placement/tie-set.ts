// The candidates tied for best in one pick, held as runs of instance numbers rather than one
// by one: a whole block of the candidate index that is tied and certainly fits joins as the
// block itself. The seeded draw then picks the k-th tie in instance order (the order the
// reference scan lists them in) by counting, so that a fresh cluster where 30,000 instances
// tie costs a few binary searches instead of a walk over all of them.
import { pickIndex, type Rng } from './rng.ts';

/** Up to this many ties from several cells, sorting them is cheaper than counting. */
const SMALL_UNION = 256;

/** The ties of one cell: runs in ascending instance order, each ascending. */
interface CellRuns {
  readonly runs: (readonly number[])[];
  /** The members added one by one since the last whole run. */
  loose: number[];
}

export class TieSet {
  private readonly cells: CellRuns[] = [];
  private current: CellRuns | undefined;
  private total = 0;

  get size(): number {
    return this.total;
  }

  clear(): void {
    this.cells.length = 0;
    this.current = undefined;
    this.total = 0;
  }

  /** The ties that follow belong to another cell (cells interleave in instance order). */
  startCell(): void {
    this.current = undefined;
  }

  /** One tied member, above every member of this cell added before. */
  add(i: number): void {
    this.cell().loose.push(i);
    this.total += 1;
  }

  /** A run of tied members, above every member of this cell added before. Not copied. */
  addRun(run: readonly number[]): void {
    const cell = this.cell();
    if (cell.loose.length > 0) {
      cell.runs.push(cell.loose);
      cell.loose = [];
    }
    cell.runs.push(run);
    this.total += run.length;
  }

  /** The seeded choice among the ties, or -1 when there are none; draws only if there are two or more. */
  draw(rng: Rng): number {
    if (this.total === 0) return -1;
    const cells = this.cells.map(close);
    if (this.total === 1) return firstOf(cells);
    const k = pickIndex(rng, this.total);
    if (cells.length === 1) return nthOfRuns(cells[0] as readonly (readonly number[])[], k);
    if (this.total <= SMALL_UNION) return (cells.flat(2).sort((a, b) => a - b)[k] as number);
    return nthOfUnion(cells, k);
  }

  private cell(): CellRuns {
    if (this.current === undefined) {
      this.current = { runs: [], loose: [] };
      this.cells.push(this.current);
    }
    return this.current;
  }
}

function close(cell: CellRuns): readonly (readonly number[])[] {
  return cell.loose.length > 0 ? [...cell.runs, cell.loose] : cell.runs;
}

function firstOf(cells: readonly (readonly (readonly number[])[])[]): number {
  for (const runs of cells) for (const run of runs) if (run.length > 0) return run[0] as number;
  return -1;
}

/** The k-th element (0-based) of runs that follow one another in ascending order. */
function nthOfRuns(runs: readonly (readonly number[])[], k: number): number {
  let rest = k;
  for (const run of runs) {
    if (rest < run.length) return run[rest] as number;
    rest -= run.length;
  }
  throw new Error('TieSet: k out of range');
}

/**
 * The k-th smallest element of the union of several cells' runs (disjoint sets: an instance
 * is in one cell): the smallest x with more than k elements <= x, by binary search on x.
 */
function nthOfUnion(cells: readonly (readonly (readonly number[])[])[], k: number): number {
  const counters = cells.map(runCounter);
  let lo = 0;
  let hi = 0;
  for (const runs of cells) for (const run of runs) if (run.length > 0) hi = Math.max(hi, run[run.length - 1] as number);
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    let atMost = 0;
    for (const count of counters) atMost += count(mid);
    if (atMost > k) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A function counting the elements <= x in ascending runs, in O(log runs + log run length). */
function runCounter(runs: readonly (readonly number[])[]): (x: number) => number {
  const nonEmpty = runs.filter((run) => run.length > 0);
  const before: number[] = [];
  let sum = 0;
  for (const run of nonEmpty) {
    before.push(sum);
    sum += run.length;
  }
  return (x) => {
    // The last run whose first element is <= x.
    let lo = 0;
    let hi = nonEmpty.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (((nonEmpty[mid] as readonly number[])[0] as number) <= x) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return 0;
    const run = nonEmpty[lo - 1] as readonly number[];
    return (before[lo - 1] as number) + upperBound(run, x);
  };
}

/** The number of elements <= x in an ascending array. */
function upperBound(run: readonly number[], x: number): number {
  let lo = 0;
  let hi = run.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((run[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
