// A Node, as the placement engine sees it, as ECS's ContainerInstance
// (DescribeContainerInstances, UpdateContainerInstancesState). Pure.
import type { ContainerInstanceView } from '../../domain/container-instance.ts';
import type { InstanceState } from '../../placement/index.ts';
import { containerInstanceArn } from '../arn.ts';
import type { EcsAttribute, EcsContainerInstance, EcsResource } from '../shapes.ts';
import { dateOf } from './timestamps.ts';

export interface InstanceUsage {
  remainingCpu: number;
  remainingMemory: number;
  tcpPorts: readonly number[];
  udpPorts: readonly number[];
  runningTasksCount: number;
  pendingTasksCount: number;
}

/** The usage an engine InstanceState reports; an instance outside the snapshot has all left. */
export function usageOf(view: ContainerInstanceView, state: InstanceState | undefined): InstanceUsage {
  if (state === undefined) {
    return { remainingCpu: view.registeredResources.cpu, remainingMemory: view.registeredResources.memory, tcpPorts: view.registeredResources.tcpPorts, udpPorts: view.registeredResources.udpPorts, runningTasksCount: 0, pendingTasksCount: 0 };
  }
  return {
    remainingCpu: state.remainingCpu,
    remainingMemory: state.remainingMemory,
    tcpPorts: [...state.tcpPorts].sort((a, b) => a - b),
    udpPorts: [...state.udpPorts].sort((a, b) => a - b),
    runningTasksCount: state.runningTasksCount,
    pendingTasksCount: state.pendingTasksCount,
  };
}

export function toEcsContainerInstance(cluster: string, view: ContainerInstanceView, usage: InstanceUsage, statusReason?: string): EcsContainerInstance {
  const registered = view.registeredResources;
  const result: EcsContainerInstance = {
    containerInstanceArn: containerInstanceArn(cluster, view.id),
    ec2InstanceId: view.ec2InstanceId ?? view.id,
    version: 1,
    versionInfo: { agentVersion: view.agentVersion ?? '', agentHash: '', dockerVersion: '' },
    remainingResources: resources(usage.remainingCpu, usage.remainingMemory, usage.tcpPorts, usage.udpPorts),
    registeredResources: resources(registered.cpu, registered.memory, registered.tcpPorts, registered.udpPorts),
    status: view.status,
    agentConnected: view.agentConnected,
    runningTasksCount: usage.runningTasksCount,
    pendingTasksCount: usage.pendingTasksCount,
    attributes: attributeList(view.attributes),
    attachments: [],
    tags: [],
  };
  if (view.capacityProviderName !== undefined) result.capacityProviderName = view.capacityProviderName;
  if (statusReason !== undefined) result.statusReason = statusReason;
  const registeredAt = dateOf(view.registeredAt);
  if (registeredAt !== undefined) result.registeredAt = registeredAt;
  return result;
}

/** ECS lists attributes without a value by name only. */
export function attributeList(attributes: Readonly<Record<string, string>>): EcsAttribute[] {
  return Object.entries(attributes)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === '' ? { name } : { name, value }));
}

function resources(cpu: number, memory: number, tcp: readonly number[], udp: readonly number[]): EcsResource[] {
  const integer = (name: string, value: number): EcsResource => ({ name, type: 'INTEGER', doubleValue: 0, longValue: 0, integerValue: Math.max(0, Math.floor(value)) });
  const set = (name: string, ports: readonly number[]): EcsResource => ({ name, type: 'STRINGSET', doubleValue: 0, longValue: 0, integerValue: 0, stringSetValue: ports.map(String) });
  return [integer('CPU', cpu), integer('MEMORY', memory), set('PORTS', tcp), set('PORTS_UDP', udp)];
}
