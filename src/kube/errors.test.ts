import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { ConflictError, TerminalError } from '../runtime/errors.ts';
import { classify, toReconcileError } from './errors.ts';

/** An ApiException as the generated client throws it: the Status body as JSON text. */
function apiError(code: number, reason: string): ApiException<string> {
  return new ApiException(code, 'Unknown API Status Code!', JSON.stringify({ kind: 'Status', reason, message: `${reason} happened` }), {});
}

describe('classify', () => {
  it.each([
    { name: '404 on anything is not-found', err: apiError(404, 'NotFound'), want: 'not-found' },
    { name: '409 AlreadyExists is already-exists', err: apiError(409, 'AlreadyExists'), want: 'already-exists' },
    { name: '409 Conflict is conflict', err: apiError(409, 'Conflict'), want: 'conflict' },
    { name: '422 Invalid is invalid', err: apiError(422, 'Invalid'), want: 'invalid' },
    { name: '400 BadRequest is invalid', err: apiError(400, 'BadRequest'), want: 'invalid' },
    { name: '429 TooManyRequests is retried', err: apiError(429, 'TooManyRequests'), want: 'retry' },
    { name: '500 InternalError is retried', err: apiError(500, 'InternalError'), want: 'retry' },
    { name: '403 Forbidden is retried (RBAC may be fixed)', err: apiError(403, 'Forbidden'), want: 'retry' },
    { name: 'a network error is retried', err: new TypeError('fetch failed'), want: 'retry' },
  ])('$name', ({ err, want }) => {
    expect(classify(err)).toBe(want);
  });
});

describe('toReconcileError', () => {
  it.each([
    { name: 'a conflict becomes ConflictError', err: apiError(409, 'Conflict'), want: ConflictError },
    { name: 'an invalid request becomes TerminalError', err: apiError(422, 'Invalid'), want: TerminalError },
  ])('$name', ({ err, want }) => {
    expect(toReconcileError(err, 'patch status of Task shop/web-1')).toBeInstanceOf(want);
  });

  it('passes transient errors through unchanged', () => {
    const err = apiError(503, 'ServiceUnavailable');
    expect(toReconcileError(err, 'create Pod')).toBe(err);
  });
});
