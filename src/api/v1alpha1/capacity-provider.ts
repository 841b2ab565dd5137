/** Capacity providers (ECS-SEMANTICS 7.5): a named pool of Nodes, and the strategy items that spread tasks over pools. */
import { z } from 'zod';
import { ecsName, int, labelSelector } from './meta.ts';

export const MAX_CAPACITY_PROVIDERS = 20;

export const capacityProviderStrategyItem = z.object({
  capacityProvider: ecsName().describe('Name of a capacity provider of the Cluster.'),
  weight: int(0, 1000).optional().describe('Relative share of tasks after bases are met (0..1000, default 0; weight 0 gets no tasks).'),
  base: int(0, 100000).optional().describe('Minimum number of tasks on this provider (0..100000, default 0); at most one item may set a base.'),
});

export const capacityProviderStrategy = z
  .array(capacityProviderStrategyItem)
  .max(MAX_CAPACITY_PROVIDERS)
  .meta({
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['capacityProvider'],
    'x-kubernetes-validations': [
      { rule: 'self.filter(i, has(i.base) && i.base > 0).size() <= 1', message: 'Only one capacity provider in a strategy can have a base.' },
    ],
  })
  .describe('Capacity provider strategy: up to 20 providers with weight and base. Absent means the Cluster default strategy.');

export const capacityProvider = z.object({
  name: ecsName().describe('Capacity provider name, as used in capacityProviderStrategy.'),
  nodeSelector: labelSelector.describe('Nodes of the Cluster that belong to this provider.'),
});

export type CapacityProviderStrategyItem = z.infer<typeof capacityProviderStrategyItem>;
export type CapacityProvider = z.infer<typeof capacityProvider>;
