import { describe, expect, it } from 'vitest';
import { computeDeploymentConfiguration, type EffectiveDeploymentConfiguration } from '../../../src/api/v1alpha1/deployment-defaults.ts';
import type { DeploymentConfiguration, SchedulingStrategy } from '../../../src/api/v1alpha1/service.ts';

describe('computeDeploymentConfiguration (ECS-SEMANTICS 6.6)', () => {
  const off = { enable: false, rollback: false };
  it.each<{ name: string; schedulingStrategy: SchedulingStrategy; given?: DeploymentConfiguration; expected: EffectiveDeploymentConfiguration }>([
    { name: 'REPLICA defaults to 100/200', schedulingStrategy: 'REPLICA', expected: { minimumHealthyPercent: 100, maximumPercent: 200, deploymentCircuitBreaker: off } },
    { name: 'DAEMON defaults to 0/100', schedulingStrategy: 'DAEMON', expected: { minimumHealthyPercent: 0, maximumPercent: 100, deploymentCircuitBreaker: off } },
    {
      name: 'given values win',
      schedulingStrategy: 'REPLICA',
      given: { minimumHealthyPercent: 50, deploymentCircuitBreaker: { enable: true, rollback: true } },
      expected: { minimumHealthyPercent: 50, maximumPercent: 200, deploymentCircuitBreaker: { enable: true, rollback: true } },
    },
  ])('$name', ({ schedulingStrategy, given, expected }) => {
    expect(computeDeploymentConfiguration({ schedulingStrategy, deploymentConfiguration: given })).toEqual(expected);
  });
});
