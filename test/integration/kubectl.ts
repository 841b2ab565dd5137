/** A thin kubectl runner for integration tests: every call names the kubeconfig explicitly. */
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { controlPlaneDir } from '../../src/localcluster/binaries.ts';

/** The kubectl built with the control plane: same version as the API server, and always there. */
export const kubectlPath = join(execFileSync(join(controlPlaneDir, 'build.sh'), ['--print'], { encoding: 'utf8' }).trim(), 'kubectl');

export interface KubectlResult {
  ok: boolean;
  stdout: string;
  stderr: string;
}

export const kubectl = (kubeconfig: string, args: string[], stdin?: string): KubectlResult => {
  const result = spawnSync(kubectlPath, ['--kubeconfig', kubeconfig, ...args], { input: stdin, encoding: 'utf8', timeout: 60_000 });
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
