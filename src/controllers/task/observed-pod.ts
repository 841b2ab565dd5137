// The part of a task's Pod that its ECS status is derived from. A structural subset of
// V1Pod: the controller passes the informer's V1Pod as it is, and this core never imports
// the Kubernetes client (STYLE.md 2 and the lint boundary). Timestamps are Dates when the
// client deserialised them and RFC 3339 strings in hand-written fixtures; both are read.

export type PodTimestamp = Date | string;

export interface ObservedContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: PodTimestamp };
  terminated?: { exitCode: number; reason?: string; message?: string; startedAt?: PodTimestamp; finishedAt?: PodTimestamp };
}

export interface ObservedContainerStatus {
  name: string;
  ready: boolean;
  image?: string;
  imageID?: string;
  state?: ObservedContainerState;
}

export interface ObservedContainerPort {
  containerPort: number;
  hostPort?: number;
  hostIP?: string;
  protocol?: string;
}

export interface ObservedContainerSpec {
  name: string;
  /** `Always` on an init container makes it a native sidecar. */
  restartPolicy?: string;
  ports?: readonly ObservedContainerPort[];
}

export interface ObservedPod {
  metadata?: { deletionTimestamp?: PodTimestamp };
  spec?: {
    terminationGracePeriodSeconds?: number;
    containers: readonly ObservedContainerSpec[];
    initContainers?: readonly ObservedContainerSpec[];
  };
  status?: {
    phase?: string;
    hostIP?: string;
    podIP?: string;
    containerStatuses?: readonly ObservedContainerStatus[];
    initContainerStatuses?: readonly ObservedContainerStatus[];
  };
}

/** A task-definition container lives in `containers` or, ordered by dependsOn, in `initContainers`. */
export function findContainerStatus(pod: ObservedPod | undefined, name: string): ObservedContainerStatus | undefined {
  return pod?.status?.containerStatuses?.find((c) => c.name === name) ?? pod?.status?.initContainerStatuses?.find((c) => c.name === name);
}

export function findContainerSpec(pod: ObservedPod | undefined, name: string): ObservedContainerSpec | undefined {
  return pod?.spec?.containers.find((c) => c.name === name) ?? pod?.spec?.initContainers?.find((c) => c.name === name);
}

export function isPodDeleting(pod: ObservedPod | undefined): boolean {
  return pod?.metadata?.deletionTimestamp !== undefined;
}

/**
 * The kubelet will run nothing more in this Pod: it reached a terminal phase, or every container
 * it reports has terminated. (A failed ordinary init container leaves the app containers waiting
 * in PodInitializing forever, with phase Failed.)
 */
export function isPodFinished(pod: ObservedPod): boolean {
  if (pod.status?.phase === 'Failed' || pod.status?.phase === 'Succeeded') return true;
  const statuses = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
  const declared = (pod.spec?.containers.length ?? 0) + (pod.spec?.initContainers?.length ?? 0);
  return statuses.length > 0 && statuses.length >= declared && statuses.every((c) => c.state?.terminated !== undefined);
}

export function toMillis(timestamp: PodTimestamp | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  const ms = timestamp instanceof Date ? timestamp.getTime() : Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}
