// The resource types the operator reads and writes, described once: enough to build list and
// watch paths and to call the generic object API. Custom resources use the same shape.
import { API_VERSION } from '../api/v1alpha1/meta.ts';

export interface ResourceType {
  /** `v1` for the core group, else `group/version`. */
  apiVersion: string;
  kind: string;
  /** The lowercase plural used in URLs: `pods`, `tasks`. */
  plural: string;
  namespaced: boolean;
}

export const pods: ResourceType = { apiVersion: 'v1', kind: 'Pod', plural: 'pods', namespaced: true };
export const nodes: ResourceType = { apiVersion: 'v1', kind: 'Node', plural: 'nodes', namespaced: false };
export const events: ResourceType = { apiVersion: 'v1', kind: 'Event', plural: 'events', namespaced: true };
export const leases: ResourceType = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', plural: 'leases', namespaced: true };

export const controllerRevisions: ResourceType = { apiVersion: 'apps/v1', kind: 'ControllerRevision', plural: 'controllerrevisions', namespaced: true };

/** The API group and version of Stevedore's own kinds (src/api/v1alpha1/meta.ts). */
export const ecsGroupVersion = API_VERSION;

export function customResource(kind: string, plural: string, namespaced: boolean, apiVersion = ecsGroupVersion): ResourceType {
  return { apiVersion, kind, plural, namespaced };
}

export const clusters = customResource('Cluster', 'clusters', false);
export const taskDefinitions = customResource('TaskDefinition', 'taskdefinitions', true);
export const services = customResource('Service', 'services', true);
export const tasks = customResource('Task', 'tasks', true);
export const scheduledTasks = customResource('ScheduledTask', 'scheduledtasks', true);

/** The group of a resource type; the empty string is the core group. */
export function groupOf(resource: ResourceType): string {
  const slash = resource.apiVersion.indexOf('/');
  return slash === -1 ? '' : resource.apiVersion.slice(0, slash);
}

export function versionOf(resource: ResourceType): string {
  const slash = resource.apiVersion.indexOf('/');
  return slash === -1 ? resource.apiVersion : resource.apiVersion.slice(slash + 1);
}

/**
 * The collection path of a resource type, across all namespaces when `namespace` is not
 * given: `/api/v1/pods`, `/api/v1/namespaces/ns/pods`, `/apis/ecs.stevedore.dev/v1alpha1/tasks`.
 */
export function collectionPath(resource: ResourceType, namespace?: string): string {
  const root = resource.apiVersion.includes('/') ? `/apis/${resource.apiVersion}` : `/api/${resource.apiVersion}`;
  const scope = resource.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${scope}/${resource.plural}`;
}
