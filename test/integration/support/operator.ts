// Runs `bin/stevedore operator` as a child process against the test control plane, as it runs
// in production: a test can stop it gracefully or kill it outright and start another.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { inject } from 'vitest';
import { repoRoot } from '../../../src/localcluster/binaries.ts';
import { findFreePort } from '../../../src/localcluster/free-port.ts';
import { eventually } from './kube.ts';

export interface RunningOperator {
  /** Everything the operator printed so far (JSON logs). */
  output(): string;
  /** SIGTERM and wait for the exit code (or the signal that ended it). */
  stop(): Promise<number | string | null>;
  /** SIGKILL: a crash, no clean-up of any kind. */
  kill(): Promise<void>;
  /** The /metrics URL when started with `metrics: true`. */
  metricsUrl: string | undefined;
}

export interface OperatorOptions {
  /** Serve /metrics on a free local port (default: metrics off). */
  metrics?: boolean;
}

/** Starts the operator and resolves once it reports ready (informers synced). */
export async function startOperator(extraArgs: string[] = [], options: OperatorOptions = {}): Promise<RunningOperator> {
  const probePort = await findFreePort();
  const metricsAddress = options.metrics === true ? `127.0.0.1:${await findFreePort()}` : undefined;
  const child: ChildProcess = spawn(
    join(repoRoot, 'bin', 'stevedore'),
    [
      'operator',
      '--kubeconfig',
      inject('kubeconfig'),
      '--leader-elect=false',
      `--metrics-bind-address=${metricsAddress ?? '0'}`,
      `--health-probe-bind-address=127.0.0.1:${probePort}`,
      '--log-level=info',
      ...extraArgs,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, STEVEDORE_PLACEMENT_SEED: '7' } },
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let exitCode: number | string | null | undefined;
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      exitCode = code ?? signal;
      resolve(exitCode);
    }),
  );
  await eventually(
    async () => {
      if (exitCode !== undefined) throw new Error(`the operator exited (${exitCode}):\n${output}`);
      const response = await fetch(`http://127.0.0.1:${probePort}/readyz`);
      if (response.status !== 200) throw new Error(`not ready: ${response.status}`);
    },
    { timeoutMs: 30_000 },
  );
  return {
    metricsUrl: metricsAddress === undefined ? undefined : `http://${metricsAddress}/metrics`,
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
