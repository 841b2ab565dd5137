import { describe, expect, it } from 'vitest';
import type { PlacementConstraint, PlacementStrategy } from '../../../src/domain/task-definition.ts';
import { ClusterSnapshot, runTask, seededRng, type PlacementRequest } from '../../../src/placement/index.ts';
import type { ContainerInstanceView } from '../../../src/domain/container-instance.ts';
import { aContainerInstance, f3 } from '../../builders/container-instance.ts';
import { aRequirement } from '../../builders/task.ts';

interface Case {
  name: string;
  request?: Partial<PlacementRequest>;
  instances?: ContainerInstanceView[];
  error: { code: string; message: string } | undefined;
}

const memberOf = (k: number): PlacementConstraint => ({ type: 'memberOf', expression: `attribute:k${k} !exists` });
const spread: PlacementStrategy = { type: 'spread', field: 'instanceId' };

describe('RunTask request checks (ECS-SEMANTICS 4.1, Q18)', () => {
  it.each<Case>([
    { name: 'count 10 is accepted', request: { count: 10 }, error: undefined },
    { name: 'count 11 is rejected', request: { count: 11 }, error: { code: 'InvalidParameterException', message: 'count must be between 1 and 10.' } },
    { name: 'count 0 is rejected', request: { count: 0 }, error: { code: 'InvalidParameterException', message: 'count must be between 1 and 10.' } },
    { name: 'G23 five strategies accepted', request: { placementStrategy: Array(5).fill(spread) }, error: undefined },
    {
      name: 'G23 six strategies rejected',
      request: { placementStrategy: Array(6).fill(spread) },
      error: { code: 'InvalidParameterException', message: 'The number of placement strategies cannot exceed 5.' },
    },
    {
      name: 'G23 6 task-definition + 5 request constraints rejected (10 combined)',
      request: { placementConstraints: Array.from({ length: 11 }, (_, k) => memberOf(k)) },
      error: { code: 'InvalidParameterException', message: 'The number of placement constraints, task definition and request combined, cannot exceed 10.' },
    },
    { name: '10 constraints accepted', request: { placementConstraints: Array.from({ length: 10 }, (_, k) => memberOf(k)) }, error: undefined },
    {
      name: 'binpack on an unknown field',
      request: { placementStrategy: [{ type: 'binpack', field: 'disk' as 'cpu' }] },
      error: { code: 'InvalidParameterException', message: "Invalid field 'disk' for placement strategy binpack: use cpu or memory." },
    },
    {
      name: 'spread on an unknown field',
      request: { placementStrategy: [{ type: 'spread', field: 'zone' }] },
      error: { code: 'InvalidParameterException', message: "Invalid field 'zone' for placement strategy spread: use instanceId, host or attribute:<name>." },
    },
    {
      name: 'memberOf with a broken expression says where',
      request: { placementConstraints: [{ type: 'memberOf', expression: 'attribute:a === b' }] },
      error: {
        code: 'InvalidParameterException',
        message: "Invalid placement constraint expression 'attribute:a === b': unexpected 'b', expected 'and', 'or' or the end at position 16",
      },
    },
    {
      name: 'memberOf expression longer than 2000 characters',
      request: { placementConstraints: [{ type: 'memberOf', expression: `attribute:a in [${'x,'.repeat(1000)}y]` }] },
      error: { code: 'InvalidParameterException', message: 'A placement constraint expression cannot be longer than 2000 characters.' },
    },
    { name: 'spread on host (alias of instanceId) is accepted', request: { placementStrategy: [{ type: 'spread', field: 'host' }] }, error: undefined },
    {
      name: 'distinctInstance with an expression',
      request: { placementConstraints: [{ type: 'distinctInstance', expression: 'x' }] },
      error: { code: 'InvalidParameterException', message: 'An expression is not allowed for placement constraint type distinctInstance.' },
    },
    {
      name: 'group longer than 255',
      request: { group: 'g'.repeat(256) },
      error: { code: 'InvalidParameterException', message: 'group must be between 1 and 255 characters.' },
    },
    {
      name: 'G19 empty cluster',
      instances: [],
      error: { code: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' },
    },
    {
      name: 'a cluster of deregistered instances is empty',
      instances: [aContainerInstance('i1').status('INACTIVE').build()],
      error: { code: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' },
    },
    {
      name: 'two capacity providers with a base',
      request: { capacityProviderStrategy: [{ capacityProvider: 'a', base: 1, weight: 1 }, { capacityProvider: 'b', base: 1, weight: 1 }] },
      error: { code: 'InvalidParameterException', message: 'Only one capacity provider in a capacity provider strategy can have a base.' },
    },
    {
      name: 'capacity providers all weight 0',
      request: { capacityProviderStrategy: [{ capacityProvider: 'a', base: 1 }] },
      error: { code: 'InvalidParameterException', message: 'At least one capacity provider in the capacity provider strategy must have a weight greater than zero.' },
    },
  ])('$name', ({ request, instances, error }) => {
    const outcome = runTask(
      { kind: 'runTask', group: 'family:web', count: 1, requirement: aRequirement({ cpu: 1, memory: 1 }), ...request },
      ClusterSnapshot.build(instances ?? f3(), []),
      seededRng(1),
    );
    expect('error' in outcome ? outcome.error : undefined).toEqual(error);
  });
});
