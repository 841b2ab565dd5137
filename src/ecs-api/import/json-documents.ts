// Several JSON documents in one file, as `aws ... >> file` leaves them (or a JSON array of
// them): split at the top level, strings and escapes respected. Pure.
export function splitJsonDocuments(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed = JSON.parse(trimmed) as unknown;
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not one array: fall through to concatenated documents.
    }
  }
  const documents: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0 && start >= 0) {
        documents.push(JSON.parse(text.slice(start, i + 1)));
        start = -1;
      }
    } else if (depth === 0 && !/\s/.test(c ?? '')) {
      throw new Error(`Unexpected '${c}' at offset ${i}: expected JSON documents as the aws CLI prints them.`);
    }
  }
  if (depth !== 0) throw new Error('The input ends inside a JSON document.');
  return documents;
}
