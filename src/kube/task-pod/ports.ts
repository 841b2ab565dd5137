// portMappings (ECS-SEMANTICS 1.6, 2.4) as container ports. Every mode keeps containerPort and
// protocol; the host port depends on the network mode:
//   bridge: a static hostPort is kept; a dynamic one (0 or absent) is the port the operator
//           assigned, if it passed one;
//   host:   the Pod uses the Node's network (hostNetwork), hostPort = containerPort;
//   awsvpc: the task has its own IP, the Pod's, so no host port;
//   none:   no ports.
import type { V1ContainerPort } from '@kubernetes/client-node';
import type { PortMapping } from '../../api/v1alpha1/container-definition.ts';
import { isPortName } from './names.ts';
import { containerField, type ContainerDefinition, type PodWarning, type TaskDefinition } from './types.ts';

/** The key of a dynamic host port assignment: "<container>/<containerPort>/<protocol>", protocol tcp or udp. */
export function dynamicHostPortKey(container: string, containerPort: number, protocol: 'tcp' | 'udp'): string {
  return `${container}/${containerPort}/${protocol}`;
}

export interface DynamicPortMapping {
  key: string;
  container: string;
  containerPort: number;
  protocol: 'tcp' | 'udp';
}

/** The bridge-mode mappings that need a dynamic host port from the operator, in definition order. */
export function listDynamicPortMappings(td: TaskDefinition): DynamicPortMapping[] {
  if (!isBridge(td)) return [];
  return td.containerDefinitions.flatMap((c) =>
    (c.portMappings ?? [])
      .filter((p) => p.containerPortRange === undefined && p.containerPort !== undefined && (p.hostPort ?? 0) === 0)
      .map((p) => {
        const protocol = p.protocol ?? 'tcp';
        const containerPort = p.containerPort ?? 0;
        return { key: dynamicHostPortKey(c.name, containerPort, protocol), container: c.name, containerPort, protocol };
      }),
  );
}

/** `default` is the Windows bridge. */
const isBridge = (td: TaskDefinition): boolean => td.networkMode === 'bridge' || td.networkMode === 'default';

export function toContainerPorts(
  c: ContainerDefinition,
  td: TaskDefinition,
  dynamicHostPorts: ReadonlyMap<string, number> | undefined,
  warnings: PodWarning[],
): V1ContainerPort[] | undefined {
  const mappings = c.portMappings ?? [];
  if (mappings.length === 0) return undefined;
  const field = containerField(c, 'portMappings');
  if (td.networkMode === 'none') {
    warnings.push({ field, message: "networkMode 'none' has no ports; the port mappings are ignored." });
    return undefined;
  }
  const ports: V1ContainerPort[] = [];
  for (const p of mappings) {
    if (p.containerPortRange !== undefined) {
      warnings.push({
        field,
        message: `Port range ${p.containerPortRange} cannot be declared on a Pod and gets no host ports; the ports are reachable on the Pod IP.`,
      });
      continue;
    }
    if (p.containerPort === undefined) {
      warnings.push({ field, message: 'A port mapping without containerPort is ignored.' });
      continue;
    }
    const port: V1ContainerPort = { containerPort: p.containerPort, protocol: p.protocol === 'udp' ? 'UDP' : 'TCP' };
    const hostPort = resolveHostPort(c, p, td, dynamicHostPorts, warnings);
    if (hostPort !== undefined) port.hostPort = hostPort;
    if (p.name !== undefined) {
      if (isPortName(p.name)) port.name = p.name;
      else warnings.push({ field, message: `Port name '${p.name}' is not a valid Kubernetes port name (at most 15 lowercase letters, digits and '-'); the port is unnamed.` });
    }
    ports.push(port);
  }
  return ports.length === 0 ? undefined : ports;
}

function resolveHostPort(
  c: ContainerDefinition,
  p: PortMapping,
  td: TaskDefinition,
  dynamicHostPorts: ReadonlyMap<string, number> | undefined,
  warnings: PodWarning[],
): number | undefined {
  const containerPort = p.containerPort ?? 0;
  if (td.networkMode === 'host') return containerPort;
  if (!isBridge(td)) return undefined;
  if (p.hostPort !== undefined && p.hostPort > 0) return p.hostPort;
  const protocol = p.protocol ?? 'tcp';
  const assigned = dynamicHostPorts?.get(dynamicHostPortKey(c.name, containerPort, protocol));
  if (assigned === undefined) {
    warnings.push({
      field: containerField(c, 'portMappings'),
      message: `No dynamic host port was assigned to ${containerPort}/${protocol}; it is reachable on the Pod IP only.`,
    });
  }
  return assigned;
}

/**
 * Containers of a bridge task each have their own network namespace in Docker; in a Pod they
 * share one, so two containers on the same port and protocol collide.
 */
export function describeSharedPortConflicts(td: TaskDefinition): PodWarning[] {
  const owners = new Map<string, string[]>();
  for (const c of td.containerDefinitions) {
    for (const p of c.portMappings ?? []) {
      if (p.containerPort === undefined) continue;
      const key = `${p.containerPort}/${p.protocol ?? 'tcp'}`;
      const names = owners.get(key) ?? [];
      if (!names.includes(c.name)) owners.set(key, [...names, c.name]);
    }
  }
  return [...owners.entries()]
    .filter(([, names]) => names.length > 1)
    .map(([port, names]) => ({
      field: 'containerDefinitions.portMappings',
      message: `Containers ${names.map((n) => `'${n}'`).join(' and ')} all listen on ${port}; containers of a Pod share one network namespace, so only one of them can bind it.`,
    }));
}
