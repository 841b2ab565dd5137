import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildCrd } from '../../../src/api/crd/build-crds.ts';
import { KINDS } from '../../../src/api/crd/kinds.ts';
import { toStructuralSchema, type JsonSchema } from '../../../src/api/crd/structural-schema.ts';

describe('toStructuralSchema', () => {
  it.each<{ name: string; schema: z.ZodType; expected: JsonSchema }>([
    {
      name: 'integer | string becomes int-or-string',
      schema: z.union([z.int().min(0), z.string().max(8)]).describe('cpu'),
      expected: { description: 'cpu', 'x-kubernetes-int-or-string': true, maxLength: 8 },
    },
    {
      name: 'an untyped value preserves unknown fields',
      schema: z.unknown().describe('anything'),
      expected: { description: 'anything', 'x-kubernetes-preserve-unknown-fields': true },
    },
    {
      name: 'a literal becomes a one-value enum and safe-integer bounds disappear',
      schema: z.object({ kind: z.literal('A'), n: z.int() }),
      expected: { type: 'object', properties: { kind: { type: 'string', enum: ['A'] }, n: { type: 'integer' } }, required: ['kind', 'n'] },
    },
    {
      name: 'a string map keeps additionalProperties and drops propertyNames',
      schema: z.record(z.string(), z.string()),
      expected: { type: 'object', additionalProperties: { type: 'string' } },
    },
    {
      name: 'a discriminated union merges into one object with an enum tag',
      schema: z.discriminatedUnion('type', [
        z.object({ type: z.literal('a') }),
        z.object({ type: z.literal('b'), x: z.string() }),
        z.object({ type: z.literal('c'), x: z.string() }),
      ]),
      expected: {
        type: 'object',
        properties: { type: { type: 'string', enum: ['a', 'b', 'c'] }, x: { type: 'string' } },
        required: ['type'],
      },
    },
    {
      name: 'variants that constrain the same field differently keep only the type',
      schema: z.discriminatedUnion('type', [
        z.object({ type: z.literal('a'), f: z.enum(['x', 'y']).describe('one') }),
        z.object({ type: z.literal('b'), f: z.string().regex(/^z/).describe('two') }),
      ]),
      expected: {
        type: 'object',
        properties: { type: { type: 'string', enum: ['a', 'b'] }, f: { type: 'string', description: 'one two' } },
        required: ['type', 'f'],
      },
    },
  ])('$name', ({ schema, expected }) => {
    expect(toStructuralSchema(schema)).toEqual(expected);
  });

  it('refuses a union Kubernetes cannot represent', () => {
    expect(() => toStructuralSchema(z.union([z.string(), z.boolean()]))).toThrow(/cannot represent/);
  });
});

/** Walks every schema node with its path. */
const walk = (node: JsonSchema, path: string, visit: (node: JsonSchema, path: string) => void): void => {
  visit(node, path);
  for (const [name, child] of Object.entries((node.properties ?? {}) as Record<string, JsonSchema>)) walk(child, `${path}.${name}`, visit);
  if (typeof node.items === 'object') walk(node.items as JsonSchema, `${path}[]`, visit);
  if (typeof node.additionalProperties === 'object') walk(node.additionalProperties as JsonSchema, `${path}.*`, visit);
};

describe.each(KINDS.map((def) => [def.kind, def] as const))('the %s CRD', (_kind, def) => {
  const root = (buildCrd(def).spec as { versions: [{ schema: { openAPIV3Schema: JsonSchema } }] }).versions[0].schema.openAPIV3Schema;

  it('is structural: every node has a type, or is int-or-string or free-form', () => {
    const untyped: string[] = [];
    walk(root, '', (node, path) => {
      if (node.type === undefined && node['x-kubernetes-int-or-string'] !== true && node['x-kubernetes-preserve-unknown-fields'] !== true) untyped.push(path);
      if (node.anyOf !== undefined || node.oneOf !== undefined || node.$ref !== undefined) untyped.push(`${path} (union or $ref)`);
    });
    expect(untyped).toEqual([]);
  });

  it('bounds every string and list of the spec, so CEL rules can be costed', () => {
    const unbounded: string[] = [];
    walk((root.properties as Record<string, JsonSchema>).spec as JsonSchema, 'spec', (node, path) => {
      if (node.type === 'string' && node.maxLength === undefined && node.enum === undefined) unbounded.push(path);
      if (node.type === 'array' && node.maxItems === undefined) unbounded.push(path);
    });
    expect(unbounded).toEqual([]);
  });

  it('has a description on every spec field, for kubectl explain', () => {
    const undocumented: string[] = [];
    walk((root.properties as Record<string, JsonSchema>).spec as JsonSchema, 'spec', (node, path) => {
      if (node.type === 'object' || path.endsWith('[]') || path.endsWith('.*')) return;
      if (node.description === undefined) undocumented.push(path);
    });
    expect(undocumented).toEqual([]);
  });
});
