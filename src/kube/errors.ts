// API server answers classified once, at the edge (STYLE.md item 12). Controllers never look
// at HTTP codes: the verbs in client.ts either succeed, treat an expected answer as success,
// or throw the runtime's ConflictError / TerminalError / the original error (retried).
import { ApiException } from '@kubernetes/client-node';
import { ConflictError, TerminalError } from '../runtime/errors.ts';

/** What a failed call means for the reconcile that made it. */
export type ApiErrorClass =
  | 'not-found' // 404: on delete, the object is already gone
  | 'already-exists' // 409 AlreadyExists: a deterministic create already happened
  | 'conflict' // 409 Conflict: stale resourceVersion, reconcile again from fresh state
  | 'invalid' // 400 / 422: the request can never succeed as written
  | 'retry'; // anything else: transient (5xx, 429, network), retry with backoff

interface StatusBody {
  reason?: string;
  message?: string;
}

/** Maps an HTTP code and Status reason to a class. Pure; exported for tests. */
export function classifyApiError(code: number, reason: string | undefined): ApiErrorClass {
  switch (code) {
    case 404:
      return 'not-found';
    case 409:
      return reason === 'AlreadyExists' ? 'already-exists' : 'conflict';
    case 400:
    case 422:
      return 'invalid';
    default:
      return 'retry';
  }
}

/** The class of any thrown value; non-API errors (network, bugs) are retried. */
export function classify(err: unknown): ApiErrorClass {
  if (err instanceof ApiException) return classifyApiError(err.code, statusBody(err).reason);
  return 'retry';
}

export function isNotFound(err: unknown): boolean {
  return classify(err) === 'not-found';
}

export function isAlreadyExists(err: unknown): boolean {
  return classify(err) === 'already-exists';
}

/**
 * Rethrows `err` as what the controller runtime understands: conflicts as ConflictError,
 * invalid requests as TerminalError, everything else unchanged (retried with backoff).
 * `action` names what failed, e.g. "patch status of Task default/web-1".
 */
export function toReconcileError(err: unknown, action: string): unknown {
  const kind = classify(err);
  if (kind === 'conflict') return new ConflictError(`Could not ${action}: ${describe(err)}`, { cause: err });
  if (kind === 'invalid') return new TerminalError(`Could not ${action}: ${describe(err)}`, { cause: err });
  return err;
}

function statusBody(err: ApiException<unknown>): StatusBody {
  const body = err.body;
  if (typeof body === 'string') {
    try {
      return JSON.parse(body) as StatusBody;
    } catch {
      return { message: body };
    }
  }
  return (body ?? {}) as StatusBody;
}

function describe(err: unknown): string {
  if (err instanceof ApiException) return `${err.code} ${statusBody(err).message ?? err.message}`;
  return err instanceof Error ? err.message : String(err);
}
