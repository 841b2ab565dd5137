import { spawn } from 'node:child_process';
import { openSync, closeSync } from 'node:fs';

/** A child process of the control plane whose output goes to a log file. */
export interface ManagedProcess {
  name: string;
  pid: number;
  logFile: string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

export interface StartOptions {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  /**
   * Detached processes outlive the Node.js process that started them (`cluster up`);
   * attached ones are stopped with it (test runs).
   */
  detached: boolean;
  env?: NodeJS.ProcessEnv;
}

export function startProcess(options: StartOptions): ManagedProcess {
  const fd = openSync(options.logFile, 'a');
  try {
    const child = spawn(options.command, options.args, {
      stdio: ['ignore', fd, fd],
      detached: options.detached,
      env: options.env ?? process.env,
    });
    if (child.pid === undefined) throw new Error(`could not start ${options.name} (${options.command})`);
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code, signal) => resolve(code ?? (signal === null ? null : 128)));
      child.on('error', () => resolve(null));
    });
    if (options.detached) child.unref();
    return { name: options.name, pid: child.pid, logFile: options.logFile, exited };
  } finally {
    closeSync(fd);
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function stopPid(pid: number, graceMs = 5_000): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(50);
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      return;
    }
    while (isAlive(pid)) await sleep(20);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
