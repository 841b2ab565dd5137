// What a reconcile returns. The request is only a key (see keys.ts); the result only says
// when to look again. Errors are thrown, not returned (see errors.ts).

export interface Result {
  /** Reconcile this key again after this many milliseconds, even if nothing changes. */
  requeueAfterMs?: number;
}

/** Nothing more to do until the object or something it depends on changes. */
export const done: Result = Object.freeze({});

export function requeueAfter(ms: number): Result {
  return { requeueAfterMs: ms };
}
