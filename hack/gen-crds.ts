/** Writes crds/*.yaml from the zod schemas. A unit test fails when the committed files differ. */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCrds } from '../src/api/crd/build-crds.ts';

const dir = join(import.meta.dirname, '..', 'crds');
mkdirSync(dir, { recursive: true });
const files = renderCrds();
for (const stale of readdirSync(dir)) if (stale.endsWith('.yaml') && !files.has(stale)) rmSync(join(dir, stale));
for (const [name, yaml] of files) writeFileSync(join(dir, name), yaml);
console.log(`wrote ${files.size} CRDs to ${dir}`);
