// Node -> container instance status: a cordon, or a taint that a tool sets before it removes
// the Node, makes the instance DRAINING (ECS-SEMANTICS 7.3); other taints leave it ACTIVE.
import type { V1Node, V1Taint } from '@kubernetes/client-node';
import type { Cached } from '../../../src/kube/cached.ts';
import { describe, expect, it } from 'vitest';
import { checkInstanceEligibility, isNodeDraining, toContainerInstance } from '../../../src/kube/container-instances.ts';

const aNode = (spec: { unschedulable?: boolean; taints?: Cached<V1Taint>[] }): Cached<V1Node> => ({
  metadata: { name: 'n1', labels: {} },
  spec,
  status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
});

interface Case {
  name: string;
  unschedulable?: boolean;
  taints?: Cached<V1Taint>[];
  status: 'ACTIVE' | 'DRAINING';
}

describe('container instance status from the Node', () => {
  it.each<Case>([
    { name: 'a plain Node is ACTIVE', status: 'ACTIVE' },
    { name: 'kubectl cordon (spec.unschedulable) is DRAINING', unschedulable: true, status: 'DRAINING' },
    { name: 'the lifecycle controller\'s cordon mirror left after an uncordon is ACTIVE', taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], status: 'ACTIVE' },
    { name: 'Karpenter v1 karpenter.sh/disrupted is DRAINING', taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }], status: 'DRAINING' },
    { name: 'Karpenter before v1 karpenter.sh/disruption=disrupting is DRAINING', taints: [{ key: 'karpenter.sh/disruption', value: 'disrupting', effect: 'NoSchedule' }], status: 'DRAINING' },
    { name: 'cluster-autoscaler ToBeDeletedByClusterAutoscaler is DRAINING', taints: [{ key: 'ToBeDeletedByClusterAutoscaler', value: '1733090000', effect: 'NoSchedule' }], status: 'DRAINING' },
    { name: 'a disruption key with NoExecute is DRAINING', taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoExecute' }], status: 'DRAINING' },
    { name: 'a disruption key that only prefers no scheduling is ACTIVE', taints: [{ key: 'karpenter.sh/disrupted', effect: 'PreferNoSchedule' }], status: 'ACTIVE' },
    { name: 'DeletionCandidateOfClusterAutoscaler (a candidate only) is ACTIVE', taints: [{ key: 'DeletionCandidateOfClusterAutoscaler', value: '1733090000', effect: 'PreferNoSchedule' }], status: 'ACTIVE' },
    { name: 'an unrelated NoSchedule taint is ACTIVE (eligibility says why it takes no tasks)', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], status: 'ACTIVE' },
    { name: 'node.kubernetes.io/not-ready is ACTIVE (the agent is disconnected, not draining)', taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' }], status: 'ACTIVE' },
    { name: 'a disruption taint beside others is DRAINING', taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }, { key: 'ToBeDeletedByClusterAutoscaler', value: '1', effect: 'NoSchedule' }], status: 'DRAINING' },
  ])('$name', ({ unschedulable, taints, status }) => {
    const node = aNode({ ...(unschedulable === undefined ? {} : { unschedulable }), ...(taints === undefined ? {} : { taints }) });
    expect(toContainerInstance(node, undefined, {}).status).toBe(status);
    expect(isNodeDraining(node)).toBe(status === 'DRAINING');
  });
});

describe('container instance eligibility from the Node', () => {
  it.each<{ name: string; taints: Cached<V1Taint>[]; eligible: boolean }>([
    { name: 'no taints: eligible', taints: [], eligible: true },
    { name: 'an untolerated NoSchedule taint: not eligible', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], eligible: false },
    { name: 'a PreferNoSchedule taint: eligible', taints: [{ key: 'dedicated', value: 'gpu', effect: 'PreferNoSchedule' }], eligible: true },
    { name: 'the cordon mirror left after an uncordon: eligible (spec.unschedulable decides)', taints: [{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }], eligible: true },
    // A disruption taint makes the instance DRAINING: its tasks are replaced within the floor, not lost.
    { name: 'Karpenter v1 karpenter.sh/disrupted: eligible (DRAINING keeps new tasks off)', taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }], eligible: true },
    { name: 'Karpenter before v1 karpenter.sh/disruption=disrupting: eligible (DRAINING)', taints: [{ key: 'karpenter.sh/disruption', value: 'disrupting', effect: 'NoSchedule' }], eligible: true },
    { name: 'cluster-autoscaler ToBeDeletedByClusterAutoscaler NoExecute: eligible (DRAINING)', taints: [{ key: 'ToBeDeletedByClusterAutoscaler', value: '1733090000', effect: 'NoExecute' }], eligible: true },
    { name: 'a disruption taint beside an untolerated one: not eligible (the other taint decides)', taints: [{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }, { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }], eligible: false },
  ])('$name', ({ taints, eligible }) => {
    expect(checkInstanceEligibility(aNode({ taints }), undefined, []).eligible).toBe(eligible);
  });
});
