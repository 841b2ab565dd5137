import { describe, expect, it } from 'vitest';
import { SnapshotLineage, Version, type LiveIndex } from '../../../src/placement/snapshot-lineage.ts';
import type { InstanceState } from '../../../src/placement/snapshot.ts';

/** A live index that remembers the last state it was told about, per instance. */
class Recorder implements LiveIndex {
  readonly seen = new Map<number, number>();
  update(i: number, state: InstanceState): void {
    this.seen.set(i, state.remainingCpu);
  }
}

/** Versions as plain maps from instance to remaining CPU, sharing a lineage. */
function world() {
  const root = new Version(undefined, []);
  const lineage = new SnapshotLineage(root);
  const values = new Map<Version, Map<number, number>>([[root, new Map([[0, 0], [1, 0], [2, 0]])]]);
  const derive = (from: Version, changes: [number, number][]) => {
    const version = new Version(from, changes.map(([i]) => i));
    values.set(version, new Map([...(values.get(from) ?? []), ...changes]));
    return version;
  };
  const moveTo = (version: Version) => lineage.moveTo(version, (i) => ({ remainingCpu: values.get(version)?.get(i) ?? Number.NaN }) as InstanceState);
  return { root, lineage, derive, moveTo, values };
}

describe('SnapshotLineage', () => {
  it.each([
    { name: 'forward along a chain', path: ['a', 'b'], want: { 0: 1, 1: 2 } },
    { name: 'forward then back to the root', path: ['b', 'root'], want: { 0: 0, 1: 0 } },
    { name: 'across branches', path: ['b', 'c'], want: { 0: 1, 1: 0, 2: 3 } },
    { name: 'back and forth', path: ['c', 'a', 'b', 'c'], want: { 0: 1, 1: 0, 2: 3 } },
  ])('$name', ({ path, want }) => {
    const { root, lineage, derive, moveTo } = world();
    const a = derive(root, [[0, 1]]);
    const b = derive(a, [[1, 2]]);
    const c = derive(a, [[2, 3]]);
    const versions: Record<string, Version> = { root, a, b, c };
    moveTo(root);
    const recorder = lineage.liveIndex('r', () => new Recorder());
    for (const name of path) moveTo(versions[name] as Version);
    for (const [i, cpu] of Object.entries(want)) expect(recorder.seen.get(Number(i))).toBe(cpu);
  });

  it('advance makes a call result current; a failure drops the indexes', () => {
    const { root, lineage, derive, moveTo } = world();
    moveTo(root);
    const recorder = lineage.liveIndex('r', () => new Recorder());
    const next = derive(root, [[0, 5]]);
    lineage.updateLive(0, { remainingCpu: 5 } as InstanceState);
    lineage.advance(root, next, [0]);
    moveTo(root);
    expect(recorder.seen.get(0)).toBe(0);
    expect(() => lineage.advance(next, root, [])).toThrow(/not at the version/);
    lineage.dropLiveIndexes();
    expect(lineage.hasLiveIndex('r')).toBe(false);
  });

  it('never evicts an index the running call holds', () => {
    const { root, lineage, moveTo } = world();
    moveTo(root);
    const held = Array.from({ length: 20 }, (_, k) => lineage.liveIndex(`i${k}`, () => new Recorder()));
    expect(held.every((_, k) => lineage.hasLiveIndex(`i${k}`))).toBe(true);
    moveTo(root);
    lineage.liveIndex('next', () => new Recorder());
    expect(lineage.hasLiveIndex('i0')).toBe(false);
  });

  it('a version derived while no index is live keeps no path to its parent', () => {
    const { root, lineage } = world();
    const derived = lineage.derive(root, [0]);
    expect(derived.toward).toBeUndefined();
  });

  it('drops the indexes rather than let a chain of derived versions grow without bound', () => {
    const { root, lineage, moveTo } = world();
    moveTo(root);
    lineage.liveIndex('r', () => new Recorder());
    let version = root;
    for (let k = 0; k < 10_000; k += 1) version = lineage.derive(version, [0]);
    expect(lineage.hasLiveIndex('r')).toBe(true);
    version = lineage.derive(version, [0]);
    expect(lineage.hasLiveIndex('r')).toBe(false);
    expect(version.toward).toBeUndefined();
  });
});
