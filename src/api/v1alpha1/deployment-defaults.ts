/**
 * Service defaults that depend on the scheduling strategy (ECS-SEMANTICS 6.6), so they cannot
 * be schema defaults: REPLICA 100/200, DAEMON 0/100.
 */
import type { DeploymentConfiguration, ServiceSpec } from './service.ts';

export interface EffectiveDeploymentConfiguration {
  minimumHealthyPercent: number;
  maximumPercent: number;
  deploymentCircuitBreaker: { enable: boolean; rollback: boolean };
}

export const REPLICA_DEPLOYMENT_DEFAULTS = { minimumHealthyPercent: 100, maximumPercent: 200 } as const;
export const DAEMON_DEPLOYMENT_DEFAULTS = { minimumHealthyPercent: 0, maximumPercent: 100 } as const;

export const computeDeploymentConfiguration = (
  spec: Pick<ServiceSpec, 'schedulingStrategy'> & { deploymentConfiguration?: DeploymentConfiguration | undefined },
): EffectiveDeploymentConfiguration => {
  const defaults = spec.schedulingStrategy === 'DAEMON' ? DAEMON_DEPLOYMENT_DEFAULTS : REPLICA_DEPLOYMENT_DEFAULTS;
  const given = spec.deploymentConfiguration ?? {};
  return {
    minimumHealthyPercent: given.minimumHealthyPercent ?? defaults.minimumHealthyPercent,
    maximumPercent: given.maximumPercent ?? defaults.maximumPercent,
    deploymentCircuitBreaker: given.deploymentCircuitBreaker ?? { enable: false, rollback: false },
  };
};
