import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The repository root: src/localcluster/ is two levels below it. */
export const repoRoot = join(import.meta.dirname, '..', '..');
export const controlPlaneDir = join(repoRoot, 'hack', 'controlplane');

export interface Binaries {
  etcd: string;
  kubeApiserver: string;
  kubeControllerManager: string;
  kubeScheduler: string;
  kwok: string;
  /** kubectl of the same version as the API server (the machine's may be older). */
  kubectl: string;
  /** helm, for the chart's tests and `npm run gen:manifest` (not part of the control plane). */
  helm: string;
}

/** The pinned versions, from hack/controlplane/versions.env (shared with build.sh). */
export function pinnedVersions(): Record<string, string> {
  const text = readFileSync(join(controlPlaneDir, 'versions.env'), 'utf8');
  const entries = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split('=', 2) as [string, string]);
  return Object.fromEntries(entries);
}

/**
 * Returns the cached binaries, building what is missing first (build.sh is a no-op on a warm
 * cache). Set `build: false` to fail fast instead of starting a cold build.
 */
export async function ensureBinaries(options: { build: boolean } = { build: true }): Promise<Binaries> {
  const script = join(controlPlaneDir, 'build.sh');
  let dir: string;
  try {
    dir = (await run(script, ['--print'])).stdout.trim();
  } catch {
    if (!options.build) throw new Error(`control plane binaries are not built: run ${script}`);
    const child = await run(script, [], { maxBuffer: 64 * 1024 * 1024 }).catch((error: { stderr?: string }) => {
      throw new Error(`building the control plane failed:\n${error.stderr ?? String(error)}`);
    });
    dir = child.stdout.trim().split('\n').at(-1) ?? '';
  }
  return {
    etcd: join(dir, 'etcd'),
    kubeApiserver: join(dir, 'kube-apiserver'),
    kubeControllerManager: join(dir, 'kube-controller-manager'),
    kubeScheduler: join(dir, 'kube-scheduler'),
    kwok: join(dir, 'kwok'),
    kubectl: join(dir, 'kubectl'),
    helm: join(dir, 'helm'),
  };
}
