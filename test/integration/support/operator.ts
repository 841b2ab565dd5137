// Runs `bin/stevedore operator` as a child process against the test control plane, as it runs
// in production: a test can stop it gracefully or kill it outright and start another.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { repoRoot } from '../../../src/localcluster/binaries.ts';

export interface RunningOperator {
  /** Everything the operator printed so far (JSON logs). */
  output(): string;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: a crash, no clean-up of any kind. */
  kill(): Promise<void>;
}

export function startOperator(extraArgs: string[] = []): RunningOperator {
  const child: ChildProcess = spawn(
    join(repoRoot, 'bin', 'stevedore'),
    ['operator', '--kubeconfig', inject('kubeconfig'), '--leader-elect=false', '--metrics-bind-address=0', '--health-probe-bind-address=0', '--log-level=info', ...extraArgs],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STEVEDORE_PLACEMENT_SEED: '7' } },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
