// Runs `bin/stevedore operator` as a child process against the test control plane, as it runs
// in production: a test can stop it gracefully or kill it outright and start another.
import { inject } from 'vitest';
import { startOperatorProcess, type OperatorProcess } from '../../../src/localcluster/operator-process.ts';

export type RunningOperator = OperatorProcess;

export interface OperatorOptions {
  /** Serve /metrics on a free local port (default: metrics off). */
  metrics?: boolean;
}

/** Starts the operator and resolves once it reports ready (informers synced). */
export function startOperator(extraArgs: string[] = [], options: OperatorOptions = {}): Promise<RunningOperator> {
  return startOperatorProcess({
    kubeconfig: inject('kubeconfig'),
    args: ['--log-level=info', ...extraArgs],
    metrics: options.metrics ?? false,
    env: { ...process.env, STEVEDORE_PLACEMENT_SEED: '7' },
  });
}
