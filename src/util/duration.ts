// Go-style durations ("90s", "1h30m", "500ms"), as the Cluster's timeouts are written.
const unitMs: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const part = /([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)/g;

/** Milliseconds in `text`; throws when it is not a duration. */
export function parseDuration(text: string): number {
  if (!/^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/.test(text)) throw new Error(`invalid duration "${text}"`);
  let total = 0;
  for (const [, value, unit] of text.matchAll(part)) total += Number(value) * (unitMs[unit ?? 's'] ?? 0);
  return total;
}
