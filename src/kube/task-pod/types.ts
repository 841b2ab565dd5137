// The contract of the task definition to Pod translation (DESIGN.md "Task definition to Pod").
import type { V1Pod } from '@kubernetes/client-node';
import type { SecurityPolicy, Toleration } from '../../api/v1alpha1/cluster.ts';
import type { NetworkConfiguration } from '../../api/v1alpha1/network-configuration.ts';
import type { NormalizedContainerDefinition, NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';

export interface TaskPodInput {
  task: { name: string; namespace: string; uid: string };
  /** The effective task definition: the revision with the Task's overrides applied. */
  taskDefinition: NormalizedTaskDefinition;
  revision: number;
  cluster: string;
  group: string;
  /** The Node placement chose; the Pod is created bound to it. */
  node: string;
  service?: string;
  /** The Cluster's tolerations, added to every task Pod. */
  tolerations?: readonly Toleration[];
  /** The Cluster's security gates; absent means every gate is closed (the Cluster default). */
  securityPolicy?: SecurityPolicy;
  /**
   * Host ports the operator assigned to bridge-mode dynamic mappings (hostPort 0 or absent),
   * keyed by dynamicHostPortKey(container, containerPort, protocol).
   */
  dynamicHostPorts?: ReadonlyMap<string, number>;
  /** The Task's awsvpc networkConfiguration, if it has one: accepted, never applied. */
  networkConfiguration?: NetworkConfiguration;
  /**
   * The container/port pairs of the service's loadBalancers[] when the task belongs to a
   * load-balanced service: a container among them without a healthCheck gets a TCP readiness
   * probe standing in for the target group's health check (load-balancing.ts).
   */
  loadBalancerTargets?: readonly LoadBalancerTarget[];
}

/** One loadBalancers[] entry as the task Pod sees it. */
export interface LoadBalancerTarget {
  containerName: string;
  containerPort: number;
}

/** Something of the task definition Kubernetes cannot express; surfaced as a condition, never dropped silently. */
export interface PodWarning {
  /** Where it comes from, in ECS terms: `containerDefinitions[web].ulimits`, `volumes[data]`, `networkMode`. */
  field: string;
  message: string;
}

/** Why a task cannot become a Pod; `reason` is CamelCase for a condition. */
export interface TaskPodRefusal {
  ok: false;
  reason: TaskPodRefusalReason;
  message: string;
}

export type TaskPodRefusalReason =
  | 'PrivilegedNotAllowed'
  | 'CapabilitiesNotAllowed'
  | 'HostNetworkNotAllowed'
  | 'HostPidNotAllowed'
  | 'HostIpcNotAllowed'
  | 'HostPathNotAllowed'
  | 'UnsupportedSecretReference'
  | 'DependencyCycle'
  | 'InvalidDependency'
  | 'UnknownVolume';

export type TaskPodResult = { ok: true; pod: V1Pod; warnings: PodWarning[] } | TaskPodRefusal;

/** How an ECS container is realised in the Pod (see dependencies.ts). */
export type PodContainerRole = 'app' | 'sidecar' | 'init';

export type ContainerDefinition = NormalizedContainerDefinition;
export type TaskDefinition = NormalizedTaskDefinition;

export const refuse = (reason: TaskPodRefusalReason, message: string): TaskPodRefusal => ({ ok: false, reason, message });

/** The warning field of a container's setting, in ECS terms. */
export const containerField = (container: ContainerDefinition, field?: string): string =>
  `containerDefinitions[${container.name}]${field === undefined ? '' : `.${field}`}`;
