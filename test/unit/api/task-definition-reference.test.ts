import { describe, expect, it } from 'vitest';
import {
  parseTaskDefinitionReference,
  resolveTaskDefinitionReference,
  type ResolvedTaskDefinition,
  type ResolveOptions,
  type TaskDefinitionReference,
} from '../../../src/api/v1alpha1/task-definition-reference.ts';
import type { TaskDefinitionRevision } from '../../../src/api/v1alpha1/task-definition.ts';

describe('parseTaskDefinitionReference', () => {
  it.each<{ reference: string; expected: TaskDefinitionReference | undefined }>([
    { reference: 'web', expected: { family: 'web' } },
    { reference: 'web:3', expected: { family: 'web', revision: 3 } },
    { reference: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7', expected: { family: 'web', revision: 7 } },
    { reference: 'arn:aws-cn:ecs:cn-north-1:123456789012:task-definition/web_2-b', expected: { family: 'web_2-b' } },
    { reference: 'web:0', expected: undefined },
    { reference: 'web:latest', expected: undefined },
    { reference: 'web.v2', expected: undefined },
    { reference: '', expected: undefined },
  ])('$reference', ({ reference, expected }) => {
    expect(parseTaskDefinitionReference(reference)).toEqual(expected);
  });
});

type Revisions = Pick<TaskDefinitionRevision, 'revision' | 'status'>[];

const families: Record<string, Revisions> = {
  web: [
    { revision: 1, status: 'ACTIVE' },
    { revision: 2, status: 'ACTIVE' },
    { revision: 3, status: 'INACTIVE' },
  ],
  old: [
    { revision: 1, status: 'INACTIVE' },
    { revision: 2, status: 'INACTIVE' },
  ],
};

const missing: ResolvedTaskDefinition = { ok: false, reason: 'MISSING', message: 'Unable to describe task definition.' };
const inactive: ResolvedTaskDefinition = { ok: false, reason: 'INACTIVE', message: 'TaskDefinition is inactive' };

describe('resolveTaskDefinitionReference', () => {
  it.each<{ name: string; reference: string; options?: ResolveOptions; expected: ResolvedTaskDefinition }>([
    { name: 'a bare family is the latest ACTIVE revision, not the latest', reference: 'web', expected: { ok: true, family: 'web', revision: 2 } },
    { name: 'an ACTIVE revision', reference: 'web:1', expected: { ok: true, family: 'web', revision: 1 } },
    { name: 'an ARN', reference: 'arn:aws:ecs:eu-west-1:1:task-definition/web:2', expected: { ok: true, family: 'web', revision: 2 } },
    { name: 'an INACTIVE revision for a new task', reference: 'web:3', expected: inactive },
    { name: 'an INACTIVE revision a service already runs', reference: 'web:3', options: { inUseRevision: 3 }, expected: { ok: true, family: 'web', revision: 3 } },
    { name: 'an INACTIVE revision another one runs', reference: 'web:3', options: { inUseRevision: 2 }, expected: inactive },
    { name: 'a family with no ACTIVE revision', reference: 'old', expected: inactive },
    { name: 'a family with no ACTIVE revision that a service runs', reference: 'old', options: { inUseRevision: 2 }, expected: { ok: true, family: 'old', revision: 2 } },
    { name: 'an unknown revision', reference: 'web:9', expected: missing },
    { name: 'an unknown family', reference: 'api', expected: missing },
    {
      name: 'a malformed reference',
      reference: 'web:latest',
      expected: { ok: false, reason: 'INVALID', message: "Invalid task definition: expected 'family', 'family:revision' or a task definition ARN." },
    },
  ])('$name', ({ reference, options, expected }) => {
    expect(resolveTaskDefinitionReference(reference, (family) => families[family], options)).toEqual(expected);
  });
});
