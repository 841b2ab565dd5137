// The Pod's identity: name, labels and annotations that tie it to its Task, and the record of
// which Pod container is which ECS container (the operator reads it to enforce `essential`).
import type { V1ObjectMeta } from '@kubernetes/client-node';
import { API_VERSION } from '../../api/v1alpha1/meta.ts';
import { isLabelValue } from './names.ts';
import type { PodContainerRole, PodWarning, TaskPodInput } from './types.ts';

/** Labels and annotations that tie a Pod to its Task; group names may hold ':' so they are annotations. */
export const taskLabel = 'ecs.stevedore.dev/task';
export const clusterLabel = 'ecs.stevedore.dev/cluster';
export const familyLabel = 'ecs.stevedore.dev/family';
export const revisionLabel = 'ecs.stevedore.dev/revision';
export const serviceLabel = 'ecs.stevedore.dev/service';
/**
 * On the Pods of service tasks while they take traffic: the core Services of the ECS Service
 * select it, and the Task controller removes it before stopping the task, so the task leaves
 * the endpoints first (src/controllers/task/deregistration.ts).
 */
export const servingLabel = 'ecs.stevedore.dev/serving';
export const groupAnnotation = 'ecs.stevedore.dev/group';
export const taskDefinitionAnnotation = 'ecs.stevedore.dev/task-definition';
/** JSON list of PodContainerRecord, in Pod order (initContainers, then containers). */
export const containersAnnotation = 'ecs.stevedore.dev/containers';
/** JSON object: ECS container name to its dockerLabels, for the containers that have any. */
export const dockerLabelsAnnotation = 'ecs.stevedore.dev/docker-labels';

/** Pods we bind ourselves name a scheduler that no scheduler serves, so none will touch them. */
export const schedulerName = 'stevedore';

/**
 * Which Pod container is which ECS container. Kubernetes cannot stop a Pod when one container
 * exits, so the operator does it for `essential` ones (EssentialContainerExited).
 */
export interface PodContainerRecord {
  /** The container's name in the Pod. */
  name: string;
  /** Its name in the task definition. */
  ecsName: string;
  essential: boolean;
  role: PodContainerRole;
}

/** The records of a Pod built by buildTaskPod; undefined when the annotation is missing or not ours. */
export function readPodContainerRecords(annotations: Readonly<Record<string, string>> | undefined): PodContainerRecord[] | undefined {
  const text = annotations?.[containersAnnotation];
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? (parsed as PodContainerRecord[]) : undefined;
  } catch {
    return undefined;
  }
}

export function toPodMetadata(
  input: TaskPodInput,
  records: readonly PodContainerRecord[],
  dockerLabels: Readonly<Record<string, Record<string, string>>>,
  warnings: PodWarning[],
): V1ObjectMeta {
  const td = input.taskDefinition;
  const labels: Record<string, string> = {};
  // Every value is a Kubernetes name or an ECS name, but a label value holds only 63 characters.
  const label = (key: string, value: string, field: string) => {
    if (isLabelValue(value)) labels[key] = value;
    else warnings.push({ field, message: `'${value}' is not a valid label value (at most 63 characters); the Pod has no ${key} label.` });
  };
  label(taskLabel, input.task.name, 'task');
  label(clusterLabel, input.cluster, 'cluster');
  label(familyLabel, td.family, 'family');
  label(revisionLabel, String(input.revision), 'revision');
  if (input.service !== undefined) {
    label(serviceLabel, input.service, 'service');
    labels[servingLabel] = 'true';
  }
  return {
    name: input.task.name,
    namespace: input.task.namespace,
    labels,
    annotations: {
      [groupAnnotation]: input.group,
      [taskDefinitionAnnotation]: `${td.family}:${input.revision}`,
      [containersAnnotation]: JSON.stringify(records),
      ...(Object.keys(dockerLabels).length > 0 ? { [dockerLabelsAnnotation]: JSON.stringify(dockerLabels) } : {}),
    },
    ownerReferences: [{ apiVersion: API_VERSION, kind: 'Task', name: input.task.name, uid: input.task.uid, controller: true, blockOwnerDeletion: true }],
  };
}
