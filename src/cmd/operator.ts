// `stevedore operator`: runs the controllers. It only parses flags, builds the dependencies
// and hands them to the Manager; shutdown on SIGTERM/SIGINT is graceful (release the Lease,
// drain queues, stop informers, close servers, flush logs).
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { inClusterNamespace, loadKubeConfig } from '../kube/config.ts';
import { defaultIdentity } from '../kube/leader-election.ts';
import { chooseLeaseNamespace } from '../kube/lease-namespace.ts';
import { flushLogger, logLevels, newLogger } from '../log/logger.ts';
import { newMetricsRegistry } from '../metrics/registry.ts';
import { controllers } from '../operator/controllers.ts';
import { Manager } from '../operator/manager.ts';
import type { Command } from './commands.ts';

const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const operatorFlags = z.object({
  kubeconfig: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  'leader-elect': booleanFlag.default(true),
  'leader-election-namespace': z.string().min(1).optional(),
  'leader-election-id': z.string().min(1).default('stevedore-operator'),
  'metrics-bind-address': z.string().default(':8080'),
  'health-probe-bind-address': z.string().default(':8081'),
  'log-level': z.enum(logLevels).default('info'),
  workers: z.coerce.number().int().min(1).max(64).default(32),
});

export type OperatorFlags = z.infer<typeof operatorFlags>;

const usage = `Usage: stevedore operator [flags]

  --kubeconfig FILE                   kubeconfig to use (default: $KUBECONFIG, else in-cluster)
  --namespace NS                      watch only this namespace (default: all)
  --leader-elect true|false           run only while holding the Lease (default: true)
  --leader-election-namespace NS      namespace of the Lease (default: the Pod's; outside a cluster
                                      stevedore-system, created if missing, else default)
  --leader-election-id NAME           name of the Lease (default: stevedore-operator)
  --metrics-bind-address ADDR         /metrics address, 0 disables (default: :8080)
  --health-probe-bind-address ADDR    /healthz and /readyz address, 0 disables (default: :8081)
  --log-level LEVEL                   ${logLevels.join('|')} (default: info; env STEVEDORE_LOG_LEVEL)
  --workers N                         workers per controller (default: 32)
`;

/** Parses the command line; environment variables fill flags that are not given. */
export function parseOperatorFlags(args: string[], env: NodeJS.ProcessEnv = process.env): OperatorFlags {
  const { values } = parseArgs({
    args,
    strict: true,
    options: Object.fromEntries(Object.keys(operatorFlags.shape).map((name) => [name, { type: 'string' as const }])),
  });
  return operatorFlags.parse({ 'log-level': env['STEVEDORE_LOG_LEVEL'], ...values });
}

/** STEVEDORE_PLACEMENT_SEED when set, else different for every process. */
export function placementSeed(env: NodeJS.ProcessEnv): number {
  const pinned = env['STEVEDORE_PLACEMENT_SEED'];
  return pinned === undefined ? Date.now() % 2 ** 31 : Number(pinned);
}

export const operatorCommand: Command = {
  summary: 'Run the Stevedore controllers against a Kubernetes cluster',
  async run(args) {
    if (args.includes('--help') || args.includes('-h')) {
      process.stdout.write(usage);
      return 0;
    }
    let flags: OperatorFlags;
    try {
      flags = parseOperatorFlags(args);
    } catch (err) {
      process.stderr.write(`stevedore operator: ${err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err)}\n\n${usage}`);
      return 2;
    }
    const logger = newLogger(flags['log-level']);
    const identity = defaultIdentity();
    const kubeConfig = loadKubeConfig({ kubeconfigPath: flags.kubeconfig });
    // In a Pod, the Pod's namespace; outside, one that exists (created if need be).
    let leaseNamespace = inClusterNamespace();
    if (flags['leader-elect'] && (leaseNamespace === undefined || flags['leader-election-namespace'] !== undefined)) {
      const choice = await chooseLeaseNamespace(kubeConfig, flags['leader-election-namespace']).catch((err: unknown) => ({ error: `Could not check the leader-election namespace: ${err instanceof Error ? err.message : String(err)}` }));
      if ('error' in choice) {
        logger.fatal(choice.error);
        await flushLogger(logger);
        return 1;
      }
      if (choice.created) logger.info({ namespace: choice.namespace }, 'Created the leader-election namespace');
      if (choice.note !== undefined) logger.warn(choice.note);
      leaseNamespace = choice.namespace;
    }
    const manager = new Manager({
      kubeConfig,
      logger,
      registry: newMetricsRegistry(),
      controllers,
      namespace: flags.namespace,
      workers: flags.workers,
      leaderElection: flags['leader-elect']
        ? {
            namespace: leaseNamespace ?? 'stevedore-system',
            name: flags['leader-election-id'],
            identity,
          }
        : undefined,
      instance: identity,
      // ECS breaks placement ties at random; a test pins the seed to get one answer.
      seed: placementSeed(process.env),
      metricsBindAddress: flags['metrics-bind-address'],
      healthProbeBindAddress: flags['health-probe-bind-address'],
      // Exit like client-go: a replica that lost the Lease restarts as a standby.
      onLostLeadership: () => void flushLogger(logger).then(() => process.exit(1)),
    });

    const stopped = new Promise<number>((resolve) => {
      const shutDown = (signal: NodeJS.Signals) => {
        logger.info({ signal }, 'Received signal; shutting down');
        void manager.stop().then(() => resolve(0));
      };
      process.once('SIGTERM', shutDown);
      process.once('SIGINT', shutDown);
    });
    try {
      await manager.start();
    } catch (err) {
      logger.fatal({ err }, 'Could not start the operator');
      await manager.stop();
      await flushLogger(logger);
      return 1;
    }
    const code = await stopped;
    await flushLogger(logger);
    return code;
  },
};
