// The resource types the service-networking controller reads and writes besides ECS Services.
import { customResource, type ResourceType } from '../../kube/resources.ts';
import { TARGET_GROUP_BINDING_API_VERSION, TARGET_GROUP_BINDING_KIND } from './target-group-binding.ts';

export const coreServices: ResourceType = { apiVersion: 'v1', kind: 'Service', plural: 'services', namespaced: true };
export const podDisruptionBudgets: ResourceType = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true };
export const targetGroupBindings: ResourceType = customResource(TARGET_GROUP_BINDING_KIND, 'targetgroupbindings', true, TARGET_GROUP_BINDING_API_VERSION);
