/**
 * The Kubernetes-only networking parts of a Service (docs/networking.md): how the core Services
 * that realise `loadBalancers[]` are exposed, and what the service-networking controller
 * reports in `status.networking` (a sub-object of its own: the Service controller owns the
 * rest of the status).
 */
import { z } from 'zod';
import { conditions } from './conditions.ts';
import { int, text } from './meta.ts';

export const kubernetesServiceType = z.enum(['ClusterIP', 'NodePort', 'LoadBalancer']);

export const kubernetesService = z
  .object({
    type: kubernetesServiceType.optional().describe('Type of the core Services made for loadBalancers[] (default ClusterIP).'),
    annotations: z.record(z.string().max(317), z.string().max(4096)).optional().describe('Annotations put on those core Services (cloud load balancer settings).'),
  })
  .describe('Kubernetes-only. How the core Services made for loadBalancers[] are exposed.');

export const loadBalancerStatus = z.object({
  containerName: text(255).describe('Container that receives traffic.'),
  containerPort: int(1, 65535).describe('Port of that container.'),
  service: text(63).describe('The core Service selecting the serving task Pods.'),
  targetGroupArn: text(2048).optional().describe('Target group of this entry, if any.'),
  targetGroupBinding: text(253).optional().describe('The TargetGroupBinding that registers the task Pods in that target group.'),
});

export const serviceRegistryStatus = z.object({
  registryArn: text(2048).optional().describe('Cloud Map registry of this entry, if any.'),
  service: text(63).describe('The headless core Service whose DNS names resolve to the task Pods.'),
  dnsName: text(253).describe('A records: <service>.<namespace>.svc.<cluster domain>.'),
  srvName: text(253).optional().describe('SRV records: _<port name>._<protocol>.<service>.<namespace>.svc.<cluster domain>.'),
});

export const serviceNetworkingStatus = z
  .object({
    observedGeneration: z.int().min(0).optional().describe('The .metadata.generation the networking objects were made from.'),
    loadBalancers: z.array(loadBalancerStatus).max(5).optional().describe('One entry per loadBalancers[] entry.'),
    serviceRegistries: z.array(serviceRegistryStatus).max(1).optional().describe('One entry per serviceRegistries[] entry.'),
    podDisruptionBudget: text(253).optional().describe('The PodDisruptionBudget that keeps evictions within minimumHealthyPercent.'),
    conditions: conditions.optional(),
  })
  .describe('Core Services, TargetGroupBindings and the PodDisruptionBudget made for this service.');

export type KubernetesService = z.infer<typeof kubernetesService>;
export type KubernetesServiceType = z.infer<typeof kubernetesServiceType>;
export type LoadBalancerStatus = z.infer<typeof loadBalancerStatus>;
export type ServiceRegistryStatus = z.infer<typeof serviceRegistryStatus>;
export type ServiceNetworkingStatus = z.infer<typeof serviceNetworkingStatus>;
