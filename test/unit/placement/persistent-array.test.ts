import { describe, expect, it } from 'vitest';
import { PersistentArray } from '../../../src/placement/persistent-array.ts';

describe('PersistentArray', () => {
  const items = Array.from({ length: 1000 }, (_, i) => `s${i}`);

  it.each([
    { name: 'no change returns the same array', changes: [] as [number, string][] },
    { name: 'one change in the first chunk', changes: [[0, 'x']] as [number, string][] },
    { name: 'changes in several chunks, the last element included', changes: [[1, 'a'], [300, 'b'], [999, 'c'], [300, 'd']] as [number, string][] },
  ])('$name', ({ changes }) => {
    const original = PersistentArray.from(items);
    const changed = original.withChanges(changes);
    const want = [...items];
    for (const [i, value] of changes) want[i] = value;
    expect(changed.toArray()).toEqual(want);
    expect(changed.length).toBe(1000);
    expect(original.toArray()).toEqual(items);
    if (changes.length === 0) expect(changed).toBe(original);
    for (const [i] of changes) expect(changed.get(i)).toBe(want[i]);
  });

  it('holds an empty array', () => {
    expect(PersistentArray.from([]).toArray()).toEqual([]);
  });
});
