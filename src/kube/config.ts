// Where the operator finds its API server, in the order kubectl and controller-runtime use:
// an explicit --kubeconfig file, else $KUBECONFIG, else the in-cluster service account.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';

export interface KubeConfigSource {
  /** The --kubeconfig flag. */
  kubeconfigPath?: string;
  /** Defaults to process.env. */
  env?: NodeJS.ProcessEnv;
}

export function loadKubeConfig({ kubeconfigPath, env = process.env }: KubeConfigSource = {}): KubeConfig {
  const kc = new KubeConfig();
  const path = kubeconfigPath ?? env['KUBECONFIG'];
  if (path !== undefined && path !== '') {
    // $KUBECONFIG may list several files; like client-go, we take the first.
    kc.loadFromFile(path.split(':')[0] ?? path);
  } else {
    kc.loadFromCluster();
  }
  if (kc.getCurrentCluster() === null) throw new Error('The kubeconfig names no current cluster');
  reuseConnections(kc);
  return kc;
}

type DispatcherFactory = (cluster: unknown, agentOptions: { ca?: unknown; cert?: unknown; key?: unknown; pfx?: unknown; servername?: string; rejectUnauthorized?: boolean }) => unknown;

/**
 * client-node 2.0 builds a new undici Agent for every request, so every API call opens a new
 * TLS connection: under load the operator spent most of its CPU in handshakes. Keep one Agent
 * per distinct TLS identity (server, CA, client certificate), so connections are pooled and
 * kept alive, as client-go does. A rotated certificate file yields a new identity and Agent.
 */
export function reuseConnections(kc: KubeConfig): void {
  const target = kc as unknown as { createDispatcher: DispatcherFactory };
  const create = target.createDispatcher.bind(kc);
  const agents = new Map<string, unknown>();
  // Every request passes the same cluster and credential objects until a rotation: compare
  // those first rather than hash certificates per request (2 s of CPU in bench:tasks).
  let last: { parts: unknown[]; agent: unknown } | undefined;
  target.createDispatcher = (cluster, agentOptions) => {
    const parts = [cluster, agentOptions.ca, agentOptions.cert, agentOptions.key, agentOptions.pfx, agentOptions.servername, agentOptions.rejectUnauthorized];
    if (last !== undefined && last.parts.every((part, i) => part === parts[i])) return last.agent;
    const hash = createHash('sha256');
    hash.update(JSON.stringify(cluster ?? null));
    for (const part of [agentOptions.ca, agentOptions.cert, agentOptions.key, agentOptions.pfx]) hash.update(part === undefined ? '-' : String(part));
    hash.update(`${agentOptions.servername ?? ''}|${agentOptions.rejectUnauthorized ?? ''}`);
    const key = hash.digest('hex');
    let agent = agents.get(key);
    if (agent === undefined) {
      agent = create(cluster, agentOptions);
      agents.set(key, agent);
    }
    last = { parts, agent };
    return agent;
  };
}

const serviceAccountNamespaceFile = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

/** The namespace the operator's Pod runs in, when it runs in a cluster. */
export function inClusterNamespace(file = serviceAccountNamespaceFile): string | undefined {
  try {
    return readFileSync(file, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Re-exported so that code outside src/kube/ can name the type without importing the client. */
export type { KubeConfig } from '@kubernetes/client-node';
