import { CoreV1Api, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import { isNodeReady } from '../kube/node-readiness.ts';
import { sleep } from './managed-process.ts';

/** The shape of one simulated Node: what an ECS container instance would register. */
export interface SimulatedNodeSpec {
  name: string;
  zone: string;
  instanceType: string;
  /** Kubernetes quantities, e.g. "4" or "3500m". */
  cpu: string;
  /** Kubernetes quantity, e.g. "16Gi". */
  memory: string;
  pods: number;
  labels?: Record<string, string>;
}

export interface NodeSetOptions {
  count: number;
  zones: string[];
  cpu: string;
  memory: string;
  pods: number;
  instanceType: string;
  labels: Record<string, string>;
  /** Node names are `${prefix}-${index}`. */
  prefix: string;
  /** First index to use, so that a second set does not collide with the first. */
  startIndex?: number;
}

export const defaultNodeSet: NodeSetOptions = {
  count: 6,
  zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'],
  cpu: '4',
  memory: '16Gi',
  pods: 110,
  instanceType: 'm5.xlarge',
  labels: {},
  prefix: 'kwok-node',
};

/** Label that marks Nodes made by this harness, so that they can be listed and removed. */
export const simulatedNodeLabel = 'kwok.stevedore.dev/simulated';

/** Spreads `count` Nodes round-robin over the zones: node 0 in the first zone, and so on. */
export function planNodeSet(options: NodeSetOptions): SimulatedNodeSpec[] {
  const start = options.startIndex ?? 0;
  return Array.from({ length: options.count }, (_, i) => ({
    name: `${options.prefix}-${start + i}`,
    zone: options.zones[(start + i) % options.zones.length] ?? 'us-east-1a',
    instanceType: options.instanceType,
    cpu: options.cpu,
    memory: options.memory,
    pods: options.pods,
    labels: options.labels,
  }));
}

export function toNodeManifest(spec: SimulatedNodeSpec): V1Node {
  const resources = { cpu: spec.cpu, memory: spec.memory, pods: String(spec.pods) };
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: spec.name,
      labels: {
        'kubernetes.io/hostname': spec.name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'topology.kubernetes.io/region': spec.zone.replace(/[a-z]$/, ''),
        'topology.kubernetes.io/zone': spec.zone,
        'node.kubernetes.io/instance-type': spec.instanceType,
        [simulatedNodeLabel]: 'true',
        ...spec.labels,
      },
      annotations: { 'kwok.x-k8s.io/node': 'fake' },
    },
    spec: {},
    // kwok keeps what the Node was created with as its capacity and allocatable.
    status: { capacity: resources, allocatable: resources },
  };
}

/** Creates the Nodes (an existing one of the same name is left as it is). */
export async function createSimulatedNodes(kc: KubeConfig, specs: SimulatedNodeSpec[]): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const existing = new Set((await core.listNode({ labelSelector: simulatedNodeLabel })).items.map((n) => n.metadata?.name));
  const batchSize = 50;
  const missing = specs.filter((s) => !existing.has(s.name));
  for (let i = 0; i < missing.length; i += batchSize) {
    await Promise.all(missing.slice(i, i + batchSize).map((spec) => core.createNode({ body: toNodeManifest(spec) })));
  }
}

export async function deleteSimulatedNodes(kc: KubeConfig, names: string[]): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  await Promise.all(
    names.map((name) =>
      core.deleteNode({ name }).catch((error: { code?: number }) => {
        if (error.code !== 404) throw error;
      }),
    ),
  );
}

export async function listSimulatedNodes(kc: KubeConfig): Promise<V1Node[]> {
  const core = kc.makeApiClient(CoreV1Api);
  return (await core.listNode({ labelSelector: simulatedNodeLabel })).items;
}

export { isNodeReady };

/** Waits until every named Node reports Ready (kwok has taken it over). */
export async function waitForNodesReady(kc: KubeConfig, names: string[], timeoutMs = 60_000): Promise<void> {
  const core = kc.makeApiClient(CoreV1Api);
  const wanted = new Set(names);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const nodes = (await core.listNode({ labelSelector: simulatedNodeLabel })).items;
    const ready = nodes.filter((n) => wanted.has(n.metadata?.name ?? '') && isNodeReady(n)).length;
    if (ready === wanted.size) return;
    if (Date.now() > deadline) throw new Error(`only ${ready} of ${wanted.size} simulated Nodes became Ready within ${timeoutMs / 1000}s`);
    await sleep(100);
  }
}
