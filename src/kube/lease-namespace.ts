// Which namespace the leader-election Lease goes in when the operator runs outside a cluster.
// In a Pod it is the Pod's own namespace; outside, `stevedore-system` if it exists or can be
// created, else `default`; and a clear error when no namespace can hold the Lease, instead of
// retrying a Lease in a missing namespace forever.
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { ApiException } from '@kubernetes/client-node';

export const DEFAULT_LEASE_NAMESPACE = 'stevedore-system';

export type LeaseNamespaceChoice = { namespace: string; created: boolean; note?: string } | { error: string };

/**
 * `explicit`: --leader-election-namespace, used as it is if it exists. Otherwise the default
 * namespace of the Lease is created when missing; where that is denied, `default` is used.
 */
export async function chooseLeaseNamespace(kc: KubeConfig, explicit: string | undefined): Promise<LeaseNamespaceChoice> {
  const core = kc.makeApiClient(CoreV1Api);
  const status = async (name: string): Promise<number> => {
    try {
      await core.readNamespace({ name });
      return 200;
    } catch (err) {
      if (err instanceof ApiException) return err.code;
      throw err;
    }
  };
  if (explicit !== undefined) {
    const code = await status(explicit);
    if (code === 404) return { error: `The leader-election namespace "${explicit}" does not exist: create it (kubectl create namespace ${explicit}), pick another with --leader-election-namespace, or run with --leader-elect=false.` };
    return { namespace: explicit, created: false };
  }
  const code = await status(DEFAULT_LEASE_NAMESPACE);
  if (code !== 404) return { namespace: DEFAULT_LEASE_NAMESPACE, created: false };
  try {
    await core.createNamespace({ body: { metadata: { name: DEFAULT_LEASE_NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'stevedore' } } } });
    return { namespace: DEFAULT_LEASE_NAMESPACE, created: true };
  } catch (err) {
    if (err instanceof ApiException && err.code === 409) return { namespace: DEFAULT_LEASE_NAMESPACE, created: false };
    if (!(err instanceof ApiException) || err.code !== 403) throw err;
  }
  if ((await status('default')) !== 404) {
    return { namespace: 'default', created: false, note: `Namespace ${DEFAULT_LEASE_NAMESPACE} does not exist and creating it was denied; holding the Lease in namespace default` };
  }
  return { error: `No namespace can hold the leader-election Lease: ${DEFAULT_LEASE_NAMESPACE} does not exist, creating it was denied, and there is no default namespace. Pass --leader-election-namespace NS or --leader-elect=false.` };
}
