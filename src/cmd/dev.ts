// `stevedore dev`: the main job on the embedded local control plane. Brings up the control
// plane with simulated Nodes (reusing a running one), installs the CRDs, runs the operator in
// the foreground and applies the examples. Ctrl-C stops the operator; `npm run cluster:down`
// stops the control plane.
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from './commands.ts';
import { ensureLocalCluster, kubeconfigPath } from './cluster.ts';
import { ensureBinaries, repoRoot } from '../localcluster/binaries.ts';

const run = promisify(execFile);

export function devCommand(operator: Command): Command {
  return {
    summary: 'run the operator on the local control plane with simulated Nodes and the examples',
    async run(args) {
      await ensureLocalCluster();
      const { kubectl } = await ensureBinaries({ build: false });
      const kubectlRun = (...kubectlArgs: string[]) => run(kubectl, ['--kubeconfig', kubeconfigPath, ...kubectlArgs]);

      if (await hasManifests('crds')) {
        await kubectlRun('apply', '--server-side', '-f', join(repoRoot, 'crds'));
        await kubectlRun('wait', '--for', 'condition=Established', 'crd', '-l', 'app.kubernetes.io/part-of=stevedore', '--timeout=60s');
        process.stderr.write('Installed the CRDs.\n');
      }
      const applyExamples = async () => {
        if (!(await hasManifests('examples'))) return;
        const { stdout } = await kubectlRun('apply', '-f', join(repoRoot, 'examples'));
        process.stderr.write(`Applied the examples:\n${stdout}`);
        process.stderr.write(`Watch them with: kubectl --kubeconfig ${kubeconfigPath} get ecs\n`);
      };
      const running = operator.run(['--kubeconfig', kubeconfigPath, '--leader-elect=false', ...args]);
      await applyExamples();
      return running;
    },
  };
}

async function hasManifests(dir: string): Promise<boolean> {
  const entries = await readdir(join(repoRoot, dir)).catch(() => []);
  return entries.some((name) => name.endsWith('.yaml') || name.endsWith('.yml'));
}
