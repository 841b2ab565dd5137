// Starts one real control plane (etcd, kube-apiserver, kube-controller-manager, kwok) with six
// simulated Nodes for the integration test run, and stops it afterwards. Test files read the
// admin kubeconfig with `inject('kubeconfig')`. There is no fallback: if the control plane
// cannot start, the run fails.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ensureBinaries, repoRoot } from '../../src/localcluster/binaries.ts';
import { startControlPlane } from '../../src/localcluster/control-plane.ts';
import { loadKubeConfig } from '../../src/localcluster/kubeconfig.ts';
import { createSimulatedNodes, defaultNodeSet, planNodeSet, waitForNodesReady } from '../../src/localcluster/simulated-nodes.ts';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    /** Path of the admin kubeconfig of the run's control plane. */
    kubeconfig: string;
  }
}

/** Every integration test works with Stevedore's kinds: install the CRDs once per run. */
async function installCrds(kubeconfig: string): Promise<void> {
  const { kubectl } = await ensureBinaries({ build: false });
  await run(kubectl, ['--kubeconfig', kubeconfig, 'apply', '--server-side', '--field-manager=global-setup', '-f', join(repoRoot, 'crds')]);
  await run(kubectl, ['--kubeconfig', kubeconfig, 'wait', '--for', 'condition=Established', 'crd', '-l', 'app.kubernetes.io/part-of=stevedore', '--timeout=60s']);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dir = await mkdtemp(join(tmpdir(), 'stevedore-it-'));
  const controlPlane = await startControlPlane({ dir, log: (m) => process.stderr.write(`[control plane] ${m}\n`) });
  const kc = loadKubeConfig(controlPlane.kubeconfig);
  const nodes = planNodeSet(defaultNodeSet);
  await createSimulatedNodes(kc, nodes);
  await waitForNodesReady(kc, nodes.map((n) => n.name));
  await installCrds(controlPlane.kubeconfig);
  project.provide('kubeconfig', controlPlane.kubeconfig);
  return async () => {
    await controlPlane.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
