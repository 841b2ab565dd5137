// Where the operator finds its API server, in the order kubectl and controller-runtime use:
// an explicit --kubeconfig file, else $KUBECONFIG, else the in-cluster service account.
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
  return kc;
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
