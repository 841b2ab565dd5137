// Warm start time of the local control plane, as users see it: `npm run cluster:up` from
// nothing to six Ready Nodes, then `cluster:down`. Runs in a scratch state directory so that
// a developer's own control plane is left alone. Usage: npm run bench:controlplane [-- RUNS]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureBinaries, repoRoot } from '../../src/localcluster/binaries.ts';

const run = promisify(execFile);
const runs = Number(process.argv[2] ?? 3);

await ensureBinaries({ build: true });
const stateDir = await mkdtemp(join(tmpdir(), 'stevedore-bench-'));
const env = { ...process.env, STEVEDORE_STATE_DIR: stateDir };
const seconds: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await run('npm', ['run', '--silent', 'cluster:up'], { cwd: repoRoot, env });
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
    await run('npm', ['run', '--silent', 'cluster:down'], { cwd: repoRoot, env });
    process.stdout.write(`run ${i + 1}: cluster:up ready in ${seconds.at(-1)?.toFixed(2)}s\n`);
  }
} finally {
  await run('npm', ['run', '--silent', 'cluster:down'], { cwd: repoRoot, env }).catch(() => {});
  await rm(stateDir, { recursive: true, force: true });
}
const sorted = [...seconds].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)] ?? NaN;
process.stdout.write(`cluster:up warm start (6 Nodes Ready), median of ${runs}: ${median.toFixed(2)}s (min ${sorted[0]?.toFixed(2)}s, max ${sorted.at(-1)?.toFixed(2)}s)\n`);
