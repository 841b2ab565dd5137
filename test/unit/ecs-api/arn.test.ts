import { describe, expect, it } from 'vitest';
import {
  ArnError,
  clusterArn,
  containerInstanceArn,
  parseClusterIdentifier,
  parseContainerInstanceIdentifier,
  parseNamespacedIdentifier,
  parseTaskDefinitionIdentifier,
  serviceArn,
  taskArn,
  taskDefinitionArn,
} from '../../../src/ecs-api/arn.ts';

describe('ARNs', () => {
  it('round-trips every kind it prints', () => {
    expect(parseClusterIdentifier(clusterArn('prod'))).toBe('prod');
    expect(parseContainerInstanceIdentifier(containerInstanceArn('prod', 'kwok-node-0'))).toEqual({ cluster: 'prod', node: 'kwok-node-0' });
    expect(parseNamespacedIdentifier(taskArn('prod', 'team-a', 'web-3f2a.1'), 'task', 'default')).toEqual({ cluster: 'prod', namespace: 'team-a', name: 'web-3f2a.1' });
    expect(parseNamespacedIdentifier(serviceArn('default', 'team-a', 'api'), 'service', 'other')).toEqual({ cluster: 'default', namespace: 'team-a', name: 'api' });
    expect(parseTaskDefinitionIdentifier(taskDefinitionArn('team-a', 'web_App', 7), 'other')).toEqual({ namespace: 'team-a', family: 'web_App', revision: 7 });
  });

  it('prints ECS-shaped ARNs', () => {
    expect(taskArn('default', 'ns', 'web-1')).toBe('arn:aws:ecs:local:000000000000:task/default/ns.web-1');
    expect(taskDefinitionArn('ns', 'web', 3)).toBe('arn:aws:ecs:local:000000000000:task-definition/ns.web:3');
  });

  it('accepts the plain names the aws CLI takes, in the namespace of the command', () => {
    expect(parseClusterIdentifier('prod')).toBe('prod');
    expect(parseContainerInstanceIdentifier('kwok-node-2')).toEqual({ node: 'kwok-node-2' });
    expect(parseNamespacedIdentifier('web-1', 'task', 'ns')).toEqual({ namespace: 'ns', name: 'web-1' });
    // The task id of the ARN (its last part) names the task too.
    expect(parseNamespacedIdentifier('team-a.web-1', 'task', 'ns')).toEqual({ namespace: 'team-a', name: 'web-1' });
    expect(parseNamespacedIdentifier('api', 'service', 'ns')).toEqual({ namespace: 'ns', name: 'api' });
    expect(parseTaskDefinitionIdentifier('web', 'ns')).toEqual({ namespace: 'ns', family: 'web' });
    expect(parseTaskDefinitionIdentifier('web:2', 'ns')).toEqual({ namespace: 'ns', family: 'web', revision: 2 });
  });

  it('accepts real AWS ARNs (any region and account) for task definitions', () => {
    expect(parseTaskDefinitionIdentifier('arn:aws:ecs:eu-west-1:123456789012:task-definition/web:7', 'ns')).toEqual({ namespace: 'ns', family: 'web', revision: 7 });
    expect(parseClusterIdentifier('arn:aws:ecs:eu-west-1:123456789012:cluster/prod')).toBe('prod');
  });

  it('refuses an ARN of another kind', () => {
    expect(() => parseClusterIdentifier(taskArn('default', 'ns', 'web-1'))).toThrow(ArnError);
    expect(() => parseNamespacedIdentifier(clusterArn('default'), 'task', 'ns')).toThrow(/expected a task name or ARN/);
    expect(() => parseTaskDefinitionIdentifier('web:0', 'ns')).toThrow(ArnError);
  });
});
