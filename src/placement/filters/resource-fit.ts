// Step 1 of ECS placement: CPU, GPU, memory and ports (ECS-SEMANTICS 2.3-2.5), then ENI
// slots for awsvpc. One filter each so that the first unmet one names the failure, in the
// order ECS lists them (PLACE: "CPU, GPU, memory and port").
import { MAX_RESERVED_PORTS_PER_INSTANCE } from '../../domain/resources.ts';
import { PASS, reject } from '../verdict.ts';
import type { PlacementWorkspace } from '../workspace.ts';
import type { InstanceFilter } from './instance-filter.ts';

const NO_CPU = reject('RESOURCE:CPU');
const NO_MEMORY = reject('RESOURCE:MEMORY');
const PORT_IN_USE = reject('RESOURCE:PORTS', 'in-use');
const TOO_MANY_PORTS = reject('RESOURCE:PORTS', 'too-many');
const NO_GPU = reject('RESOURCE:GPU');
const NO_ENI = reject('RESOURCE:ENI');

export const hasCpu = {
  name: 'cpu',
  dynamic: true,
  check: (i, workspace) => (workspace.requirement.cpu <= workspace.remainingCpu(i) ? PASS : NO_CPU),
} satisfies InstanceFilter;

export const hasMemory = {
  name: 'memory',
  dynamic: true,
  check: (i, workspace) =>
    workspace.requirement.memory <= workspace.remainingMemory(i) ? PASS : NO_MEMORY,
} satisfies InstanceFilter;

export const hasGpu = {
  name: 'gpu',
  dynamic: true,
  check: (i, workspace) => (workspace.requirement.gpu <= 0 || workspace.requirement.gpu <= workspace.remainingGpus(i) ? PASS : NO_GPU),
} satisfies InstanceFilter;

/** awsvpc tasks each need an ENI attachment (2.5). */
export const hasEniSlot = {
  name: 'eni',
  dynamic: true,
  check: (i, workspace) => (workspace.requirement.eni <= 0 || workspace.requirement.eni <= workspace.remainingEniSlots(i) ? PASS : NO_ENI),
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
  for (const port of tcpPorts) if (workspace.isTcpPortTaken(i, port)) return PORT_IN_USE;
  for (const port of udpPorts) if (workspace.isUdpPortTaken(i, port)) return PORT_IN_USE;
  if (workspace.reservedTcpPortCount(i) + tcpPorts.length > MAX_RESERVED_PORTS_PER_INSTANCE) return TOO_MANY_PORTS;
  return PASS;
}

/**
 * The three resource stages at once, as a boolean: what selection needs (only "passes all"
 * matters there), with no verdict objects and no calls when the task has no static ports.
 * Attribution still runs the stages one by one to name the first unmet.
 */
export function fitsResources(i: number, workspace: PlacementWorkspace): boolean {
  const requirement = workspace.requirement;
  const state = workspace.state(i);
  if (requirement.cpu > state.remainingCpu) return false;
  if (requirement.memory > state.remainingMemory) return false;
  if (requirement.gpu > 0 && !hasGpu.check(i, workspace).ok) return false;
  if (requirement.eni > 0 && !hasEniSlot.check(i, workspace).ok) return false;
  if (requirement.tcpPorts.length === 0 && requirement.udpPorts.length === 0) return true;
  return checkPorts(i, workspace).ok;
}

/** The filters `fitsResources` stands for. */
export const RESOURCE_FILTERS: readonly InstanceFilter[] = [hasCpu, hasGpu, hasMemory, hasPorts, hasEniSlot];
