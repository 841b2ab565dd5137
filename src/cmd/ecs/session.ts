// kubectl's flags, shared by every verb that talks to the cluster, and the ECS context built
// from them.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { EcsContext } from '../../ecs-api/context.ts';
import { taskDefinitionLabel } from '../../controllers/task-definition/revision-names.ts';
import { loadCliKubeConfig } from '../../kube/cli-config.ts';
import { EcsKube } from '../../kube/ecs-objects.ts';
import { KubeFailure } from '../../kube/failure-message.ts';
import { seededRng } from '../../placement/index.ts';
import { kubeconfigPath } from '../cluster.ts';
import { outputFormats, type OutputFormat } from './output.ts';

export interface SessionFlags {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  output: OutputFormat;
}

export function withSessionFlags(command: Command, options: { output?: boolean } = {}): Command {
  command
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, then .stevedore/kubeconfig)')
    .option('--context <name>', 'kubeconfig context to use')
    .option('-n, --namespace <namespace>', "namespace of task definitions, tasks and services (default: the context's, else default)")
    .option('-A, --all-namespaces', 'list across every namespace');
  if (options.output !== false) command.addOption(new Option('--output <format>', 'output format').choices(outputFormats).default('json'));
  // Accepted so that aws CLI command lines paste in unchanged.
  command.addOption(new Option('--region <region>', 'accepted and ignored').hideHelp());
  command.addOption(new Option('--no-cli-pager', 'accepted and ignored').hideHelp());
  return command;
}

export function openSession(flags: SessionFlags): EcsContext {
  const loaded = loadCliKubeConfig({
    ...(flags.kubeconfig === undefined ? {} : { kubeconfig: flags.kubeconfig }),
    ...(flags.context === undefined ? {} : { context: flags.context }),
    localKubeconfig: kubeconfigPath,
  });
  const namespace = flags.namespace ?? loaded.namespace;
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(namespace)) throw new KubeFailure(`"${namespace}" is not a namespace name.`);
  return {
    kube: new EcsKube(loaded.kubeConfig, { revisionSelector: taskDefinitionLabel }),
    namespace,
    allNamespaces: flags.allNamespaces === true,
    now: () => new Date(),
    rng: seededRng(Number(process.env['STEVEDORE_PLACEMENT_SEED'] ?? Date.now() % 2 ** 31)),
  };
}
