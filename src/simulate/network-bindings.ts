// What the agent does after placement, reduced to ports: static mappings bind their host
// port; dynamic ones (bridge, hostPort 0 or absent) get a free port from the ephemeral range
// (Docker's fallback 49153-65535, ECS-SEMANTICS 2.4). Dynamic ports are never reserved on
// the instance and never count toward the 100-port cap; the allocator only keeps two tasks
// on one instance from being given the same one.
import type { TaskDefinition } from '../domain/task-definition.ts';
import type { NetworkBinding } from './output.ts';

export const EPHEMERAL_PORT_RANGE = { first: 49153, last: 65535 } as const;

export class DynamicPortAllocator {
  private readonly inUse = new Map<string, Set<number>>();
  private readonly byTask = new Map<string, { instanceId: string; ports: number[] }>();

  allocate(taskArn: string, instanceId: string, reserved: ReadonlySet<number>): number {
    const used = this.inUse.get(instanceId) ?? new Set<number>();
    this.inUse.set(instanceId, used);
    for (let port: number = EPHEMERAL_PORT_RANGE.first; port <= EPHEMERAL_PORT_RANGE.last; port += 1) {
      if (used.has(port) || reserved.has(port)) continue;
      used.add(port);
      const entry = this.byTask.get(taskArn) ?? { instanceId, ports: [] };
      entry.ports.push(port);
      this.byTask.set(taskArn, entry);
      return port;
    }
    throw new Error(`No free ephemeral port on ${instanceId}`);
  }

  release(taskArn: string): void {
    const entry = this.byTask.get(taskArn);
    if (entry === undefined) return;
    const used = this.inUse.get(entry.instanceId);
    for (const port of entry.ports) used?.delete(port);
    this.byTask.delete(taskArn);
  }
}

export function assignNetworkBindings(
  definition: TaskDefinition,
  taskArn: string,
  instanceId: string,
  reserved: ReadonlySet<number>,
  allocator: DynamicPortAllocator,
): NetworkBinding[] {
  const mode = definition.networkMode ?? 'bridge';
  if (mode === 'awsvpc' || mode === 'none') return [];
  const bindings: NetworkBinding[] = [];
  for (const container of definition.containerDefinitions) {
    for (const mapping of container.portMappings ?? []) {
      if (mapping.containerPort === undefined) continue;
      const protocol = mapping.protocol ?? 'tcp';
      const staticPort = mode === 'host' ? (mapping.hostPort ?? mapping.containerPort) : (mapping.hostPort ?? 0);
      const hostPort = staticPort > 0 ? staticPort : allocator.allocate(taskArn, instanceId, reserved);
      bindings.push({ containerName: container.name ?? '', containerPort: mapping.containerPort, hostPort, protocol });
    }
  }
  return bindings;
}
