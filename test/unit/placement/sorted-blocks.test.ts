import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SortedBlocks } from '../../../src/placement/sorted-blocks.ts';

/** Instances ordered by key, then by number; one column of values for the block maxima. */
function blocksOf(keys: Float64Array, members: number[]) {
  const compare = (a: number, b: number) => (keys[a] as number) - (keys[b] as number) || a - b;
  return { blocks: new SortedBlocks([...members].sort(compare), compare, [keys]), compare };
}

function blockStats(blocks: SortedBlocks, keys: Float64Array) {
  return Array.from({ length: blocks.blockCount }, (_, b) => {
    const values = blocks.block(b).map((i) => keys[i] as number);
    return { max: blocks.blockMax(0, b), min: blocks.blockMin(0, b), expectedMax: Math.max(...values), expectedMin: Math.min(...values) };
  });
}

describe('SortedBlocks', () => {
  it.each([
    { name: 'empty', keys: [], insert: [], remove: [], want: [] },
    { name: 'orders by key, then by instance number', keys: [5, 1, 5, 0], insert: [0, 1, 2, 3], remove: [], want: [3, 1, 0, 2] },
    { name: 'remove then insert with a new key moves the element', keys: [5, 1, 5, 0], insert: [0, 1, 2, 3], remove: [1], want: [3, 0, 2] },
  ])('$name', ({ keys, insert, remove, want }) => {
    const column = Float64Array.from(keys);
    const { blocks } = blocksOf(column, []);
    for (const i of insert) blocks.insert(i);
    for (const i of remove) blocks.remove(i);
    expect(blocks.toArray()).toEqual(want);
    expect(blocks.size).toBe(want.length);
  });

  it('splits blocks that grow past twice the block size and drops empty ones', () => {
    const keys = new Float64Array(1000);
    const { blocks } = blocksOf(keys, []);
    for (let i = 0; i < 1000; i += 1) blocks.insert(i);
    expect(blocks.blockCount).toBeGreaterThan(1);
    for (let i = 0; i < 1000; i += 1) blocks.remove(i);
    expect(blocks.blockCount).toBe(0);
  });

  it('refuses to remove an element it does not hold', () => {
    const { blocks } = blocksOf(new Float64Array(3), [0, 1]);
    expect(() => blocks.remove(2)).toThrow(/not stored/);
  });

  it('a block holding a NaN value is neither skipped nor taken whole on that column', () => {
    const keys = Float64Array.from([1, Number.NaN, 3]);
    const compare = (a: number, b: number) => a - b;
    const blocks = new SortedBlocks([0, 1, 2], compare, [keys]);
    expect(blocks.blockMax(0, 0)).toBeNaN();
    expect(blocks.blockMin(0, 0)).toBeNaN();
  });

  it('stays sorted, with exact block minima and maxima, under any inserts, removes and key changes', () => {
    // Enough elements for several blocks, and splits, under the updates.
    const op = fc.record({ i: fc.nat({ max: 1499 }), key: fc.integer({ min: 0, max: 20 }) });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1500, maxLength: 1500 }), fc.array(op, { maxLength: 1500 }), (initial, ops) => {
        const keys = Float64Array.from(initial);
        const stored = new Set(Array.from({ length: 1500 }, (_, i) => i).filter((i) => i % 3 !== 0));
        const { blocks, compare } = blocksOf(keys, [...stored]);
        for (const { i, key } of ops) {
          // Toggle membership; a member gets its key changed the way CandidateIndex does it.
          if (stored.has(i) && key % 2 === 0) {
            blocks.remove(i);
            stored.delete(i);
          } else if (stored.has(i)) {
            blocks.remove(i);
            keys[i] = key;
            blocks.insert(i);
          } else {
            keys[i] = key;
            blocks.insert(i);
            stored.add(i);
          }
        }
        expect(blocks.toArray()).toEqual([...stored].sort(compare));
        for (const stat of blockStats(blocks, keys)) {
          expect(stat.max).toBe(stat.expectedMax);
          expect(stat.min).toBe(stat.expectedMin);
        }
      }),
      { numRuns: 100 },
    );
  });
});
