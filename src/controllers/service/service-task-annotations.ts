// Annotations other controllers ask every task of a Service to carry, spread into each Task
// the Service controller creates (after the Service's taskTemplate annotations): the load
// balancer targets and the deregistration delay that the Task controller reads (issue 10).
import type { Service } from '../../api/v1alpha1/service.ts';
import type { Cached } from '../../kube/cached.ts';
import { serviceTaskAnnotations } from '../service-networking/task-annotations.ts';

export function serviceTaskAnnotationsOf(service: Cached<Service>): Record<string, string> {
  return serviceTaskAnnotations(service.spec);
}
