// Annotations other controllers ask every task of a Service to carry, spread into each Task
// the Service controller creates (after the Service's taskTemplate annotations). The service
// networking controller (branch `netsvc`) provides `serviceTaskAnnotations(service)`: the load
// balancer targets and deregistration delay the Task controller reads. The coordinator points
// this function at it when both are merged; until then a service task carries none.
import type { Service } from '../../api/v1alpha1/service.ts';
import type { Cached } from '../../kube/cached.ts';

export function serviceTaskAnnotationsOf(_service: Cached<Service>): Record<string, string> {
  return {};
}
