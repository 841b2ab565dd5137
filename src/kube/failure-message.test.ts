import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { explainKubeFailure } from './failure-message.ts';

const api = (code: number, message: string) => new ApiException(code, message, JSON.stringify({ kind: 'Status', message }), {});

describe('explainKubeFailure', () => {
  it('names the verb, resource and namespace RBAC denied', () => {
    const failure = explainKubeFailure(api(403, 'tasks.ecs.stevedore.dev is forbidden: User "x" cannot list resource "tasks"'), { verb: 'list', resource: 'tasks.ecs.stevedore.dev', namespace: 'team-a' });
    expect(failure?.message).toMatch(/^RBAC denied "list" on tasks.ecs.stevedore.dev in namespace "team-a" \(403 Forbidden\): tasks.ecs.stevedore.dev is forbidden/);
  });

  it('says the CRDs are missing when the API server has no such resource', () => {
    const failure = explainKubeFailure(api(404, 'the server could not find the requested resource'), { verb: 'list', resource: 'tasks.ecs.stevedore.dev' });
    expect(failure?.message).toContain('the Stevedore CRDs are not installed');
  });

  it('says the API server cannot be reached, and how to start a local one', () => {
    const err = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    expect(explainKubeFailure(err, { verb: 'list', resource: 'nodes', server: 'https://127.0.0.1:1' })?.message).toContain('Cannot reach the Kubernetes API server at https://127.0.0.1:1 (ECONNREFUSED)');
  });

  it('leaves other failures alone (a 404 of one object is "not found")', () => {
    expect(explainKubeFailure(api(404, 'tasks.ecs.stevedore.dev "x" not found'), { verb: 'get', resource: 'tasks.ecs.stevedore.dev' })).toBeUndefined();
  });
});
