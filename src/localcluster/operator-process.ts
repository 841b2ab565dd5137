// Runs `bin/stevedore operator` as a child process against a control plane, as it runs in
// production: the integration tests and the benchmarks start it this way, then stop it
// gracefully or kill it outright.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from './binaries.ts';
import { findFreePort } from './free-port.ts';
import { isAlive, sleep } from './managed-process.ts';

export interface OperatorProcessOptions {
  kubeconfig: string;
  /** More flags for `stevedore operator` (a later flag wins over the defaults here). */
  args?: string[];
  /** Serve /metrics on a free local port (default: metrics off). */
  metrics?: boolean;
  /** The operator's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** Keep only the newest this many characters of output (default: all of it). */
  maxOutputChars?: number;
  readyTimeoutMs?: number;
}

export interface OperatorProcess {
  pid: number;
  /** The /metrics URL when started with `metrics: true`. */
  metricsUrl: string | undefined;
  /** Everything the operator printed so far (JSON logs), or its newest part. */
  output(): string;
  /** SIGTERM and wait for the exit code (or the signal that ended it). */
  stop(): Promise<number | string | null>;
  /** SIGKILL: a crash, no clean-up of any kind. */
  kill(): Promise<void>;
}

/** Starts the operator and resolves once it reports ready (informers synced). */
export async function startOperatorProcess(options: OperatorProcessOptions): Promise<OperatorProcess> {
  const probePort = await findFreePort();
  const metricsAddress = options.metrics === true ? `127.0.0.1:${await findFreePort()}` : undefined;
  const child = spawn(
    join(repoRoot, 'bin', 'stevedore'),
    [
      'operator',
      '--kubeconfig',
      options.kubeconfig,
      '--leader-elect=false',
      `--metrics-bind-address=${metricsAddress ?? '0'}`,
      `--health-probe-bind-address=127.0.0.1:${probePort}`,
      ...(options.args ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the operator');
  // The operator goes with the process that started it, even one that exits without stop().
  const killOnExit = () => isAlive(pid) && child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const maxOutputChars = options.maxOutputChars ?? Infinity;
  let output = '';
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > maxOutputChars) output = output.slice(-maxOutputChars);
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  let exitCode: number | string | null | undefined;
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => {
      exitCode = code ?? signal;
      process.removeListener('exit', killOnExit);
      resolve(exitCode);
    }),
  );

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (exitCode !== undefined) throw new Error(`the operator exited (${exitCode}):\n${output}`);
    const response = await fetch(`http://127.0.0.1:${probePort}/readyz`).catch(() => undefined);
    if (response?.status === 200) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the operator was not ready after ${(options.readyTimeoutMs ?? 30_000) / 1000}s (last /readyz: ${response?.status ?? 'no answer'}):\n${output}`);
    }
    await sleep(100);
  }
  return {
    pid,
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
