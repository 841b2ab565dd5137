// Structural equality for JSON-like values, as the API server sees them: object key order does
// not matter, and a key whose value is undefined is the same as a missing key (JSON drops it).
// Used to decide whether a status changed, where JSON.stringify would call a reordered object
// new and write it again.

export function isDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) return toTime(a) !== undefined && toTime(a) === toTime(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => isDeepEqual(x, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)]);
  for (const key of keys) if (!isDeepEqual(ra[key], rb[key])) return false;
  return true;
}

function toTime(value: unknown): number | undefined {
  return value instanceof Date ? value.getTime() : undefined;
}
