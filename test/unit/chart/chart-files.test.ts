// The chart's copies of what lives elsewhere in the repository: its CRDs (crds/) and its
// version (package.json). Run `npm run gen:crds` (which runs hack/sync-chart-crds.ts) to fix.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { chartCrdsDir, crdFiles, repoCrdsDir } from '../../../hack/sync-chart-crds.ts';

const root = join(import.meta.dirname, '..', '..', '..');

describe('the chart', () => {
  it('ships exactly the CRD files of crds/', () => {
    expect(crdFiles(chartCrdsDir)).toEqual(crdFiles(repoCrdsDir));
  });

  it.each(crdFiles(repoCrdsDir))('crds/%s is identical to crds/ (run `npm run gen:crds`)', (name) => {
    expect(readFileSync(join(chartCrdsDir, name), 'utf8')).toBe(readFileSync(join(repoCrdsDir, name), 'utf8'));
  });

  it("has package.json's version as its version and appVersion", () => {
    const chart = parse(readFileSync(join(root, 'charts', 'stevedore', 'Chart.yaml'), 'utf8')) as { version: string; appVersion: string };
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect({ version: chart.version, appVersion: chart.appVersion }).toEqual({ version: pkg.version, appVersion: pkg.version });
  });
});
