// CPU and memory (ECS-SEMANTICS 1.3, 1.10): container cpu and memoryReservation are requests,
// container memory the hard limit, task-level cpu and memory Pod-level resources (Kubernetes 1.34+).
import type { V1ResourceRequirements } from '@kubernetes/client-node';
import { containerField, type ContainerDefinition, type PodWarning, type TaskDefinition } from './types.ts';

/** The extended resource a GPU requirement becomes (the NVIDIA device plugin's name). */
export const gpuResourceName = 'nvidia.com/gpu';

/** ECS CPU units to millicores: 1024 units are one vCPU; rounded up so a request never shrinks. */
export function cpuUnitsToMillicores(units: number): string {
  return `${millicores(units)}m`;
}

const millicores = (units: number): number => Math.ceil((units * 1000) / 1024);

/**
 * With task-level memory the task memory is the reservation (ECS-SEMANTICS 1.10), so a
 * container without memoryReservation requests nothing of its own. Its request is written as
 * 0 because the API server would otherwise default it to the limit, and those defaults could
 * add up beyond the Pod-level request and get the Pod rejected.
 */
export function toContainerResources(c: ContainerDefinition, td: TaskDefinition, warnings: PodWarning[]): V1ResourceRequirements | undefined {
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (c.cpu !== undefined && c.cpu > 0) requests.cpu = cpuUnitsToMillicores(c.cpu);
  if (c.memoryReservation !== undefined) requests.memory = `${c.memoryReservation}Mi`;
  else if (c.memory !== undefined) requests.memory = td.memory === undefined ? `${c.memory}Mi` : '0';
  if (c.memory !== undefined) limits.memory = `${c.memory}Mi`;
  for (const r of c.resourceRequirements ?? []) {
    // Extended resources are limits only; Kubernetes sets the request equal.
    if (r.type === 'GPU') limits[gpuResourceName] = r.value;
    else warnings.push({ field: containerField(c, 'resourceRequirements'), message: `${r.type} is not available on Kubernetes; the requirement is ignored.` });
  }
  if (Object.keys(requests).length + Object.keys(limits).length === 0) return undefined;
  return { ...(Object.keys(requests).length > 0 ? { requests } : {}), ...(Object.keys(limits).length > 0 ? { limits } : {}) };
}

/**
 * Task-level cpu and memory as Pod-level resources: cpu a request (no limit, so the task is
 * never CFS-throttled below what the Node can give), memory a request and the hard limit.
 * The cpu request is at least the containers' rounded-up requests, which the API server
 * requires and which rounding each container up could otherwise exceed by a millicore.
 */
export function toPodResources(td: TaskDefinition): V1ResourceRequirements | undefined {
  if (td.cpu === undefined && td.memory === undefined) return undefined;
  const requests: Record<string, string> = {};
  const limits: Record<string, string> = {};
  if (td.cpu !== undefined) {
    const containersMillicores = td.containerDefinitions.reduce((sum, c) => sum + millicores(c.cpu ?? 0), 0);
    requests.cpu = `${Math.max(millicores(Number(td.cpu)), containersMillicores)}m`;
  }
  if (td.memory !== undefined) {
    requests.memory = `${td.memory}Mi`;
    limits.memory = `${td.memory}Mi`;
  }
  return { requests, ...(Object.keys(limits).length > 0 ? { limits } : {}) };
}
