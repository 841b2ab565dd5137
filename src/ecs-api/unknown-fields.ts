// Which members of an ECS request the custom resource's schema has no field for: the paths
// that parsing with the zod schema (which strips unknown keys) dropped. Pure.
import type { z } from 'zod';

/** Paths like `containerDefinitions[0].firelensConfiguration`, in input order. */
export function droppedPaths(input: unknown, parsed: unknown, path = ''): string[] {
  if (Array.isArray(input)) {
    if (!Array.isArray(parsed)) return [];
    return input.flatMap((item, i) => droppedPaths(item, parsed[i], `${path}[${i}]`));
  }
  if (typeof input !== 'object' || input === null) return [];
  if (typeof parsed !== 'object' || parsed === null) return [];
  const kept = parsed as Record<string, unknown>;
  return Object.entries(input as Record<string, unknown>).flatMap(([key, value]) => {
    const child = path === '' ? key : `${path}.${key}`;
    if (!(key in kept)) return [child];
    return droppedPaths(value, kept[key], child);
  });
}

export type SchemaCheck<T> = { ok: true; value: T; unknown: string[] } | { ok: false; message: string };

/** Parses `input` with `schema`; on success also says which members it has no field for. */
export function checkAgainst<T>(schema: z.ZodType<T>, input: unknown): SchemaCheck<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : `${issue.path.join('.')}: `;
    return { ok: false, message: `${where}${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, value: result.data, unknown: droppedPaths(input, result.data) };
}
