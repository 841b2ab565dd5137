// Apply, the Task side: the Task a StartIntent asks for, under a deterministic name, and the
// patch that stops one (StopIntent).
//
// Names are `<service>-<deployment hash>-<ordinal>`, the lowest ordinals no Task of the
// namespace holds yet. Two passes over the same caches choose the same names, so a pass that
// repeats one whose Tasks are not in the cache yet (a stale cache, or a restart between the
// creates and the status write) meets AlreadyExists instead of creating more than the plan
// allows. Within one process the controller also waits for its own writes to show in the cache
// before planning again (ServiceExpectations).
import { createHash } from 'node:crypto';
import type { Service, ServiceSpec } from '../../api/v1alpha1/service.ts';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import type { Task, TaskSpec } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';
import type { KubernetesObject } from '../../kube/types.ts';
import { serviceLabel } from '../../kube/task-pod.ts';
import type { StartIntent, StopIntent } from '../../scheduler/index.ts';
import { stopInitiatorAnnotation } from '../task/service-task-metadata.ts';
import { taskFinalizer } from '../task/task-finalizer.ts';

/** Longest service-name prefix kept in a task name (Pod names become label values: 63 max). */
const maxPrefixLength = 44;
const availabilityZoneAttribute = 'ecs.availability-zone';

/** `web-3kq9z-0`: the service's name, a short hash of the deployment id, and an ordinal. */
export function taskNamePrefix(service: Cached<Service>, deploymentId: string): string {
  const name = service.metadata.name;
  const base = name.length <= maxPrefixLength ? name : `${name.slice(0, maxPrefixLength - 6).replace(/-+$/, '')}-${shortHash(service.metadata.uid as string, 5)}`;
  return `${base}-${shortHash(deploymentId, 5)}`;
}

/** The `count` lowest-ordinal names with `prefix` that `taken` does not hold. */
export function nextTaskNames(prefix: string, count: number, taken: ReadonlySet<string>): string[] {
  const names: string[] = [];
  for (let ordinal = 0; names.length < count; ordinal += 1) {
    const name = `${prefix}-${ordinal}`;
    if (!taken.has(name)) names.push(name);
  }
  return names;
}

export interface ServiceTaskInput {
  service: Cached<Service>;
  serviceName: string;
  intent: StartIntent;
  name: string;
  /** DAEMON: the instance this task is pinned to (StartTask). */
  containerInstance?: string;
  /** Annotations other controllers ask every service task to carry (load balancer targets...). */
  extraAnnotations: Readonly<Record<string, string>>;
}

export function buildServiceTask(input: ServiceTaskInput): Task {
  const { service, intent } = input;
  const spec = service.spec as ServiceSpec;
  const revision = intent.revision;
  const template = revision.taskTemplate;
  const other = (revision.other ?? {}) as { tags?: TaskSpec['tags']; propagateTags?: string; enableExecuteCommand?: boolean };
  const constraints = [...((revision.placementConstraints ?? []) as NonNullable<TaskSpec['placementConstraints']>)];
  if (intent.availabilityZone !== undefined) constraints.push({ type: 'memberOf', expression: `attribute:${availabilityZoneAttribute} == ${intent.availabilityZone}` });
  const pinned = input.containerInstance !== undefined;
  const taskSpec: TaskSpec = {
    ...(spec.cluster === undefined ? {} : { cluster: spec.cluster }),
    taskDefinition: revision.taskDefinition,
    group: `service:${input.serviceName}`,
    startedBy: intent.deploymentId,
    desiredStatus: 'RUNNING',
    // StartTask: the scheduler chose the instance and checked the constraints (6.3).
    ...(pinned ? { containerInstances: [input.containerInstance as string] } : {}),
    ...(!pinned && constraints.length > 0 ? { placementConstraints: constraints } : {}),
    ...(!pinned && revision.placementStrategy !== undefined && revision.placementStrategy.length > 0 ? { placementStrategy: revision.placementStrategy as TaskSpec['placementStrategy'] } : {}),
    ...(!pinned && revision.capacityProviderStrategy !== undefined ? { capacityProviderStrategy: revision.capacityProviderStrategy as TaskSpec['capacityProviderStrategy'] } : {}),
    ...(revision.launchType === undefined ? {} : { launchType: revision.launchType as TaskSpec['launchType'] }),
    ...(revision.networkConfiguration === undefined ? {} : { networkConfiguration: revision.networkConfiguration as TaskSpec['networkConfiguration'] }),
    ...(other.tags === undefined ? {} : { tags: other.tags }),
    // Tasks know TASK_DEFINITION and NONE; a service's SERVICE tags are the ones above.
    ...(other.propagateTags === 'TASK_DEFINITION' || other.propagateTags === 'NONE' ? { propagateTags: other.propagateTags } : {}),
    ...(other.enableExecuteCommand === undefined ? {} : { enableExecuteCommand: other.enableExecuteCommand }),
  };
  return {
    apiVersion: API_VERSION,
    kind: 'Task',
    metadata: {
      name: input.name,
      namespace: service.metadata.namespace,
      labels: { ...template?.labels, [serviceLabel]: service.metadata.name },
      annotations: { ...template?.annotations, ...input.extraAnnotations },
      ownerReferences: [{ apiVersion: API_VERSION, kind: 'Service', name: service.metadata.name, uid: service.metadata.uid as string, controller: true, blockOwnerDeletion: true }],
      // Born with the Task controller's finalizer: one write less than adding it afterwards.
      finalizers: [taskFinalizer],
    },
    spec: taskSpec,
  };
}

/** StopTask by the service scheduler: desiredStatus STOPPED with ECS's reason (5.4). */
export function buildStopPatch(task: Cached<Task>, intent: StopIntent): KubernetesObject & { spec: Pick<TaskSpec, 'desiredStatus' | 'stoppedReason'> } {
  return {
    apiVersion: API_VERSION,
    kind: 'Task',
    metadata: { name: task.metadata.name, namespace: task.metadata.namespace, annotations: { [stopInitiatorAnnotation]: intent.stopCode } },
    spec: { desiredStatus: 'STOPPED', stoppedReason: intent.reason.slice(0, 255) },
  };
}

function shortHash(value: string, length: number): string {
  return BigInt(`0x${createHash('sha256').update(value).digest('hex').slice(0, 12)}`).toString(36).slice(0, length).padStart(length, '0');
}
