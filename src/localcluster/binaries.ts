import { execFile, spawn } from 'node:child_process';
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

/** The components build.sh knows. */
export type Component = 'etcd' | 'kwok' | 'helm' | 'kube-apiserver' | 'kube-controller-manager' | 'kube-scheduler' | 'kubectl';

/** What a local control plane runs (kube-scheduler only where a benchmark compares with it). */
export const controlPlaneComponents: readonly Component[] = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kwok', 'kubectl'];

export interface EnsureOptions {
  build: boolean;
  /** Build and check only these (default: every component, helm included). */
  components?: readonly Component[];
}

/**
 * Returns the cached binaries, building what is missing first (build.sh is a no-op on a warm
 * cache, and prints each component's progress to our standard error on a cold one). Set
 * `build: false` to fail fast instead of starting a cold build.
 */
export async function ensureBinaries(options: EnsureOptions = { build: true }): Promise<Binaries> {
  const script = join(controlPlaneDir, 'build.sh');
  const components = [...(options.components ?? [])];
  let dir: string;
  try {
    dir = (await run(script, ['--print', ...components])).stdout.trim();
  } catch {
    if (!options.build) throw new Error(`control plane binaries are not built: run ${script}${components.length > 0 ? ` ${components.join(' ')}` : ''}`);
    dir = await buildWithProgress(script, components);
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

/** Runs build.sh with its progress lines on our standard error; resolves to the bin directory. */
function buildWithProgress(script: string, components: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(script, [...components], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(stdout.trim().split('\n').at(-1) ?? '');
      else reject(new Error(`building the control plane failed (build.sh exited ${code}); its output is above`));
    });
  });
}
