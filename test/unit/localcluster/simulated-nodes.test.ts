import { describe, expect, it } from 'vitest';
import { defaultNodeSet, planNodeSet, simulatedNodeLabel, toNodeManifest } from '../../../src/localcluster/simulated-nodes.ts';

describe('planNodeSet', () => {
  it.each([
    { name: 'the default set is six Nodes, two per zone', options: defaultNodeSet, zones: ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1a', 'us-east-1b', 'us-east-1c'] },
    { name: 'a single zone takes every Node', options: { ...defaultNodeSet, count: 2, zones: ['eu-west-1a'] }, zones: ['eu-west-1a', 'eu-west-1a'] },
    { name: 'a later set continues the round robin where its index starts', options: { ...defaultNodeSet, count: 2, startIndex: 7 }, zones: ['us-east-1b', 'us-east-1c'] },
    { name: 'zero Nodes is an empty set', options: { ...defaultNodeSet, count: 0 }, zones: [] },
  ])('$name', ({ options, zones }) => {
    expect(planNodeSet(options).map((n) => n.zone)).toEqual(zones);
  });

  it('names Nodes by prefix and index so that sets never collide', () => {
    expect(planNodeSet({ ...defaultNodeSet, count: 2, startIndex: 6, prefix: 'big' }).map((n) => n.name)).toEqual(['big-6', 'big-7']);
  });
});

describe('toNodeManifest', () => {
  const [spec] = planNodeSet({ ...defaultNodeSet, count: 1, cpu: '2', memory: '8Gi', pods: 30, instanceType: 'm5.large', labels: { 'attr.ecs.stevedore.dev/stack': 'prod' } });

  it('carries the well-known labels the ECS attributes are derived from', () => {
    expect(toNodeManifest(spec!).metadata?.labels).toEqual({
      'kubernetes.io/hostname': 'kwok-node-0',
      'kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'topology.kubernetes.io/region': 'us-east-1',
      'topology.kubernetes.io/zone': 'us-east-1a',
      'node.kubernetes.io/instance-type': 'm5.large',
      [simulatedNodeLabel]: 'true',
      'attr.ecs.stevedore.dev/stack': 'prod',
    });
  });

  it('registers the asked-for capacity as allocatable', () => {
    expect(toNodeManifest(spec!).status?.allocatable).toEqual({ cpu: '2', memory: '8Gi', pods: '30' });
  });
});
