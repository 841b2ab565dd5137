import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRng, type Rng } from '../../../src/placement/rng.ts';
import { TieSet } from '../../../src/placement/tie-set.ts';

/** An Rng that returns the given values in turn, to pick a known k. */
function fixed(...values: number[]): Rng & { calls: number } {
  const rng = {
    calls: 0,
    next(): number {
      rng.calls += 1;
      return values[(rng.calls - 1) % values.length] as number;
    },
  };
  return rng;
}

/** cells: per cell, a list of runs; a run of length 1 given as a number is added loose. */
function tiesOf(cells: (number | number[])[][]): TieSet {
  const ties = new TieSet();
  for (const cell of cells) {
    ties.startCell();
    for (const item of cell) {
      if (typeof item === 'number') ties.add(item);
      else ties.addRun(item);
    }
  }
  return ties;
}

describe('TieSet', () => {
  it.each([
    { name: 'no ties: -1 and no draw', cells: [], r: 0.5, want: -1, draws: 0 },
    { name: 'one tie: it, and no draw', cells: [[7]], r: 0.5, want: 7, draws: 0 },
    { name: 'one cell, loose members: k-th in order', cells: [[1, 4, 9]], r: 0.5, want: 4, draws: 1 },
    { name: 'one cell, loose then a whole run', cells: [[1, [4, 5, 6], 9]], r: 0.6, want: 6, draws: 1 },
    { name: 'two cells interleave in instance order', cells: [[0, 2, 4], [1, 3, 5]], r: 0.5, want: 3, draws: 1 },
    { name: 'the last tie is reachable', cells: [[0, 2], [1, 3]], r: 0.99, want: 3, draws: 1 },
  ])('$name', ({ cells, r, want, draws }) => {
    const rng = fixed(r);
    expect(tiesOf(cells).draw(rng)).toBe(want);
    expect(rng.calls).toBe(draws);
  });

  it('clear forgets every cell', () => {
    const ties = tiesOf([[1, 2]]);
    ties.clear();
    ties.startCell();
    ties.add(9);
    expect(ties.size).toBe(1);
    expect(ties.draw(fixed(0))).toBe(9);
  });

  it('draws the same tie as a sorted list of all ties would, however they are cut into cells and runs', () => {
    // Many ties over several cells, so that the draw counts by binary search rather than sorting.
    const arb = fc
      .array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 2000 })
      .chain((cellOf) => fc.record({ cellOf: fc.constant(cellOf), cuts: fc.array(fc.boolean(), { minLength: cellOf.length, maxLength: cellOf.length }), seed: fc.integer() }));
    fc.assert(
      fc.property(arb, ({ cellOf, cuts, seed }) => {
        const ties = new TieSet();
        for (let cell = 0; cell < 4; cell += 1) {
          const members = cellOf.flatMap((c, i) => (c === cell ? [i] : []));
          if (members.length === 0) continue;
          ties.startCell();
          let run: number[] = [];
          for (const i of members) {
            if (cuts[i] === true) {
              if (run.length > 0) ties.addRun(run);
              run = [];
              ties.add(i);
            } else {
              run.push(i);
            }
          }
          if (run.length > 0) ties.addRun(run);
        }
        const all = cellOf.map((_, i) => i);
        const reference = seededRng(seed);
        const want = all.length === 1 ? all[0] : all[Math.min(all.length - 1, Math.floor(reference.next() * all.length))];
        expect(ties.draw(seededRng(seed))).toBe(want);
      }),
      { numRuns: 200 },
    );
  });
});
