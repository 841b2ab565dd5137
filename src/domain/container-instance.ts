// A container instance as the placement engine sees it: plain data, whatever it was built
// from (a Kubernetes Node in the operator, a JSON scenario in `stevedore simulate`).
import type { InstanceResources } from './resources.ts';

/** ECS-SEMANTICS 7.2. Only ACTIVE instances accept new tasks. */
export type ContainerInstanceStatus =
  | 'ACTIVE'
  | 'DRAINING'
  | 'INACTIVE'
  | 'REGISTERING'
  | 'REGISTRATION_FAILED'
  | 'DEREGISTERING';

export interface ContainerInstanceView {
  /** Container instance id (or ARN); also the default `ec2InstanceId`. */
  id: string;
  status: ContainerInstanceStatus;
  agentConnected: boolean;
  agentVersion?: string;
  ec2InstanceId?: string;
  /** ISO-8601 registration time. */
  registeredAt?: string;
  /** Built-in and custom attributes by ECS name; an attribute without a value maps to "". */
  attributes: Readonly<Record<string, string>>;
  registeredResources: InstanceResources;
  /** The capacity provider (node pool) the instance belongs to, if any. */
  capacityProviderName?: string;
}
