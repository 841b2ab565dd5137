// The kubeconfig of a command-line verb, found as kubectl finds it: --kubeconfig, else
// $KUBECONFIG, else ~/.kube/config, else in-cluster; and, for a fresh clone, the local control
// plane's .stevedore/kubeconfig. --context picks a context; the namespace is -n, else the
// context's, else `default`.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { reuseConnections } from './config.ts';
import { KubeFailure } from './failure-message.ts';

export interface CliKubeOptions {
  kubeconfig?: string;
  context?: string;
  /** The local control plane's kubeconfig, tried last. */
  localKubeconfig?: string;
  env?: NodeJS.ProcessEnv;
}

export interface CliKube {
  kubeConfig: KubeConfig;
  /** The current context's namespace, or `default`. */
  namespace: string;
  /** Where it came from, for messages. */
  source: string;
}

export function loadCliKubeConfig(options: CliKubeOptions): CliKube {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  const home = join(homedir(), '.kube', 'config');
  const fromEnv = env['KUBECONFIG']?.split(':').find((p) => p !== '');
  const path = options.kubeconfig ?? fromEnv ?? (existsSync(home) ? home : undefined) ?? (options.localKubeconfig !== undefined && existsSync(options.localKubeconfig) ? options.localKubeconfig : undefined);
  let source: string;
  if (path !== undefined) {
    if (!existsSync(path)) throw new KubeFailure(`The kubeconfig ${path} does not exist.${options.localKubeconfig === path ? ' Start the local control plane with `./bin/stevedore dev`.' : ''}`);
    try {
      kc.loadFromFile(path);
    } catch (err) {
      throw new KubeFailure(`Cannot read the kubeconfig ${path}: ${(err as Error).message}`, { cause: err });
    }
    source = path;
  } else if (env['KUBERNETES_SERVICE_HOST'] !== undefined) {
    kc.loadFromCluster();
    source = 'in-cluster service account';
  } else {
    throw new KubeFailure(
      'No cluster to talk to: no --kubeconfig, no $KUBECONFIG, no ~/.kube/config. Start the local control plane with `./bin/stevedore dev` (it writes .stevedore/kubeconfig, used by default), or pass --kubeconfig FILE.',
    );
  }
  if (options.context !== undefined) {
    const names = kc.getContexts().map((c) => c.name);
    if (!names.includes(options.context)) throw new KubeFailure(`The kubeconfig ${source} has no context "${options.context}" (it has: ${names.join(', ') || 'none'}).`);
    kc.setCurrentContext(options.context);
  }
  if (kc.getCurrentCluster() === null) throw new KubeFailure(`The kubeconfig ${source} names no current cluster; pass --context.`);
  reuseConnections(kc);
  const namespace = kc.getContextObject(kc.getCurrentContext())?.namespace ?? 'default';
  return { kubeConfig: kc, namespace, source };
}
