// What a Pod takes from its Node, counted the way the kubelet admits Pods, so that a task is
// never bound where the kubelet would reject it (DESIGN.md: count every Pod, ours or not).
import type { V1Container, V1Pod } from '@kubernetes/client-node';
import { cpuMillicores, memoryBytes } from './quantity.ts';

export interface PodRequests {
  cpuMillicores: number;
  memoryBytes: number;
}

const zero: PodRequests = { cpuMillicores: 0, memoryBytes: 0 };

/**
 * The effective request of a Pod (as kube-scheduler's `computePodResourceRequest` and the
 * kubelet's admission compute it):
 *   - Pod-level `spec.resources.requests`, when set, replace the containers' sum;
 *   - otherwise the larger of
 *       (a) every app container plus every restartable init container (native sidecar), and
 *       (b) for each ordinary init container, its own request plus the sidecars started before it;
 *   - plus the Pod overhead.
 * Worked example: app 500m + sidecar init 100m + init "migrate" 1000m (after the sidecar)
 * = max(500 + 100, 1000 + 100) = 1100m.
 */
export function computePodRequests(pod: V1Pod): PodRequests {
  const spec = pod.spec;
  if (spec === undefined) return zero;
  const overhead = requestsOf(spec.overhead);
  const podLevel = spec.resources?.requests;
  if (podLevel !== undefined && (podLevel.cpu !== undefined || podLevel.memory !== undefined)) {
    return add(requestsOf(podLevel), overhead);
  }
  let sidecars = zero;
  let initPeak = zero;
  for (const init of spec.initContainers ?? []) {
    const request = containerRequests(init);
    if (init.restartPolicy === 'Always') {
      sidecars = add(sidecars, request);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(request, sidecars));
    }
  }
  const running = (spec.containers ?? []).reduce((sum, c) => add(sum, containerRequests(c)), sidecars);
  return add(max(running, initPeak), overhead);
}

/** A Pod holds its Node's resources until it has terminated (Succeeded or Failed). */
export function holdsNodeResources(pod: V1Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed';
}

/** Host ports a Pod holds on its Node, by protocol. */
export function podHostPorts(pod: V1Pod): { tcp: number[]; udp: number[] } {
  const tcp: number[] = [];
  const udp: number[] = [];
  const containers = [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])];
  for (const port of containers.flatMap((c) => c.ports ?? [])) {
    if (port.hostPort === undefined || port.hostPort === 0) continue;
    (port.protocol === 'UDP' ? udp : tcp).push(port.hostPort);
  }
  return { tcp, udp };
}

/** A container's request; as in Kubernetes, a limit without a request counts as the request. */
function containerRequests(container: V1Container): PodRequests {
  const requests = container.resources?.requests ?? {};
  const limits = container.resources?.limits ?? {};
  return requestsOf({ cpu: requests.cpu ?? limits.cpu, memory: requests.memory ?? limits.memory });
}

function requestsOf(resources: { [key: string]: string | undefined } | undefined): PodRequests {
  return {
    cpuMillicores: resources?.cpu === undefined ? 0 : cpuMillicores(resources.cpu),
    memoryBytes: resources?.memory === undefined ? 0 : memoryBytes(resources.memory),
  };
}

function add(a: PodRequests, b: PodRequests): PodRequests {
  return { cpuMillicores: a.cpuMillicores + b.cpuMillicores, memoryBytes: a.memoryBytes + b.memoryBytes };
}

function max(a: PodRequests, b: PodRequests): PodRequests {
  return { cpuMillicores: Math.max(a.cpuMillicores, b.cpuMillicores), memoryBytes: Math.max(a.memoryBytes, b.memoryBytes) };
}
