/** A thin kubectl runner for integration tests: every call names the kubeconfig explicitly. */
import { spawnSync } from 'node:child_process';

export interface KubectlResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export const kubectl = (kubeconfig: string, args: string[], stdin?: string): KubectlResult => {
  const result = spawnSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { input: stdin, encoding: 'utf8', timeout: 60_000 });
  if (result.error !== undefined) throw result.error;
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
};

/** Server-side apply of one object, as `kubectl apply --server-side` does. */
export const applyObject = (kubeconfig: string, object: unknown, namespace?: string): KubectlResult =>
  kubectl(
    kubeconfig,
    ['apply', '--server-side', '--force-conflicts', '--field-manager=admission-test', ...(namespace === undefined ? [] : ['-n', namespace]), '-f', '-'],
    JSON.stringify(object),
  );
