// Step 1 of ECS placement: CPU, memory and ports (ECS-SEMANTICS 2.3, 2.4). Three filters so
// that the first unmet one names the failure (`RESOURCE:CPU` before `RESOURCE:MEMORY` before
// `RESOURCE:PORTS`).
import { MAX_RESERVED_PORTS_PER_INSTANCE } from '../../domain/resources.ts';
import { PASS, reject } from '../verdict.ts';
import type { PlacementWorkspace } from '../workspace.ts';
import type { InstanceFilter } from './instance-filter.ts';

export const hasCpu = {
  name: 'cpu',
  dynamic: true,
  check: (i, workspace) => (workspace.requirement.cpu <= (workspace.remainingCpu[i] as number) ? PASS : reject('RESOURCE:CPU')),
} satisfies InstanceFilter;

export const hasMemory = {
  name: 'memory',
  dynamic: true,
  check: (i, workspace) =>
    workspace.requirement.memory <= (workspace.remainingMemory[i] as number) ? PASS : reject('RESOURCE:MEMORY'),
} satisfies InstanceFilter;

export const hasPorts = {
  name: 'ports',
  dynamic: true,
  check: (i, workspace) => checkPorts(i, workspace),
} satisfies InstanceFilter;

/**
 * Static host ports must be free, per protocol, and the instance may reserve at most 100 TCP
 * ports, its default reserved ports included. Dynamic ports are never counted.
 * Example: an instance reserving the 5 default ports plus 95 others (100 in all) cannot take
 * a task with one more static port ("Too many ports registered"), but can take any number of
 * tasks with dynamic ports only.
 */
export function checkPorts(i: number, workspace: PlacementWorkspace) {
  const { tcpPorts, udpPorts } = workspace.requirement;
  if (tcpPorts.length === 0 && udpPorts.length === 0) return PASS;
  for (const port of tcpPorts) if (workspace.isTcpPortTaken(i, port)) return reject('RESOURCE:PORTS', 'in-use');
  for (const port of udpPorts) if (workspace.isUdpPortTaken(i, port)) return reject('RESOURCE:PORTS', 'in-use');
  if (workspace.reservedTcpPortCount(i) + tcpPorts.length > MAX_RESERVED_PORTS_PER_INSTANCE) return reject('RESOURCE:PORTS', 'too-many');
  return PASS;
}
