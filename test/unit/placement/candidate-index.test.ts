import { describe, expect, it } from 'vitest';
import { CandidateIndex, isExactKey, type OrderKey } from '../../../src/placement/candidate-index.ts';
import type { InstanceState } from '../../../src/placement/snapshot.ts';

/** Just what the index reads: remaining CPU and memory, tasks per group. */
function state(cpu: number, memory: number, tasks = 0): InstanceState {
  return { remainingCpu: cpu, remainingMemory: memory, groupCounts: new Map([['g', tasks]]) } as unknown as InstanceState;
}

function indexOf(states: InstanceState[], order: OrderKey[], cellOfMember = states.map(() => 0)) {
  const members = states.map((_, i) => i);
  const cellCount = Math.max(...cellOfMember) + 1;
  return new CandidateIndex({ members, cellOfMember, cellCount, order, group: 'g' }, states.length, (i) => states[i] as InstanceState);
}

describe('CandidateIndex', () => {
  it.each([
    { name: 'no key: instance order', order: [] as OrderKey[], want: [0, 1, 2, 3] },
    { name: 'binpack memory: least remaining memory first, ties by instance', order: ['memory'] as OrderKey[], want: [1, 3, 0, 2] },
    { name: 'spread instance then binpack cpu', order: ['group', 'cpu'] as OrderKey[], want: [2, 1, 0, 3] },
  ])('$name', ({ order, want }) => {
    const index = indexOf([state(400, 2048, 1), state(300, 1024, 1), state(100, 2048, 0), state(500, 1024, 1)], order);
    expect(index.cells[0]?.toArray()).toEqual(want);
    expect(index.exact).toBe(true);
  });

  it('keeps each cell apart and names a representative of each', () => {
    const index = indexOf([state(1, 1), state(1, 1), state(1, 1)], [], [1, 0, 1]);
    expect(index.cells.map((cell) => cell.toArray())).toEqual([[1], [0, 2]]);
    expect(index.representative).toEqual([1, 0]);
  });

  it('moves a member whose keys changed, and ignores non-members and unchanged states', () => {
    const states = [state(100, 1024), state(100, 2048), state(100, 4096)];
    const index = new CandidateIndex({ members: [0, 1], cellOfMember: [0, 0], cellCount: 1, order: ['memory'], group: 'g' }, 3, (i) => states[i] as InstanceState);
    index.update(0, state(100, 3072));
    index.update(2, state(100, 1));
    index.update(1, state(100, 2048));
    expect(index.cells[0]?.toArray()).toEqual([1, 0]);
  });

  it('is not exact while a member has a key that is not a small integer, and exact again after', () => {
    const states = [state(100, 1024.5), state(100, 2048)];
    const index = indexOf(states, ['memory']);
    expect(index.exact).toBe(false);
    index.update(0, state(100, 1024));
    expect(index.exact).toBe(true);
    // CPU is not a key here: a fractional CPU does not matter to the order.
    index.update(1, state(99.5, 2048));
    expect(index.exact).toBe(true);
  });

  it.each([
    [0, true],
    [-4096, true],
    [2 ** 52, true],
    [2 ** 53, false],
    [0.5, false],
    [Number.NaN, false],
    [Number.POSITIVE_INFINITY, false],
  ])('isExactKey(%s) = %s', (value, want) => {
    expect(isExactKey(value)).toBe(want);
  });
});
