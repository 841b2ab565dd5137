// Proves the local control plane is the real thing: kwok plays kubelets through the shipped
// stages, kube-controller-manager collects garbage, and control planes run side by side.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, VersionApi, Watch, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { pinnedVersions } from '../../src/localcluster/binaries.ts';
import { startControlPlane } from '../../src/localcluster/control-plane.ts';
import { loadKubeConfig } from '../../src/localcluster/kubeconfig.ts';
import { isAlive } from '../../src/localcluster/managed-process.ts';
import { createSimulatedNodes, deleteSimulatedNodes, isNodeReady, listSimulatedNodes, planNodeSet, defaultNodeSet } from '../../src/localcluster/simulated-nodes.ts';
import { createTestNamespace, eventually, testKubeConfig } from './support/kube.ts';

let kc: KubeConfig;
let core: CoreV1Api;
let namespace: string;

beforeAll(async () => {
  kc = testKubeConfig();
  core = kc.makeApiClient(CoreV1Api);
  namespace = await createTestNamespace(kc, 'harness');
});

function podOn(node: string, name: string, annotations: Record<string, string> = {}, containers = ['app']): V1Pod {
  return {
    metadata: { name, annotations },
    spec: {
      nodeName: node,
      restartPolicy: 'Never',
      automountServiceAccountToken: false,
      containers: containers.map((c) => ({ name: c, image: `registry.example/${c}:1` })),
    },
  };
}

async function readPod(name: string): Promise<V1Pod> {
  return core.readNamespacedPod({ name, namespace });
}

function containerStatus(pod: V1Pod, name: string) {
  return pod.status?.containerStatuses?.find((c) => c.name === name);
}

describe('the API server', () => {
  it('reports the pinned Kubernetes version', async () => {
    const version = await kc.makeApiClient(VersionApi).getCode();
    expect(version.gitVersion).toBe(pinnedVersions().KUBERNETES_VERSION);
  });

  it('serves six Ready simulated Nodes over three zones', async () => {
    const nodes = await listSimulatedNodes(kc);
    const defaults = planNodeSet(defaultNodeSet).map((n) => n.name);
    const ours = nodes.filter((n) => defaults.includes(n.metadata?.name ?? ''));
    expect(ours).toHaveLength(6);
    expect(ours.every(isNodeReady)).toBe(true);
    const zones = ours.map((n) => n.metadata?.labels?.['topology.kubernetes.io/zone']);
    expect(new Set(zones)).toEqual(new Set(['us-east-1a', 'us-east-1b', 'us-east-1c']));
    expect(ours[0]?.status?.allocatable).toEqual({ cpu: '4', memory: '16Gi', pods: '110' });
  });
});

describe('kwok stages', () => {
  it('runs a Pod bound to a kwok Node', async () => {
    await core.createNamespacedPod({ namespace, body: podOn('kwok-node-0', 'runs') });
    const pod = await eventually(async () => {
      const p = await readPod('runs');
      expect(p.status?.phase).toBe('Running');
      return p;
    });
    expect(containerStatus(pod, 'app')?.state?.running?.startedAt).toBeDefined();
    expect(containerStatus(pod, 'app')?.ready).toBe(true);
    expect(pod.status?.podIP).toMatch(/^10\./);
  });

  it('makes a named container exit with the code a test asks for', async () => {
    const annotations = { 'kwok.stevedore.dev/exit-container': 'app', 'kwok.stevedore.dev/exit-code': '3', 'kwok.stevedore.dev/exit-after': '500ms' };
    await core.createNamespacedPod({ namespace, body: podOn('kwok-node-1', 'exits', annotations, ['app', 'sidecar']) });
    const pod = await eventually(async () => {
      const p = await readPod('exits');
      expect(containerStatus(p, 'app')?.state?.terminated?.exitCode).toBe(3);
      return p;
    });
    expect(containerStatus(pod, 'app')?.state?.terminated?.reason).toBe('Error');
    // The other container keeps running, so the Pod is still Running (restartPolicy Never).
    expect(containerStatus(pod, 'sidecar')?.state?.running).toBeDefined();
    expect(pod.status?.phase).toBe('Running');
  });

  it('ends a single-container Pod whose container exits', async () => {
    const annotations = { 'kwok.stevedore.dev/exit-container': 'app', 'kwok.stevedore.dev/exit-code': '0', 'kwok.stevedore.dev/exit-after': '200ms' };
    await core.createNamespacedPod({ namespace, body: podOn('kwok-node-1', 'completes', annotations) });
    await eventually(async () => {
      const p = await readPod('completes');
      expect(p.status?.phase).toBe('Succeeded');
      expect(containerStatus(p, 'app')?.state?.terminated?.exitCode).toBe(0);
    });
  });

  it('keeps a container unready when a test asks for a failing readiness check', async () => {
    await core.createNamespacedPod({ namespace, body: podOn('kwok-node-2', 'unready', { 'kwok.stevedore.dev/unready-container': 'app' }, ['app', 'sidecar']) });
    const pod = await eventually(async () => {
      const p = await readPod('unready');
      expect(p.status?.phase).toBe('Running');
      return p;
    });
    expect(containerStatus(pod, 'app')?.ready).toBe(false);
    expect(containerStatus(pod, 'app')?.state?.running).toBeDefined();
    expect(containerStatus(pod, 'sidecar')?.ready).toBe(true);
    expect(pod.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
  });

  it('fails the image pull of a named container', async () => {
    await core.createNamespacedPod({ namespace, body: podOn('kwok-node-3', 'pull-fails', { 'kwok.stevedore.dev/image-pull-error': 'app' }) });
    const pod = await eventually(async () => {
      const p = await readPod('pull-fails');
      expect(containerStatus(p, 'app')?.state?.waiting?.reason).toBe('ErrImagePull');
      return p;
    });
    expect(pod.status?.phase).toBe('Pending');
    expect(containerStatus(pod, 'app')?.state?.waiting?.message).toContain('registry.example/app:1');
  });

  it('stops the containers of a deleted Pod and then removes it', async () => {
    await core.createNamespacedPod({ namespace, body: podOn('kwok-node-4', 'deleted', { 'kwok.stevedore.dev/stop-after': '1s', 'kwok.stevedore.dev/stop-exit-code': '143' }) });
    await eventually(async () => expect((await readPod('deleted')).status?.phase).toBe('Running'));
    // Watch, as the operator does: the terminated state may last only a moment before removal.
    const seen: { type: string; pod: V1Pod }[] = [];
    const watch = await new Watch(kc).watch(`/api/v1/namespaces/${namespace}/pods`, { fieldSelector: 'metadata.name=deleted' }, (type, pod: V1Pod) => seen.push({ type, pod }), () => {});
    try {
      await core.deleteNamespacedPod({ name: 'deleted', namespace, gracePeriodSeconds: 30 });
      await eventually(() => expect(seen.map((e) => e.type)).toContain('DELETED'));
    } finally {
      watch.abort();
    }
    const stopped = seen.find((e) => containerStatus(e.pod, 'app')?.state?.terminated !== undefined);
    expect(stopped?.type).toBe('MODIFIED');
    expect(stopped?.pod.metadata?.deletionTimestamp).toBeDefined();
    expect(containerStatus(stopped!.pod, 'app')?.state?.terminated?.exitCode).toBe(143);
    await expect(readPod('deleted')).rejects.toMatchObject({ code: 404 });
  });

  it('turns a Node NotReady when a test labels it so', async () => {
    const [spec] = planNodeSet({ ...defaultNodeSet, count: 1, prefix: 'flaky', labels: { 'kwok.stevedore.dev/not-ready': 'true' } });
    if (spec === undefined) throw new Error('no node planned');
    await createSimulatedNodes(kc, [spec]);
    try {
      const node = await eventually(async () => {
        const n = await core.readNode({ name: spec.name });
        expect(n.status?.conditions?.find((c) => c.type === 'Ready')?.status).toBe('False');
        return n;
      });
      expect(isNodeReady(node)).toBe(false);
    } finally {
      await deleteSimulatedNodes(kc, [spec.name]);
    }
  });
});

describe('kube-controller-manager', () => {
  it('garbage-collects an object whose owner is deleted', async () => {
    const owner = await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'owner' } } });
    const ownerReferences = [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata?.uid ?? '' }];
    await core.createNamespacedConfigMap({ namespace, body: { metadata: { name: 'dependent', ownerReferences } } });
    await core.deleteNamespacedConfigMap({ name: 'owner', namespace });
    await eventually(async () => {
      await expect(core.readNamespacedConfigMap({ name: 'dependent', namespace })).rejects.toMatchObject({ code: 404 });
    }, { timeoutMs: 30_000 });
  });
});

describe('side by side', () => {
  it('runs a second control plane without clashing with the first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stevedore-second-'));
    const second = await startControlPlane({ dir, build: false });
    try {
      expect(second.server).not.toBe(kc.getCurrentCluster()?.server);
      const otherKc = loadKubeConfig(second.kubeconfig);
      const otherCore = otherKc.makeApiClient(CoreV1Api);
      await otherCore.createNamespace({ body: { metadata: { name: 'only-in-second' } } });
      await expect(core.readNamespace({ name: 'only-in-second' })).rejects.toMatchObject({ code: 404 });
      await expect(otherCore.readNamespace({ name: namespace })).rejects.toMatchObject({ code: 404 });
      // Nodes of the first are not Nodes of the second.
      expect(await listSimulatedNodes(otherKc)).toHaveLength(0);
    } finally {
      await second.stop();
      await rm(dir, { recursive: true, force: true });
    }
    expect(second.processes.filter((p) => isAlive(p.pid))).toEqual([]);
    // The first still answers.
    expect((await core.readNamespace({ name: namespace })).metadata?.name).toBe(namespace);
  });
});
