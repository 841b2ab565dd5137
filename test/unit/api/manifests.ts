/** Loads the YAML manifests of examples/ and test/fixtures/ for table tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

export const repoRoot = join(import.meta.dirname, '..', '..', '..');

export const loadManifests = (relativePath: string): Record<string, unknown>[] =>
  parseAllDocuments(readFileSync(join(repoRoot, relativePath), 'utf8')).map((doc) => doc.toJS() as Record<string, unknown>);

export const loadManifest = (relativePath: string): Record<string, unknown> => {
  const [first] = loadManifests(relativePath);
  if (first === undefined) throw new Error(`${relativePath} holds no manifest`);
  return first;
};

export const loadJson = (relativePath: string): unknown => JSON.parse(readFileSync(join(repoRoot, relativePath), 'utf8'));
