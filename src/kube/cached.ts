// The type of objects read from informer caches.
//
// Objects arrive in wire form: watch events are plain parsed JSON, and lists are converted to
// the same form (see informer.ts), so every timestamp is an RFC 3339 string even where the
// client-node model types say `Date`. `Cached<T>` states that, and makes the object
// read-only: objects in the store are shared, and must never be modified (copy first).

export type Wire<T> = T extends Date
  ? string
  : T extends ReadonlyArray<infer U>
    ? Array<Wire<U>>
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

export type DeepReadonly<T> = T extends ReadonlyArray<infer U>
  ? ReadonlyArray<DeepReadonly<U>>
  : T extends object
    ? { readonly [K in keyof T]: DeepReadonly<T[K]> }
    : T;

export type Cached<T> = DeepReadonly<Wire<T>>;

/** Reads a timestamp that may be a wire string or a Date (from a typed API response). */
export function toDate(value: string | Date | undefined | null): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
