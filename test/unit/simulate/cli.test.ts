// The real binary: `./bin/stevedore simulate` on a fixture file, on stdin, and on bad input.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../..');
const bin = join(root, 'bin/stevedore');
const fixture = join(root, 'test/fixtures/simulate/g35-binpack-cpu-batch.json');

function stevedore(args: string[], input?: string) {
  return spawnSync(bin, args, { cwd: root, encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
}

describe('stevedore simulate (process)', () => {
  it('prints the expected JSON document and exits 0', () => {
    const result = stevedore(['simulate', fixture]);
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(JSON.parse(readFileSync(fixture.replace(/\.json$/, '.expected.json'), 'utf8')));
  });

  it('reads the scenario from stdin with -', () => {
    const result = stevedore(['simulate', '-'], readFileSync(fixture, 'utf8'));
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).results[0].tasks).toHaveLength(3);
  });

  it('exits 2 with one line naming the path on an invalid scenario', () => {
    const bad = { containerInstances: [{ id: 'a', registeredResources: { CPU: 1, MEMORY: 1 } }, { id: 'b', registeredResources: { CPU: 1, MEMORY: 1 } }, { id: 'c', registeredResources: { CPU: '2048', MEMORY: 1 } }] };
    const result = stevedore(['simulate', '-'], JSON.stringify(bad));
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('containerInstances[2].registeredResources.CPU: expected a number\n');
  });

  it('exits 2 on text that is not JSON', () => {
    const result = stevedore(['simulate', '-'], 'not json');
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^invalid JSON: .*\n$/);
  });
});
