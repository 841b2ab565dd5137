// The mutable scratch state of one placement call: flat arrays indexed by instance number,
// copied from the snapshot once, then updated after every pick so that the next task of the
// batch sees the earlier ones. Nothing outside the call ever sees it; the call returns a new
// immutable snapshot at the end.
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import type { TaskRequirement } from '../domain/task-requirement.ts';
import type { QueryFacts } from './query/compile.ts';
import type { ClusterSnapshot, InstanceState } from './snapshot.ts';

export class PlacementWorkspace implements QueryFacts {
  readonly snapshot: ClusterSnapshot;
  /** The task group of the tasks being placed. */
  readonly group: string;
  readonly requirement: TaskRequirement;
  readonly remainingCpu: Float64Array;
  readonly remainingMemory: Float64Array;
  /** Non-stopped tasks of `group` per instance, including the ones placed in this call. */
  readonly groupCount: Float64Array;
  /** Static host ports taken by tasks placed in this call, per instance. */
  private readonly addedTcp: (Set<number> | undefined)[];
  private readonly addedUdp: (Set<number> | undefined)[];
  /** Tasks placed in this call per instance, for the rarely needed GPU and ENI counts. */
  private readonly placedHere = new Map<number, number>();
  private readonly listeners: ((i: number) => void)[] = [];

  constructor(snapshot: ClusterSnapshot, group: string, requirement: TaskRequirement) {
    const n = snapshot.size;
    this.snapshot = snapshot;
    this.group = group;
    this.requirement = requirement;
    // Copies of the snapshot's incremental columns: a memcpy each, not a walk over instances.
    this.remainingCpu = snapshot.remainingCpuColumn().slice();
    this.remainingMemory = snapshot.remainingMemoryColumn().slice();
    this.groupCount = snapshot.groupColumn(group).slice();
    this.addedTcp = new Array<Set<number> | undefined>(n);
    this.addedUdp = new Array<Set<number> | undefined>(n);
  }

  get size(): number {
    return this.snapshot.size;
  }

  state(i: number): InstanceState {
    return this.snapshot.instances[i] as InstanceState;
  }

  view(i: number): ContainerInstanceView {
    return (this.snapshot.instances[i] as InstanceState).view;
  }

  /** Tasks placed in this call are PENDING, so they do not change runningTasksCount. */
  runningTasksCount(i: number): number {
    return (this.snapshot.instances[i] as InstanceState).runningTasksCount;
  }

  hasTaskInGroup(i: number, group: string): boolean {
    if (group === this.group) return (this.groupCount[i] as number) > 0;
    return ((this.snapshot.instances[i] as InstanceState).groupCounts.get(group) ?? 0) > 0;
  }

  isTcpPortTaken(i: number, port: number): boolean {
    return this.state(i).tcpPorts.has(port) || (this.addedTcp[i]?.has(port) ?? false);
  }

  isUdpPortTaken(i: number, port: number): boolean {
    return this.state(i).udpPorts.has(port) || (this.addedUdp[i]?.has(port) ?? false);
  }

  reservedTcpPortCount(i: number): number {
    return this.state(i).tcpPorts.size + (this.addedTcp[i]?.size ?? 0);
  }

  /** GPUs left on instance i, this call's tasks included. */
  remainingGpus(i: number): number {
    return this.state(i).remainingGpus - (this.placedHere.get(i) ?? 0) * this.requirement.gpu;
  }

  /** ENI slots left on instance i, this call's tasks included. */
  remainingEniSlots(i: number): number {
    return this.state(i).remainingEniSlots - (this.placedHere.get(i) ?? 0) * this.requirement.eni;
  }

  /** Called by rankers that keep their own incremental counts (spread buckets). */
  onCommit(listener: (i: number) => void): void {
    this.listeners.push(listener);
  }

  /** Records one task of `group` with `requirement` on instance i. */
  commit(i: number): void {
    const requirement = this.requirement;
    this.remainingCpu[i] = (this.remainingCpu[i] as number) - requirement.cpu;
    this.remainingMemory[i] = (this.remainingMemory[i] as number) - requirement.memory;
    this.groupCount[i] = (this.groupCount[i] as number) + 1;
    if (requirement.gpu > 0 || requirement.eni > 0) this.placedHere.set(i, (this.placedHere.get(i) ?? 0) + 1);
    if (requirement.tcpPorts.length > 0) {
      const added = (this.addedTcp[i] ??= new Set());
      for (const port of requirement.tcpPorts) added.add(port);
    }
    if (requirement.udpPorts.length > 0) {
      const added = (this.addedUdp[i] ??= new Set());
      for (const port of requirement.udpPorts) added.add(port);
    }
    for (const listener of this.listeners) listener(i);
  }
}
