import { describe, expect, it } from 'vitest';
import { computeMembership, nodesOfCluster, type ClusterSelector, type NodeLabels } from '../../../src/controllers/cluster/membership.ts';
import { matchesLabelSelector } from '../../../src/util/label-selector.ts';

const node = (name: string, labels: Record<string, string> = {}): NodeLabels => ({ name, labels });
const nodes = [node('n1', { pool: 'web' }), node('n2', { pool: 'web', gpu: 'yes' }), node('n3', { pool: 'batch' }), node('n4')];

describe('computeMembership', () => {
  it.each<{ name: string; clusters: ClusterSelector[]; clusterOf: Record<string, string>; conflicts?: Record<string, string[]> }>([
    { name: 'without Clusters no Node belongs anywhere', clusters: [], clusterOf: {} },
    { name: 'the default Cluster alone holds every Node', clusters: [{ name: 'default' }], clusterOf: { n1: 'default', n2: 'default', n3: 'default', n4: 'default' } },
    {
      name: 'the default Cluster holds what no other Cluster selects',
      clusters: [{ name: 'default' }, { name: 'web', nodeSelector: { matchLabels: { pool: 'web' } } }],
      clusterOf: { n1: 'web', n2: 'web', n3: 'default', n4: 'default' },
    },
    {
      name: 'a Node selected by two Clusters is used by neither',
      clusters: [
        { name: 'default' },
        { name: 'web', nodeSelector: { matchLabels: { pool: 'web' } } },
        { name: 'gpu', nodeSelector: { matchExpressions: [{ key: 'gpu', operator: 'Exists' }] } },
      ],
      clusterOf: { n1: 'web', n3: 'default', n4: 'default' },
      conflicts: { n2: ['gpu', 'web'] },
    },
    {
      name: 'a default Cluster with a selector narrows what it holds',
      clusters: [{ name: 'default', nodeSelector: { matchLabels: { pool: 'batch' } } }],
      clusterOf: { n3: 'default' },
    },
  ])('$name', ({ clusters, clusterOf, conflicts = {} }) => {
    const membership = computeMembership(clusters, nodes);
    expect(Object.fromEntries(membership.clusterOf)).toEqual(clusterOf);
    expect(Object.fromEntries(membership.conflicts)).toEqual(conflicts);
  });

  it('lists a Cluster’s members and conflicts', () => {
    const membership = computeMembership([{ name: 'a', nodeSelector: { matchLabels: { pool: 'web' } } }, { name: 'b', nodeSelector: { matchLabels: { gpu: 'yes' } } }], nodes);
    expect(nodesOfCluster(membership, 'a')).toEqual({ members: ['n1'], conflicting: ['n2'] });
    expect(nodesOfCluster(membership, 'b')).toEqual({ members: [], conflicting: ['n2'] });
  });
});

describe('matchesLabelSelector', () => {
  const labels = { zone: 'a', tier: 'web' };
  it.each([
    ['no selector', undefined, true],
    ['matchLabels hit', { matchLabels: { zone: 'a' } }, true],
    ['matchLabels miss', { matchLabels: { zone: 'b' } }, false],
    ['In', { matchExpressions: [{ key: 'zone', operator: 'In' as const, values: ['a', 'b'] }] }, true],
    ['In on a missing key', { matchExpressions: [{ key: 'x', operator: 'In' as const, values: ['a'] }] }, false],
    ['NotIn on a missing key', { matchExpressions: [{ key: 'x', operator: 'NotIn' as const, values: ['a'] }] }, true],
    ['NotIn hit', { matchExpressions: [{ key: 'zone', operator: 'NotIn' as const, values: ['a'] }] }, false],
    ['Exists', { matchExpressions: [{ key: 'tier', operator: 'Exists' as const }] }, true],
    ['DoesNotExist', { matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' as const }] }, false],
  ])('%s', (_, selector, expected) => {
    expect(matchesLabelSelector(selector, labels)).toBe(expected);
  });
});
