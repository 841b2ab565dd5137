import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeConfig as loadFromSource } from '../kube/config.ts';
import { readFile, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';

/** Writes a self-contained kubeconfig (certificates inlined) for a client-certificate user. */
export async function writeKubeconfig(options: {
  path: string;
  server: string;
  caCert: string;
  clientCert: string;
  clientKey: string;
  name: string;
}): Promise<void> {
  const b64 = async (file: string) => (await readFile(file)).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': options.name,
    clusters: [{ name: options.name, cluster: { server: options.server, 'certificate-authority-data': await b64(options.caCert) } }],
    users: [{ name: `${options.name}-admin`, user: { 'client-certificate-data': await b64(options.clientCert), 'client-key-data': await b64(options.clientKey) } }],
    contexts: [{ name: options.name, context: { cluster: options.name, user: `${options.name}-admin` } }],
  };
  await writeFile(options.path, stringify(config), { mode: 0o600 });
}

/** The kubeconfig at `path`, with pooled connections (see kube/config.ts). */
export function loadKubeConfig(path: string): KubeConfig {
  return loadFromSource({ kubeconfigPath: path });
}
