// Resources as ECS counts them on a container instance (ECS-SEMANTICS 2.1, 2.2): CPU units,
// MiB of memory, and sets of reserved TCP and UDP host ports.

export interface InstanceResources {
  /** CPU units (1 vCPU = 1024). */
  cpu: number;
  /** MiB. */
  memory: number;
  /** Reserved TCP host ports. */
  tcpPorts: readonly number[];
  /** Reserved UDP host ports. */
  udpPorts: readonly number[];
  /** GPU device ids (ECS `GPU` STRINGSET); absent = none. */
  gpuIds?: readonly string[];
  /**
   * How many awsvpc tasks the instance can attach an ENI for (its ENI limit minus the primary
   * ENI, or the trunk's slots, 2.5); absent = not limited.
   */
  taskEniSlots?: number;
}

/** The agent's default reserved TCP ports on Linux (ECS-SEMANTICS 2.1). */
export const DEFAULT_LINUX_RESERVED_TCP_PORTS: readonly number[] = Object.freeze([22, 2375, 2376, 51678, 51679]);

/** At most this many TCP host ports may be reserved on an instance, defaults included (2.3). */
export const MAX_RESERVED_PORTS_PER_INSTANCE = 100;
