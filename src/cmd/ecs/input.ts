// Parameters as the aws CLI takes them: JSON, `file://` paths, or shorthand
// (`type=memberOf,expression=attribute:stack == prod`), and --cli-input-json documents.
import { readFileSync } from 'node:fs';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** `file://path` ⇒ the file's text (relative to the working directory); anything else unchanged. */
export function readParameterText(text: string): string {
  if (!text.startsWith('file://') && !text.startsWith('fileb://')) return text;
  const path = text.slice(text.indexOf('://') + 3);
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new UsageError(`Error parsing parameter: Unable to load paramfile ${text}: ${(err as Error).message}`);
  }
}

export function parseJson(text: string, parameter: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`Error parsing parameter '${parameter}': Invalid JSON: ${(err as Error).message}\nJSON received: ${text}`);
  }
}

/** `a=1,b=x y` ⇒ {a: '1', b: 'x y'}; a value may hold commas unless followed by `key=`. */
export function parseShorthand(text: string, parameter: string): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const part of text.split(/,(?=\s*[A-Za-z][A-Za-z0-9]*=)/)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`Error parsing parameter '${parameter}': Expected: '=', received: '${part}' (JSON, file://, or key=value,key=value)`);
    const key = part.slice(0, eq).trim();
    let value: unknown = part.slice(eq + 1).trim();
    if (typeof value === 'string' && /^".*"$/.test(value)) value = value.slice(1, -1);
    if (value === 'true' || value === 'false') value = value === 'true';
    else if (typeof value === 'string' && /^-?\d+$/.test(value) && key !== 'value' && key !== 'expression') value = Number(value);
    result[key] = value;
  }
  return result;
}

/** A structure parameter: JSON, file://, or shorthand. */
export function parseStructure(text: string, parameter: string): unknown {
  const body = readParameterText(text).trim();
  if (body.startsWith('{') || body.startsWith('[')) return parseJson(body, parameter);
  return parseShorthand(body, parameter);
}

/** A list of structures: each value is JSON (a list is spread) or one shorthand item. */
export function parseStructureList(values: readonly string[], parameter: string): unknown[] {
  return values.flatMap((v) => {
    const parsed = parseStructure(v, parameter);
    return Array.isArray(parsed) ? parsed : [parsed];
  });
}

/** --cli-input-json: a JSON object in ECS's request shape, inline or file://. */
export function parseCliInputJson(text: string): Record<string, unknown> {
  const parsed = parseJson(readParameterText(text), '--cli-input-json');
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError('--cli-input-json must be a JSON object in the shape of the ECS request.');
  return parsed as Record<string, unknown>;
}

/** `task-definition` ⇒ `taskDefinition`. */
export function memberName(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
