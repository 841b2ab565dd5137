// What an ECS Service's traffic needs on Kubernetes, as data (docs/networking.md). Pure: the
// Service and what the API server serves in, the owned objects (complete bodies for
// server-side apply), the status and the conditions out. The controller applies the plan.
//
//   loadBalancers[] pair     -> core Service <service>-<container>-<port> (kubernetesService.type,
//                               ClusterIP by default) selecting the serving task Pods
//   ... with targetGroupArn  -> TargetGroupBinding to that core Service, if the kind is served;
//                               else condition TargetGroupsBound=False
//   serviceRegistries[0]     -> headless Service <service> (A records; SRV with a port)
//   always                   -> PodDisruptionBudget <service>, minAvailable from the
//                               deployment configuration (pod-disruption-budget.ts)
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import type { Service } from '../../api/v1alpha1/service.ts';
import type { LoadBalancerStatus, ServiceNetworkingStatus, ServiceRegistryStatus } from '../../api/v1alpha1/service-networking.ts';
import { isLabelValue, serviceLabel, servingLabel } from '../../kube/task-pod.ts';
import type { KubernetesObject, V1OwnerReference, V1PodDisruptionBudget, V1Service, V1ServicePort } from '../../kube/types.ts';
import type { ConditionUpdate } from '../status/conditions.ts';
import { loadBalancerServiceName, podDisruptionBudgetName, registryServiceName, targetGroupBindingName } from './names.ts';
import { computeServiceMinAvailable } from './pod-disruption-budget.ts';
import { uniqueTargets } from './task-annotations.ts';
import { TARGET_GROUP_BINDING_API_VERSION, TARGET_GROUP_BINDING_KIND, toTargetGroupBindingSpec, type TargetGroupBinding } from './target-group-binding.ts';

/** Condition types in status.networking.conditions. */
export const NETWORKING_READY = 'Ready';
export const TARGET_GROUPS_BOUND = 'TargetGroupsBound';

/** The SRV port name of the registry Service: `_srv._tcp.<service>.<namespace>.svc.<domain>`. */
export const REGISTRY_PORT_NAME = 'srv';

/** The port name of a load balancer Service: `tcp-<containerPort>`. */
export const loadBalancerPortName = (containerPort: number): string => `tcp-${containerPort}`;

export type OwnedObject = V1Service | V1PodDisruptionBudget | TargetGroupBinding;

export interface NetworkingObservation {
  service: Pick<Service, 'spec' | 'status'> & { metadata: { name: string; namespace: string; uid: string; generation?: number } };
  /** Whether the API server serves elbv2.k8s.aws/v1beta1 TargetGroupBinding (API discovery). */
  targetGroupBindingsServed: boolean;
  /** The cluster DNS domain, for the names in status. */
  clusterDomain: string;
}

export interface NetworkingPlan {
  objects: OwnedObject[];
  status: Omit<ServiceNetworkingStatus, 'conditions'>;
  conditions: ConditionUpdate[];
  /** TargetGroupBindings the previous status listed that the spec no longer wants. */
  staleTargetGroupBindings: string[];
}

export function planServiceNetworking(observation: NetworkingObservation): NetworkingPlan {
  const { service } = observation;
  const { name, namespace, generation } = service.metadata;
  const spec = service.spec;
  const previous = service.status?.networking;
  const previousBindings = (previous?.loadBalancers ?? []).flatMap((lb) => (lb.targetGroupBinding === undefined ? [] : [lb.targetGroupBinding]));

  // Task Pods carry the ECS Service's name as a label value: a longer name selects nothing.
  if (!isLabelValue(name)) {
    return {
      objects: [],
      status: { observedGeneration: generation },
      conditions: [{ type: NETWORKING_READY, status: 'False', reason: 'InvalidServiceName', message: `Service name "${name}" is longer than 63 characters, so its task Pods cannot be selected by a label; no core Service or PodDisruptionBudget is made` }],
      staleTargetGroupBindings: previousBindings,
    };
  }

  const owner: V1OwnerReference = { apiVersion: API_VERSION, kind: 'Service', name, uid: service.metadata.uid, controller: true, blockOwnerDeletion: true };
  const meta = (objectName: string, annotations?: Record<string, string>) => ({
    name: objectName,
    namespace,
    labels: { [serviceLabel]: name, 'app.kubernetes.io/managed-by': 'stevedore' },
    ...(annotations !== undefined && Object.keys(annotations).length > 0 ? { annotations } : {}),
    ownerReferences: [owner],
  });
  const selector = { [serviceLabel]: name, [servingLabel]: 'true' };
  const objects: OwnedObject[] = [];

  // One core Service per container/port pair.
  const exposure = spec.kubernetesService;
  for (const target of uniqueTargets(spec.loadBalancers ?? [])) {
    const port: V1ServicePort = { name: loadBalancerPortName(target.containerPort), protocol: 'TCP', port: target.containerPort, targetPort: target.containerPort };
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(loadBalancerServiceName(name, target.containerName, target.containerPort), exposure?.annotations),
      spec: { type: exposure?.type ?? 'ClusterIP', selector, ports: [port] },
    });
  }

  // One TargetGroupBinding per target group.
  const loadBalancers: LoadBalancerStatus[] = [];
  const arns: string[] = [];
  for (const lb of spec.loadBalancers ?? []) {
    const coreService = loadBalancerServiceName(name, lb.containerName, lb.containerPort);
    const entry: LoadBalancerStatus = { containerName: lb.containerName, containerPort: lb.containerPort, service: coreService };
    if (lb.targetGroupArn !== undefined) {
      entry.targetGroupArn = lb.targetGroupArn;
      arns.push(lb.targetGroupArn);
      if (observation.targetGroupBindingsServed) {
        const bindingName = targetGroupBindingName(name, lb.targetGroupArn);
        entry.targetGroupBinding = bindingName;
        if (!objects.some((o) => o.kind === TARGET_GROUP_BINDING_KIND && o.metadata?.name === bindingName)) {
          objects.push({ apiVersion: TARGET_GROUP_BINDING_API_VERSION, kind: TARGET_GROUP_BINDING_KIND, metadata: meta(bindingName), spec: toTargetGroupBindingSpec(coreService, lb.containerPort, lb.targetGroupArn) });
        }
      }
    }
    loadBalancers.push(entry);
  }

  // The headless Service of the registry.
  const serviceRegistries: ServiceRegistryStatus[] = [];
  for (const registry of (spec.serviceRegistries ?? []).slice(0, 1)) {
    const registryName = registryServiceName(name);
    const port = registry.port ?? registry.containerPort;
    const targetPort = registry.containerPort ?? registry.port;
    const ports: V1ServicePort[] = port === undefined || targetPort === undefined ? [] : [{ name: REGISTRY_PORT_NAME, protocol: 'TCP', port, targetPort: targetPort }];
    objects.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(registryName),
      // No cluster IP: DNS answers with the Pod IPs of the ready tasks, as Cloud Map does.
      spec: { clusterIP: 'None', selector, publishNotReadyAddresses: false, ...(ports.length > 0 ? { ports } : {}) },
    });
    const dnsName = `${registryName}.${namespace}.svc.${observation.clusterDomain}`;
    serviceRegistries.push({
      ...(registry.registryArn === undefined ? {} : { registryArn: registry.registryArn }),
      service: registryName,
      dnsName,
      ...(ports.length > 0 ? { srvName: `_${REGISTRY_PORT_NAME}._tcp.${dnsName}` } : {}),
    });
  }

  const pdbName = podDisruptionBudgetName(name);
  objects.push({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(pdbName),
    spec: { minAvailable: computeServiceMinAvailable(spec, service.status), selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
  });

  const conditions: ConditionUpdate[] = [{ type: NETWORKING_READY, status: 'True', reason: 'ObjectsApplied', message: describeObjects(objects) }];
  if (arns.length > 0) conditions.push(targetGroupCondition(observation.targetGroupBindingsServed, objects, arns));

  const wanted = new Set(objects.filter((o) => o.kind === TARGET_GROUP_BINDING_KIND).map((o) => o.metadata?.name));
  return {
    objects,
    status: {
      observedGeneration: generation,
      ...(loadBalancers.length > 0 ? { loadBalancers } : {}),
      ...(serviceRegistries.length > 0 ? { serviceRegistries } : {}),
      podDisruptionBudget: pdbName,
    },
    conditions,
    staleTargetGroupBindings: [...new Set(previousBindings)].filter((n) => !wanted.has(n)),
  };
}

function targetGroupCondition(served: boolean, objects: readonly KubernetesObject[], arns: readonly string[]): ConditionUpdate {
  if (!served) {
    return {
      type: TARGET_GROUPS_BOUND,
      status: 'False',
      reason: 'TargetGroupBindingNotInstalled',
      message: `The ${TARGET_GROUP_BINDING_KIND} kind (${TARGET_GROUP_BINDING_API_VERSION}) is not installed, so target group ${[...new Set(arns)].join(', ')} does not receive the tasks; install the AWS Load Balancer Controller. The core Services serve the tasks in the cluster.`,
    };
  }
  const bindings = objects.filter((o) => o.kind === TARGET_GROUP_BINDING_KIND).map((o) => o.metadata?.name ?? '');
  return { type: TARGET_GROUPS_BOUND, status: 'True', reason: 'TargetGroupBindingsApplied', message: `TargetGroupBinding ${bindings.join(', ')} registers the tasks in their target groups` };
}

function describeObjects(objects: readonly KubernetesObject[]): string {
  return objects.map((o) => `${o.kind ?? ''} ${o.metadata?.name ?? ''}`).join(', ');
}
