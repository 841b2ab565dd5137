import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCrds } from '../../../src/api/crd/build-crds.ts';

const crdDir = join(import.meta.dirname, '..', '..', '..', 'crds');

describe('committed CRDs', () => {
  const generated = renderCrds();

  it('are exactly the generated set of files', () => {
    expect(readdirSync(crdDir).filter((f) => f.endsWith('.yaml')).sort()).toEqual([...generated.keys()].sort());
  });

  it.each([...generated.entries()])('%s matches the zod schemas (run `npm run gen:crds`)', (name, yaml) => {
    expect(readFileSync(join(crdDir, name), 'utf8')).toBe(yaml);
  });
});
