// Renders a response as the aws CLI does: JSON (4-space indent) by default, YAML, or a text
// table. Timestamps in the aws CLI's ISO form in all three.
import { stringify } from 'yaml';
import { withAwsTimestamps } from './timestamps.ts';

export const outputFormats = ['json', 'yaml', 'table'] as const;
export type OutputFormat = (typeof outputFormats)[number];

export function render(response: unknown, format: OutputFormat, title: string): string {
  const value = withAwsTimestamps(response);
  switch (format) {
    case 'json':
      return `${JSON.stringify(value, null, 4)}\n`;
    case 'yaml':
      return stringify(value, { lineWidth: 0 });
    case 'table':
      return table(title, value);
  }
}

/** The aws CLI's table output, simplified: one box per object, nested lists as sub-boxes. */
function table(title: string, value: unknown): string {
  const lines: string[] = [];
  box(title, value, lines, 0);
  return `${lines.join('\n')}\n`;
}

function scalar(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function box(title: string, value: unknown, lines: string[], depth: number): void {
  const indent = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.every((v) => typeof v !== 'object' || v === null)) {
      const width = Math.max(title.length, ...value.map((v) => scalar(v).length));
      lines.push(`${indent}+${'-'.repeat(width + 2)}+`, `${indent}| ${title.padEnd(width)} |`, `${indent}+${'-'.repeat(width + 2)}+`);
      for (const v of value) lines.push(`${indent}| ${scalar(v).padEnd(width)} |`);
      lines.push(`${indent}+${'-'.repeat(width + 2)}+`);
      return;
    }
    for (const item of value) box(title, item, lines, depth);
    return;
  }
  if (typeof value !== 'object' || value === null) {
    lines.push(`${indent}${title}: ${scalar(value)}`);
    return;
  }
  const entries = Object.entries(value);
  const scalars = entries.filter(([, v]) => typeof v !== 'object' || v === null || (Array.isArray(v) && v.every((x) => typeof x !== 'object')));
  const nested = entries.filter((e) => !scalars.includes(e));
  if (scalars.length > 0) {
    const keyWidth = Math.max(...scalars.map(([k]) => k.length));
    const valueWidth = Math.max(title.length, ...scalars.map(([, v]) => (Array.isArray(v) ? v.join(', ') : scalar(v)).length));
    const width = keyWidth + valueWidth + 3;
    lines.push(`${indent}+${'-'.repeat(width + 2)}+`, `${indent}| ${title.padEnd(width)} |`, `${indent}+${'-'.repeat(keyWidth + 2)}+${'-'.repeat(valueWidth + 2)}+`);
    for (const [k, v] of scalars) lines.push(`${indent}| ${k.padEnd(keyWidth)} | ${(Array.isArray(v) ? v.join(', ') : scalar(v)).padEnd(valueWidth)} |`);
    lines.push(`${indent}+${'-'.repeat(keyWidth + 2)}+${'-'.repeat(valueWidth + 2)}+`);
  } else if (nested.length > 0 && depth === 0) {
    lines.push(`${indent}${title}`);
  }
  for (const [k, v] of nested) box(k, v, lines, depth + 1);
}
