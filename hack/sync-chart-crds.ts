/**
 * Copies the repository's crds/*.yaml into the chart's crds/ folder (Helm's convention: installed
 * before the templates, on first install only). `npm run gen:crds` runs it after generating the
 * CRDs; a unit test fails when the chart's copies differ from crds/.
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export const repoCrdsDir = join(import.meta.dirname, '..', 'crds');
export const chartCrdsDir = join(import.meta.dirname, '..', 'charts', 'stevedore', 'crds');

/** The CRD files of a folder, sorted: every `*.yaml`. */
export function crdFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.yaml'))
    .sort();
}

export function syncChartCrds(): string[] {
  mkdirSync(chartCrdsDir, { recursive: true });
  const files = crdFiles(repoCrdsDir);
  for (const stale of crdFiles(chartCrdsDir)) if (!files.includes(stale)) rmSync(join(chartCrdsDir, stale));
  for (const name of files) copyFileSync(join(repoCrdsDir, name), join(chartCrdsDir, name));
  return files;
}

if (import.meta.main) {
  const files = syncChartCrds();
  console.log(`copied ${files.length} CRDs to ${chartCrdsDir}`);
}
