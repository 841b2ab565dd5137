// containers[] of a Task (ECS-SEMANTICS 5.2): one entry per task-definition container, read
// from the Pod's container and init-container statuses by name.
import type { ContainerDependency, HealthCheck } from '../../api/v1alpha1/container-definition.ts';
import type { NormalizedTaskDefinition } from '../../api/v1alpha1/normalize-task-definition.ts';
import type { ContainerStatus, NetworkBinding, TaskStatus } from '../../api/v1alpha1/task.ts';
import { computeRunningContainerHealth } from './health.ts';
import { findContainerSpec, findContainerStatus, toMillis, type ObservedPod } from './observed-pod.ts';
import { clip, OUT_OF_MEMORY } from './stop-reasons.ts';

/** What the lifecycle needs to know of a task-definition container. */
export interface TaskContainer {
  name: string;
  image?: string;
  essential: boolean;
  healthCheck?: HealthCheck;
  dependsOn?: readonly ContainerDependency[];
}

/**
 * The task's containers: from the effective task definition; without one (a deleted revision),
 * from what the status last listed, else from the Pod, all essential as ECS's default is.
 */
export function listTaskContainers(taskDefinition: NormalizedTaskDefinition | undefined, status: TaskStatus | undefined, pod: ObservedPod | undefined): TaskContainer[] {
  if (taskDefinition !== undefined) {
    return taskDefinition.containerDefinitions.map((c) => ({
      name: c.name,
      image: c.image,
      essential: c.essential,
      ...(c.healthCheck === undefined ? {} : { healthCheck: c.healthCheck }),
      ...(c.dependsOn === undefined ? {} : { dependsOn: c.dependsOn }),
    }));
  }
  if (status?.containers !== undefined && status.containers.length > 0) {
    return status.containers.map((c) => ({ name: c.name, ...(c.image === undefined ? {} : { image: c.image }), essential: true }));
  }
  const specs = [...(pod?.spec?.initContainers ?? []), ...(pod?.spec?.containers ?? [])];
  return specs.map((c) => ({ name: c.name, essential: true }));
}

/** Waiting reasons that are part of a normal start, not worth a container `reason`. */
const STARTING_REASONS = new Set(['ContainerCreating', 'PodInitializing']);

export interface ObservedContainer {
  status: ContainerStatus;
  /** When an UNKNOWN health verdict is due to be decided (epoch ms). */
  healthDecidedAtMs?: number;
}

/** The ECS view of one container in a Pod that exists. */
export function observeContainer(container: TaskContainer, pod: ObservedPod, previous: ContainerStatus | undefined, nowMs: number): ObservedContainer {
  const observed = findContainerStatus(pod, container.name);
  const base = { name: container.name, ...(container.image === undefined ? {} : { image: container.image }) };
  const state = observed?.state;

  if (state?.terminated !== undefined) {
    const terminated = state.terminated;
    const reason = terminated.reason === 'OOMKilled' ? OUT_OF_MEMORY : (terminated.reason ?? terminated.message);
    return {
      status: {
        ...base,
        lastStatus: 'STOPPED',
        exitCode: terminated.exitCode,
        ...(reason === undefined ? {} : { reason: clip(reason) }),
        healthStatus: 'UNKNOWN',
      },
    };
  }

  if (state?.running !== undefined && observed !== undefined) {
    const health = computeRunningContainerHealth({
      healthCheck: container.healthCheck,
      ready: observed.ready,
      startedAtMs: toMillis(state.running.startedAt),
      previous: previous?.healthStatus,
      nowMs,
    });
    const bindings = computeNetworkBindings(pod, container.name);
    return {
      status: { ...base, lastStatus: 'RUNNING', healthStatus: health.healthStatus, ...(bindings.length === 0 ? {} : { networkBindings: bindings }) },
      ...(health.decidedAtMs === undefined ? {} : { healthDecidedAtMs: health.decidedAtMs }),
    };
  }

  // Waiting, or not reported yet.
  const waiting = state?.waiting;
  const reason = waiting?.reason === undefined || STARTING_REASONS.has(waiting.reason) ? undefined : (waiting.message ?? waiting.reason);
  return { status: { ...base, lastStatus: 'PENDING', ...(reason === undefined ? {} : { reason: clip(reason) }), healthStatus: 'UNKNOWN' } };
}

/** A container whose task has stopped: whatever it was, it is STOPPED now. */
export function markContainerStopped(container: ContainerStatus): ContainerStatus {
  if (container.lastStatus === 'STOPPED') return container;
  const { networkBindings: _dropped, ...rest } = container;
  return { ...rest, lastStatus: 'STOPPED', healthStatus: 'UNKNOWN' };
}

/** Before a Pod exists every container is PENDING. */
export function pendingContainer(container: TaskContainer): ContainerStatus {
  return { name: container.name, ...(container.image === undefined ? {} : { image: container.image }), lastStatus: 'PENDING', healthStatus: 'UNKNOWN' };
}

/**
 * Bindings as ECS shows them for bridge/host mode: a port published on the host binds
 * `hostIP` (0.0.0.0, as Docker does, unless the Pod names one). A port not published on the
 * host is reachable at the Pod's IP on the container port, so that is its binding.
 */
export function computeNetworkBindings(pod: ObservedPod, containerName: string): NetworkBinding[] {
  const ports = findContainerSpec(pod, containerName)?.ports ?? [];
  const podIP = pod.status?.podIP;
  return ports.flatMap((p): NetworkBinding[] => {
    const protocol = p.protocol?.toUpperCase() === 'UDP' ? 'udp' : 'tcp';
    if (p.hostPort !== undefined && p.hostPort > 0) return [{ bindIP: p.hostIP ?? '0.0.0.0', containerPort: p.containerPort, hostPort: p.hostPort, protocol }];
    if (podIP === undefined) return [];
    return [{ bindIP: podIP, containerPort: p.containerPort, protocol }];
  });
}
