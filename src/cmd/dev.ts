// `stevedore dev`: the main job on the embedded local control plane. Brings up the control
// plane with simulated Nodes (reusing a running one; building only the binaries it runs, with
// progress), installs the CRDs, runs the operator in the foreground and applies the examples,
// then says what to try next. Ctrl-C stops the operator; the control plane keeps running.
import { execFile } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import type { Command } from './commands.ts';
import { ensureLocalCluster, kubeconfigPath } from './cluster.ts';
import { ensureBinaries, repoRoot } from '../localcluster/binaries.ts';

const run = promisify(execFile);

/** `[2/4] Installing the CRDs ... done in 1.2s`, on standard error. */
function stepper(total: number) {
  let n = 0;
  const step = async <T>(title: string, work: () => Promise<T>): Promise<T> => {
    n += 1;
    const started = Date.now();
    process.stderr.write(`[${n}/${total}] ${title}\n`);
    const result = await work();
    process.stderr.write(`[${n}/${total}] ${title}: done in ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
    return result;
  };
  /** A step that goes on in the background (the operator). */
  const announce = (title: string): void => {
    n += 1;
    process.stderr.write(`[${n}/${total}] ${title}\n`);
  };
  return Object.assign(step, { announce });
}

export function nextSteps(kubeconfig: string): string {
  const shown = relative(process.cwd(), kubeconfig) || kubeconfig;
  return `
Stevedore is running. In another terminal, try:
  export KUBECONFIG=${shown}
  kubectl get ecs                                      # Clusters, TaskDefinitions, Services, Tasks
  ./bin/stevedore list-tasks                           # the ECS verbs (also: kubectl ecs, see docs/cli.md)
  ./bin/stevedore run-task --task-definition web --count 2
  ./bin/stevedore describe-container-instances --container-instances kwok-node-0
  ./bin/stevedore explain task <task id from list-tasks>
Press Ctrl-C to stop the operator.
`;
}

export function afterOperator(kubeconfig: string): string {
  return `
The operator stopped. The local control plane keeps running (KUBECONFIG=${relative(process.cwd(), kubeconfig) || kubeconfig}):
  ./bin/stevedore dev             # start the operator again (seconds: nothing is rebuilt)
  ./bin/stevedore cluster down    # stop the control plane and remove .stevedore/ (or: npm run cluster:down)
`;
}

export function devCommand(operator: Command): Command {
  return {
    summary: 'run the operator on the local control plane with simulated Nodes and the examples',
    async run(args) {
      const step = stepper(4);
      await step('Starting the local control plane (etcd, kube-apiserver, kube-controller-manager, kwok; first run builds them)', () => ensureLocalCluster());
      const { kubectl } = await ensureBinaries({ build: false, components: ['kubectl'] });
      const kubectlRun = (...kubectlArgs: string[]) => run(kubectl, ['--kubeconfig', kubeconfigPath, ...kubectlArgs]);

      await step('Installing the CRDs', async () => {
        if (!(await hasManifests('crds'))) return;
        await kubectlRun('apply', '--server-side', '-f', join(repoRoot, 'crds'));
        await kubectlRun('wait', '--for', 'condition=Established', 'crd', '-l', 'app.kubernetes.io/part-of=stevedore', '--timeout=60s');
      });
      const applyExamples = () =>
        step('Applying examples/', async () => {
          if (!(await hasManifests('examples'))) return;
          const { stdout } = await kubectlRun('apply', '-f', join(repoRoot, 'examples'));
          process.stderr.write(stdout.replace(/^/gm, '    '));
        });
      step.announce('Starting the operator (its logs follow)');
      const running = operator.run(['--kubeconfig', kubeconfigPath, '--leader-elect=false', ...args]);
      await applyExamples();
      process.stderr.write(nextSteps(kubeconfigPath));
      const code = await running;
      process.stderr.write(afterOperator(kubeconfigPath));
      return code;
    },
  };
}

async function hasManifests(dir: string): Promise<boolean> {
  const entries = await readdir(join(repoRoot, dir)).catch(() => []);
  return entries.some((name) => name.endsWith('.yaml') || name.endsWith('.yml'));
}
