// The scratch state of one placement call: the snapshot's instance states, overlaid with the
// states of the instances that took a task in this call, so that the next task of the batch
// sees the earlier ones. Nothing outside the call ever sees it; the call returns a new
// immutable snapshot at the end. Creating one costs nothing per instance: a call on 50,000
// instances starts as fast as one on 50.
import type { ContainerInstanceView } from '../domain/container-instance.ts';
import type { TaskView } from '../domain/task.ts';
import type { TaskRequirement } from '../domain/task-requirement.ts';
import type { QueryFacts } from './query/compile.ts';
import { withAddedTask, type ClusterSnapshot, type InstanceState } from './snapshot.ts';
import type { SnapshotLineage } from './snapshot-lineage.ts';

export class PlacementWorkspace implements QueryFacts {
  readonly snapshot: ClusterSnapshot;
  /** The task group of the tasks being placed. */
  readonly group: string;
  readonly requirement: TaskRequirement;
  /** States changed in this call, by instance number. */
  private readonly changed = new Map<number, InstanceState>();
  /** When set, every commit also moves the lineage's live indexes (placeTasks). */
  private readonly lineage: SnapshotLineage | undefined;

  constructor(snapshot: ClusterSnapshot, group: string, requirement: TaskRequirement, lineage?: SnapshotLineage) {
    this.snapshot = snapshot;
    this.group = group;
    this.requirement = requirement;
    this.lineage = lineage;
  }

  get size(): number {
    return this.snapshot.size;
  }

  /** Instance i as this call sees it: the snapshot's state plus the tasks placed so far. */
  state(i: number): InstanceState {
    return this.changed.size === 0 ? this.snapshot.stateAt(i) : (this.changed.get(i) ?? this.snapshot.stateAt(i));
  }

  view(i: number): ContainerInstanceView {
    return this.state(i).view;
  }

  remainingCpu(i: number): number {
    return this.state(i).remainingCpu;
  }

  remainingMemory(i: number): number {
    return this.state(i).remainingMemory;
  }

  /** Non-stopped tasks of the call's group on instance i, the ones placed in this call included. */
  groupCount(i: number): number {
    return this.state(i).groupCounts.get(this.group) ?? 0;
  }

  /** Tasks placed in this call are PENDING, so they do not change runningTasksCount. */
  runningTasksCount(i: number): number {
    return this.state(i).runningTasksCount;
  }

  hasTaskInGroup(i: number, group: string): boolean {
    return (this.state(i).groupCounts.get(group) ?? 0) > 0;
  }

  isTcpPortTaken(i: number, port: number): boolean {
    return this.state(i).tcpPorts.has(port);
  }

  isUdpPortTaken(i: number, port: number): boolean {
    return this.state(i).udpPorts.has(port);
  }

  reservedTcpPortCount(i: number): number {
    return this.state(i).tcpPorts.size;
  }

  /** GPUs left on instance i, this call's tasks included. */
  remainingGpus(i: number): number {
    return this.state(i).remainingGpus;
  }

  /** ENI slots left on instance i, this call's tasks included. */
  remainingEniSlots(i: number): number {
    return this.state(i).remainingEniSlots;
  }

  /** Records `task` (of this call's group and requirement) on instance i. */
  commit(i: number, task: TaskView): void {
    const state = withAddedTask(this.state(i), task);
    this.changed.set(i, state);
    this.lineage?.updateLive(i, state);
  }

  /** The snapshot with every task of this call; moves the lineage to it when attached. */
  result(): ClusterSnapshot {
    return this.snapshot.withPlacedStates(this.changed, this.lineage !== undefined);
  }
}
