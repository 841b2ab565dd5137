// Nodes as ECS container instances (DESIGN.md "Container instances are Nodes"): what the
// placement engine sees of a Node. Resources are what the Node's allocatable leaves after
// every Pod that is not one of our tasks; our tasks are counted as tasks, by their ECS
// reservation, so that spread, distinctInstance and task:group see them.
import type { V1Node, V1Pod, V1Taint } from '@kubernetes/client-node';
import type { ReservedPort, Toleration } from '../api/v1alpha1/cluster.ts';
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import { DEFAULT_LINUX_RESERVED_TCP_PORTS } from '../domain/resources.ts';
import type { Cached } from './cached.ts';
import { computePodRequests, holdsNodeResources, podHostPorts } from './pod-requests.ts';
import { isNodeReady } from './node-readiness.ts';
import { bytesToMiB, cpuMillicores, memoryBytes, millicoresToCpuUnits, parseQuantity } from './quantity.ts';

/** Node labels under this prefix are custom ECS attributes: `attr.ecs.stevedore.dev/stack=prod`. */
export const customAttributePrefix = 'attr.ecs.stevedore.dev/';

/** Well-known labels that become ECS's built-in attributes. */
const builtInAttributes: Record<string, string> = {
  'topology.kubernetes.io/zone': 'ecs.availability-zone',
  'node.kubernetes.io/instance-type': 'ecs.instance-type',
  'kubernetes.io/os': 'ecs.os-type',
  'kubernetes.io/arch': 'ecs.cpu-architecture',
};

export function attributesOf(labels: Readonly<Record<string, string>>): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [label, value] of Object.entries(labels)) {
    const builtIn = builtInAttributes[label];
    if (builtIn !== undefined) attributes[builtIn] = builtIn === 'ecs.cpu-architecture' && value === 'amd64' ? 'x86_64' : value;
    else if (label.startsWith(customAttributePrefix)) attributes[label.slice(customAttributePrefix.length)] = value;
  }
  if (attributes['ecs.os-type'] === 'linux') attributes['ecs.os-family'] = 'LINUX';
  return attributes;
}

/** What the Pods that are not our tasks take from a Node. */
export interface ForeignUsage {
  cpuMillicores: number;
  memoryBytes: number;
  tcpPorts: number[];
  udpPorts: number[];
  /** Every Pod holding a slot, ours included: the kubelet admits at most allocatable.pods. */
  pods: number;
}

/** Sums the usage of the Pods on each Node; `isTaskPod` tells ours apart. */
export function computeNodeUsage(pods: Iterable<Cached<V1Pod>>, isTaskPod: (pod: Cached<V1Pod>) => boolean): Map<string, ForeignUsage> {
  const usage = new Map<string, ForeignUsage>();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (node === undefined || node === '' || !holdsNodeResources(pod as V1Pod)) continue;
    let entry = usage.get(node);
    if (entry === undefined) {
      entry = { cpuMillicores: 0, memoryBytes: 0, tcpPorts: [], udpPorts: [], pods: 0 };
      usage.set(node, entry);
    }
    entry.pods++;
    if (isTaskPod(pod)) continue;
    const requests = computePodRequests(pod as V1Pod);
    entry.cpuMillicores += requests.cpuMillicores;
    entry.memoryBytes += requests.memoryBytes;
    const ports = podHostPorts(pod as V1Pod);
    entry.tcpPorts.push(...ports.tcp);
    entry.udpPorts.push(...ports.udp);
  }
  return usage;
}

export interface InstancePolicy {
  reservedPorts?: readonly ReservedPort[];
  tolerations?: readonly Toleration[];
  capacityProviderOf?: (node: Cached<V1Node>) => string | undefined;
}

export type InstanceEligibility = { eligible: true } | { eligible: false; reason: 'UntoleratedTaint' | 'PodsFull'; message: string };

/**
 * The container instance a Node is. CPU units = allocatable millicores × 1024 / 1000 and
 * memory in MiB, both less what other Pods request; reserved ports are the Cluster's (ECS's
 * Linux defaults when it names none) plus host ports other Pods hold.
 */
export function toContainerInstance(node: Cached<V1Node>, usage: ForeignUsage | undefined, policy: InstancePolicy): ContainerInstanceView {
  const allocatable = node.status?.allocatable ?? {};
  const cpu = millicoresToCpuUnits(cpuMillicores(allocatable.cpu ?? '0') - (usage?.cpuMillicores ?? 0));
  const memory = bytesToMiB(memoryBytes(allocatable.memory ?? '0') - (usage?.memoryBytes ?? 0));
  const reserved = policy.reservedPorts;
  const reservedTcp = reserved === undefined ? DEFAULT_LINUX_RESERVED_TCP_PORTS : reserved.filter((p) => p.protocol !== 'udp').map((p) => p.port);
  const reservedUdp = reserved?.filter((p) => p.protocol === 'udp').map((p) => p.port) ?? [];
  return {
    id: node.metadata?.name ?? '',
    status: isNodeDraining(node) ? 'DRAINING' : 'ACTIVE',
    agentConnected: isNodeReady(node),
    agentVersion: node.status?.nodeInfo?.kubeletVersion,
    ec2InstanceId: node.metadata?.name,
    registeredAt: node.metadata?.creationTimestamp,
    attributes: attributesOf(node.metadata?.labels ?? {}),
    registeredResources: {
      cpu: Math.max(0, cpu),
      memory: Math.max(0, memory),
      tcpPorts: unique([...reservedTcp, ...(usage?.tcpPorts ?? [])]),
      udpPorts: unique([...reservedUdp, ...(usage?.udpPorts ?? [])]),
    },
    capacityProviderName: policy.capacityProviderOf?.(node),
  };
}

/**
 * Taints that tools set on a Node they are about to remove (ECS-SEMANTICS 7.3 via DESIGN.md):
 * Karpenter v1 (`karpenter.sh/disrupted`) and before v1 (`karpenter.sh/disruption=disrupting`),
 * and cluster-autoscaler's scale-down (`ToBeDeletedByClusterAutoscaler`). cluster-autoscaler's
 * `DeletionCandidateOfClusterAutoscaler` (PreferNoSchedule) is only a candidate: not draining.
 */
export const DISRUPTION_TAINT_KEYS: readonly string[] = ['karpenter.sh/disrupted', 'karpenter.sh/disruption', 'ToBeDeletedByClusterAutoscaler'];

/**
 * The node lifecycle controller mirrors `spec.unschedulable` as this taint, and removes it some
 * time after an uncordon. `spec.unschedulable` is the truth, so the mirror is ignored both for
 * DRAINING and for eligibility: an uncordoned Node is ACTIVE and takes tasks at once.
 */
const CORDON_MIRROR_TAINT_KEY = 'node.kubernetes.io/unschedulable';

/**
 * A cordoned Node, or one carrying a disruption taint, is a DRAINING container instance: no
 * new tasks, and its service tasks are replaced elsewhere before the Node goes.
 */
export function isNodeDraining(node: Cached<V1Node>): boolean {
  if (node.spec?.unschedulable === true) return true;
  return (node.spec?.taints ?? []).some(isDisruptionTaint);
}

/** A disruption taint that keeps new Pods off: the instance is DRAINING (not ineligible). */
export const isDisruptionTaint = (t: Cached<V1Taint>): boolean => DISRUPTION_TAINT_KEYS.includes(t.key) && (t.effect === 'NoSchedule' || t.effect === 'NoExecute');

/**
 * Whether a Node may take tasks at all: taints the Cluster does not tolerate, and a Node whose
 * kubelet would refuse another Pod, take it out of the pool before placement.
 *
 * A disruption taint is not one of those: it makes the instance DRAINING, which already keeps
 * new tasks off it. Taking the Node out of the pool instead would make its tasks lost, stopped
 * at once below minimumHealthyPercent, rather than replaced within it (7.3).
 */
export function checkInstanceEligibility(node: Cached<V1Node>, usage: ForeignUsage | undefined, tolerations: readonly Toleration[] | undefined): InstanceEligibility {
  const keepsTasksOff = (t: Cached<V1Taint>) => t.key !== CORDON_MIRROR_TAINT_KEY && !isDisruptionTaint(t) && (t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  const taint = (node.spec?.taints ?? []).find((t) => keepsTasksOff(t) && !tolerates(tolerations ?? [], t));
  if (taint !== undefined) return { eligible: false, reason: 'UntoleratedTaint', message: `Node has taint ${taint.key}=${taint.value ?? ''}:${taint.effect} that the Cluster does not tolerate` };
  const podLimit = Math.floor(parseQuantity(node.status?.allocatable?.pods ?? '110'));
  if ((usage?.pods ?? 0) >= podLimit) return { eligible: false, reason: 'PodsFull', message: `Node already runs ${podLimit} Pods, its allocatable maximum` };
  return { eligible: true };
}

export function tolerates(tolerations: readonly Toleration[], taint: Cached<V1Taint>): boolean {
  return tolerations.some((t) => {
    if (t.effect !== undefined && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return t.key === undefined || t.key === '' || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

function unique(ports: readonly number[]): number[] {
  return [...new Set(ports)].sort((a, b) => a - b);
}

