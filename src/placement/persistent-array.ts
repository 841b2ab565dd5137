// An immutable array stored as fixed-size chunks: a copy with a few elements changed copies
// the chunk table and the changed chunks only, not the whole array (the idea of Clojure's
// persistent vector, two levels deep). A snapshot of 50,000 instances derived by one placement
// copies about 200 chunk pointers and one chunk of 256 states instead of 50,000 states.

const CHUNK_BITS = 8;
const CHUNK_SIZE = 1 << CHUNK_BITS;
const CHUNK_MASK = CHUNK_SIZE - 1;

export class PersistentArray<T> {
  readonly length: number;
  private readonly chunks: readonly (readonly T[])[];

  private constructor(chunks: readonly (readonly T[])[], length: number) {
    this.chunks = chunks;
    this.length = length;
  }

  static from<T>(items: readonly T[]): PersistentArray<T> {
    const chunks: T[][] = [];
    for (let start = 0; start < items.length; start += CHUNK_SIZE) chunks.push(items.slice(start, start + CHUNK_SIZE));
    return new PersistentArray(chunks, items.length);
  }

  /** The element at i; i must be in [0, length). */
  get(i: number): T {
    return (this.chunks[i >>> CHUNK_BITS] as readonly T[])[i & CHUNK_MASK] as T;
  }

  /** A copy with the given elements replaced; shares every chunk none of them falls in. */
  withChanges(changes: Iterable<readonly [number, T]>): PersistentArray<T> {
    const chunks = [...this.chunks];
    const copied = new Set<number>();
    for (const [i, value] of changes) {
      const c = i >>> CHUNK_BITS;
      if (!copied.has(c)) {
        chunks[c] = [...(chunks[c] as readonly T[])];
        copied.add(c);
      }
      (chunks[c] as T[])[i & CHUNK_MASK] = value;
    }
    return copied.size === 0 ? this : new PersistentArray(chunks, this.length);
  }

  toArray(): T[] {
    return this.chunks.flat() as T[];
  }
}
