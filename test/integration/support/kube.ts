// Helpers for integration tests: a client for the run's control plane, isolated namespaces,
// and polling for the state a test expects.
import { randomBytes } from 'node:crypto';
import { ApiException, CoreV1Api, KubernetesObjectApi, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';
import type { ResourceType } from '../../../src/kube/resources.ts';
import { inject } from 'vitest';
import { loadKubeConfig } from '../../../src/localcluster/kubeconfig.ts';

export function testKubeConfig(): KubeConfig {
  return loadKubeConfig(inject('kubeconfig'));
}

/**
 * Creates a namespace with a unique name and waits for its `default` ServiceAccount (which
 * kube-controller-manager creates; Pods are refused until it exists).
 */
export async function createTestNamespace(kc: KubeConfig, prefix: string): Promise<string> {
  const core = kc.makeApiClient(CoreV1Api);
  const name = `${prefix}-${randomBytes(3).toString('hex')}`;
  await core.createNamespace({ body: { metadata: { name } } });
  await eventually(() => core.readNamespacedServiceAccount({ name: 'default', namespace: name }), { timeoutMs: 30_000 });
  return name;
}

/**
 * Polls `probe` until it returns a value without throwing, and returns that value; throws the
 * last error after the timeout. Assertions inside `probe` make it wait for a state.
 */
export async function eventually<T>(probe: () => Promise<T> | T, options: { timeoutMs?: number; intervalMs?: number } = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  for (;;) {
    try {
      return await probe();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
    }
  }
}

/** Reads an object fresh from the API server (the operator reads caches only); undefined if absent. */
export async function readObject<T extends KubernetesObject>(kc: KubeConfig, resource: ResourceType, ref: { name: string; namespace?: string }): Promise<T | undefined> {
  try {
    return await KubernetesObjectApi.makeApiClient(kc).read<T>({ apiVersion: resource.apiVersion, kind: resource.kind, metadata: { name: ref.name, namespace: ref.namespace } });
  } catch (err) {
    if (err instanceof ApiException && err.code === 404) return undefined;
    throw err;
  }
}
