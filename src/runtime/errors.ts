// The errors a reconcile may throw to steer its retry. Anything else thrown is a transient
// failure and is retried with per-key exponential backoff. kube/errors.ts maps API server
// answers onto these once, at the edge.

/**
 * Retrying will not help (the object is invalid, a 422 from the API server, ...): the
 * controller logs it and drops the key until the object changes again. Report it on the
 * object too (a `Degraded` or `Ready=False` condition), since nobody reads the log.
 */
export class TerminalError extends Error {
  override readonly name = 'TerminalError';
}

/**
 * The write lost an optimistic-concurrency race (409 Conflict on resourceVersion): the cache
 * was stale. The key is reconciled again at once, from fresh state, without backoff.
 */
export class ConflictError extends Error {
  override readonly name = 'ConflictError';
}

export function isTerminalError(err: unknown): err is TerminalError {
  return err instanceof TerminalError;
}

export function isConflictError(err: unknown): err is ConflictError {
  return err instanceof ConflictError;
}
