/**
 * Turns the JSON Schema that zod 4 emits into a structural OpenAPI v3 schema the Kubernetes API
 * server accepts for a CRD: every node has a type, no $ref, no union without a type.
 *
 * - `integer | string` unions become `x-kubernetes-int-or-string` (task cpu "1024"/"1 vCPU").
 * - Discriminated unions (placement constraints, strategies) become one object whose
 *   discriminator is an enum; the union's own CEL rules say what each variant requires.
 * - Untyped nodes (`z.unknown()`) preserve unknown fields: AWS output fields of any shape.
 */
import { z } from 'zod';

export type JsonSchema = { [key: string]: unknown };

const isObject = (value: unknown): value is JsonSchema => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Keys Kubernetes does not accept or that zod adds only for JSON Schema consumers. */
const DROPPED_KEYS = new Set(['$schema', 'propertyNames', 'id', '$id']);

/** Formats the API server knows; others would be ignored at best. */
const KUBERNETES_FORMATS = new Set(['date-time', 'date', 'duration', 'int32', 'int64', 'byte', 'uri', 'hostname', 'ipv4', 'ipv6']);

/** The zod schema of a CRD section as a structural OpenAPI v3 schema. */
export const toStructuralSchema = (schema: z.ZodType): JsonSchema =>
  convertNode(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'throw', target: 'draft-2020-12' }) as JsonSchema, '');

const convertNode = (node: JsonSchema, path: string): JsonSchema => {
  const union = (node.anyOf ?? node.oneOf) as JsonSchema[] | undefined;
  if (union !== undefined) return convertUnion(node, union, path);
  if (Array.isArray(node.type)) return convertUnion(node, node.type.map((type: unknown) => ({ type })), path);

  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) {
    if (DROPPED_KEYS.has(key)) continue;
    switch (key) {
      case 'const':
        out.enum = [value];
        break;
      case 'additionalProperties':
        if (isObject(value)) out.additionalProperties = convertNode(value, `${path}.*`);
        break;
      case 'properties':
        out.properties = Object.fromEntries(
          Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [name, convertNode(child, `${path}.${name}`)]),
        );
        break;
      case 'items':
        out.items = convertNode(value as JsonSchema, `${path}[]`);
        break;
      case 'minimum':
      case 'maximum':
        // zod marks every safe integer with its bounds; they say nothing to a reader.
        if (Math.abs(value as number) !== Number.MAX_SAFE_INTEGER) out[key] = value;
        break;
      case 'format':
        if (KUBERNETES_FORMATS.has(value as string)) out.format = value;
        break;
      case 'pattern':
        // zod's date-time pattern is its own validation; Kubernetes checks the format.
        if (node.format !== 'date-time') out.pattern = value;
        break;
      default:
        out[key] = value;
    }
  }
  if (out.type === undefined && out.properties === undefined && out['x-kubernetes-int-or-string'] === undefined) {
    out['x-kubernetes-preserve-unknown-fields'] = true;
  }
  return out;
};

const annotationsOf = (node: JsonSchema): JsonSchema =>
  Object.fromEntries(Object.entries(node).filter(([key]) => !['anyOf', 'oneOf', 'type'].includes(key) && !DROPPED_KEYS.has(key)));

const convertUnion = (node: JsonSchema, variants: JsonSchema[], path: string): JsonSchema => {
  const types = variants.map((v) => v.type).sort();
  if (types.length === 2 && types[0] === 'integer' && types[1] === 'string') {
    // The string's maxLength stays: CEL cost estimation would assume a 3 MB string without it.
    const maxLength = variants.find((v) => v.type === 'string')?.maxLength;
    return { ...annotationsOf(node), 'x-kubernetes-int-or-string': true, ...(maxLength === undefined ? {} : { maxLength }) };
  }
  if (variants.every((v) => v.type === 'object' && isObject(v.properties))) {
    return convertNode(mergeDiscriminatedVariants(node, variants, path), path);
  }
  throw new Error(`${path || '<root>'}: a union Kubernetes cannot represent (${JSON.stringify(types)})`);
};

/**
 * One object with the properties of every variant; the discriminator (the property whose
 * value is a constant in every variant) becomes an enum of the variants' tags.
 */
const mergeDiscriminatedVariants = (node: JsonSchema, variants: JsonSchema[], path: string): JsonSchema => {
  const properties: Record<string, JsonSchema> = {};
  for (const variant of variants) {
    for (const [name, prop] of Object.entries(variant.properties as Record<string, JsonSchema>)) {
      const seen = properties[name];
      if (seen === undefined) properties[name] = prop;
      else if (JSON.stringify(seen) !== JSON.stringify(prop)) properties[name] = mergeProperty(seen, prop, `${path}.${name}`);
    }
  }
  const required = variants
    .map((v) => (v.required ?? []) as string[])
    .reduce((common, names) => common.filter((n) => names.includes(n)));
  return { ...annotationsOf(node), type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
};

/** Two variants declare the same property differently: keep what both allow. */
const mergeProperty = (a: JsonSchema, b: JsonSchema, path: string): JsonSchema => {
  if (a.type !== b.type) throw new Error(`${path}: union variants disagree on the type`);
  const descriptions = [...new Set([a.description, b.description].filter((d) => d !== undefined))];
  const merged: JsonSchema = { type: a.type, ...(descriptions.length > 0 ? { description: descriptions.join(' ') } : {}) };
  const constants = [a, b].flatMap((s) => (s.const !== undefined ? [s.const] : ((s.enum as unknown[] | undefined) ?? [])));
  if ([a, b].every((s) => s.const !== undefined || s.enum !== undefined)) merged.enum = [...new Set(constants)];
  // Keep the loosest bound so that CEL cost estimation still has one.
  // An enum is bounded too: only a side with neither a bound nor an enum leaves it unbounded.
  for (const bound of ['maxLength', 'maxItems', 'maximum'] as const) {
    const sides = [a, b].filter((s) => s.enum === undefined && s.const === undefined);
    if (sides.length > 0 && sides.every((s) => typeof s[bound] === 'number')) merged[bound] = Math.max(...sides.map((s) => s[bound] as number));
  }
  return merged;
};
