// An immutable view of one cluster: each container instance with what its tasks hold.
// Placing or stopping tasks returns a new snapshot that shares everything it did not change
// (Nomad's ProposedAllocs, kube-scheduler's AddPod): the operator can keep "assumed"
// placements on top of its informer state, and the simulator threads one snapshot through
// its actions.
import type { ContainerInstanceStatus, ContainerInstanceView } from '../domain/container-instance.ts';
import { countsInGroup, holdsResources, type TaskView } from '../domain/task.ts';
import { PersistentArray } from './persistent-array.ts';
import { SnapshotLineage, Version } from './snapshot-lineage.ts';

export interface InstanceState {
  readonly view: ContainerInstanceView;
  readonly remainingCpu: number;
  readonly remainingMemory: number;
  /** GPUs not held by a task. */
  readonly remainingGpus: number;
  /** awsvpc ENI slots not held by a task; Infinity when the instance sets no limit. */
  readonly remainingEniSlots: number;
  /** Registered reserved TCP ports plus every static TCP host port of its tasks. */
  readonly tcpPorts: ReadonlySet<number>;
  readonly udpPorts: ReadonlySet<number>;
  /** Tasks per task group, not stopped and not asked to stop (countsInGroup). */
  readonly groupCounts: ReadonlyMap<string, number>;
  readonly runningTasksCount: number;
  readonly pendingTasksCount: number;
  /** Tasks that hold resources here (not STOPPED). */
  readonly tasks: readonly TaskView[];
}

const MEMO_LIMIT = 64;

/** Per-instance numbers as flat arrays, for callers that want columns (computed on demand). */
interface Columns {
  remainingCpu?: Float64Array;
  remainingMemory?: Float64Array;
  groups: Map<string, Float64Array>;
}

export class ClusterSnapshot {
  private readonly states: PersistentArray<InstanceState>;
  private readonly indexById: ReadonlyMap<string, number>;
  /**
   * Shared by the snapshots derived by adding or removing tasks: view memos and live indexes.
   * Changing a view starts a new lineage.
   */
  private readonly lineage: SnapshotLineage;
  /** This snapshot's place among the lineage's versions (see snapshot-lineage.ts). */
  private readonly version: Version;
  private materialized: readonly InstanceState[] | undefined;
  private readonly columns: Columns = { groups: new Map() };

  private constructor(states: PersistentArray<InstanceState>, indexById: ReadonlyMap<string, number>, lineage: SnapshotLineage, version: Version) {
    this.states = states;
    this.indexById = indexById;
    this.lineage = lineage;
    this.version = version;
  }

  /** Every instance's state, by instance number. Built on first use: hot paths use `stateAt`. */
  get instances(): readonly InstanceState[] {
    return (this.materialized ??= this.states.toArray());
  }

  /** The state of instance number i (0 <= i < size). */
  stateAt(i: number): InstanceState {
    return this.states.get(i);
  }

  /** Remaining CPU per instance. Read-only: copy before changing. */
  remainingCpuColumn(): Float64Array {
    return (this.columns.remainingCpu ??= Float64Array.from(this.instances, (state) => state.remainingCpu));
  }

  /** Remaining memory per instance. Read-only: copy before changing. */
  remainingMemoryColumn(): Float64Array {
    return (this.columns.remainingMemory ??= Float64Array.from(this.instances, (state) => state.remainingMemory));
  }

  /** Non-stopped tasks of `group` per instance. Read-only: copy before changing. */
  groupColumn(group: string): Float64Array {
    let column = this.columns.groups.get(group);
    if (column === undefined) {
      column = Float64Array.from(this.instances, (state) => state.groupCounts.get(group) ?? 0);
      this.columns.groups.set(group, column);
    }
    return column;
  }

  /**
   * Memoizes a value that depends only on the instances' views. The caller owns the key
   * space: one key, one type of value.
   */
  memoizeByViews<T>(key: string, compute: () => T): T {
    const memo = this.lineage.viewMemo;
    if (memo.has(key)) return memo.get(key) as T;
    if (memo.size >= MEMO_LIMIT) memo.clear();
    const value = compute();
    memo.set(key, value);
    return value;
  }

  /**
   * The lineage's live indexes, brought to this snapshot. For the placement call only: it
   * then updates them pick by pick and ends with `withPlacedStates`.
   */
  liveIndexes(): SnapshotLineage {
    this.lineage.moveTo(this.version, (i) => this.states.get(i));
    return this.lineage;
  }

  /**
   * The snapshot after a placement call that changed the given instances' states, one task
   * at a time, and moved the live indexes along (`SnapshotLineage.updateLive`). The states
   * must equal what `withTasks` would compute for the same tasks.
   */
  withPlacedStates(changed: ReadonlyMap<number, InstanceState>, indexesMoved: boolean): ClusterSnapshot {
    if (changed.size === 0) return this;
    const touched = [...changed.keys()];
    const version = indexesMoved ? new Version(undefined, []) : this.lineage.derive(this.version, touched);
    const next = new ClusterSnapshot(this.states.withChanges(changed), this.indexById, this.lineage, version);
    if (indexesMoved) this.lineage.advance(this.version, version, touched);
    return next;
  }

  /**
   * Builds a snapshot from plain views. Tasks that are STOPPED, or whose instance is not in
   * the list, hold nothing and are left out.
   */
  static build(instances: readonly ContainerInstanceView[], tasks: readonly TaskView[]): ClusterSnapshot {
    const indexById = new Map<string, number>();
    instances.forEach((view, i) => {
      if (indexById.has(view.id)) throw new Error(`Duplicate container instance id ${view.id}`);
      indexById.set(view.id, i);
    });
    const tasksByInstance = instances.map((): TaskView[] => []);
    for (const task of tasks) {
      const i = indexById.get(task.containerInstanceId);
      if (i !== undefined && holdsResources(task.lastStatus)) tasksByInstance[i]?.push(task);
    }
    const states = PersistentArray.from(instances.map((view, i) => stateOf(view, tasksByInstance[i] ?? [])));
    return ClusterSnapshot.root(states, indexById);
  }

  /** A snapshot that starts a new lineage (its views are new). */
  private static root(states: PersistentArray<InstanceState>, indexById: ReadonlyMap<string, number>): ClusterSnapshot {
    const version = new Version(undefined, []);
    return new ClusterSnapshot(states, indexById, new SnapshotLineage(version), version);
  }

  get size(): number {
    return this.states.length;
  }

  indexOf(instanceId: string): number | undefined {
    return this.indexById.get(instanceId);
  }

  instance(instanceId: string): InstanceState | undefined {
    const i = this.indexById.get(instanceId);
    return i === undefined ? undefined : this.states.get(i);
  }

  /** Every task holding resources, instance by instance. */
  *tasks(): Iterable<TaskView> {
    for (let i = 0; i < this.size; i += 1) yield* this.states.get(i).tasks;
  }

  /** The snapshot after adding tasks (each names its instance). */
  withTasks(added: readonly TaskView[]): ClusterSnapshot {
    if (added.length === 0) return this;
    const touched = new Map<number, TaskView[]>();
    for (const task of added) {
      const i = this.indexById.get(task.containerInstanceId);
      if (i === undefined || !holdsResources(task.lastStatus)) continue;
      const list = touched.get(i) ?? [...this.states.get(i).tasks];
      list.push(task);
      touched.set(i, list);
    }
    return this.rebuild(touched);
  }

  /** The snapshot after these tasks reached STOPPED: their resources and ports are free again. */
  withoutTasks(taskArns: Iterable<string>): ClusterSnapshot {
    const stopped = new Set(taskArns);
    if (stopped.size === 0) return this;
    const touched = new Map<number, TaskView[]>();
    for (let i = 0; i < this.size; i += 1) {
      const state = this.states.get(i);
      if (state.tasks.some((t) => stopped.has(t.taskArn))) touched.set(i, state.tasks.filter((t) => !stopped.has(t.taskArn)));
    }
    return this.rebuild(touched);
  }

  /** The snapshot after changing tasks' lastStatus (e.g. PENDING → RUNNING). */
  withTaskStatus(taskArn: string, lastStatus: TaskView['lastStatus']): ClusterSnapshot {
    if (!holdsResources(lastStatus)) return this.withoutTasks([taskArn]);
    const touched = new Map<number, TaskView[]>();
    for (let i = 0; i < this.size; i += 1) {
      const state = this.states.get(i);
      if (state.tasks.some((t) => t.taskArn === taskArn)) {
        touched.set(i, state.tasks.map((t) => (t.taskArn === taskArn ? { ...t, lastStatus } : t)));
      }
    }
    return this.rebuild(touched);
  }

  /** The snapshot after an instance changed status (UpdateContainerInstancesState, deregistration). */
  withInstanceStatus(instanceId: string, status: ContainerInstanceStatus): ClusterSnapshot {
    const i = this.indexById.get(instanceId);
    if (i === undefined) return this;
    const state = this.states.get(i);
    return ClusterSnapshot.root(this.states.withChanges([[i, { ...state, view: { ...state.view, status } }]]), this.indexById);
  }

  /** The snapshot with one instance's view replaced (attributes, agent, status), tasks kept. */
  withInstanceView(view: ContainerInstanceView): ClusterSnapshot {
    const i = this.indexById.get(view.id);
    if (i === undefined) return this;
    return ClusterSnapshot.root(this.states.withChanges([[i, stateOf(view, this.states.get(i).tasks)]]), this.indexById);
  }

  private rebuild(touched: ReadonlyMap<number, TaskView[]>): ClusterSnapshot {
    if (touched.size === 0) return this;
    const changes: [number, InstanceState][] = [];
    for (const [i, tasks] of touched) changes.push([i, stateOf(this.states.get(i).view, tasks)]);
    const version = this.lineage.derive(this.version, [...touched.keys()]);
    return new ClusterSnapshot(this.states.withChanges(changes), this.indexById, this.lineage, version);
  }
}

/**
 * The state after one more task on the instance, computed from the previous state in
 * O(ports + groups) rather than from all its tasks; equal to `stateOf(view, [...tasks, task])`
 * field by field (same subtraction order, same insertion order of ports and groups).
 */
export function withAddedTask(state: InstanceState, task: TaskView): InstanceState {
  const requirement = task.requirement;
  let tcpPorts = state.tcpPorts;
  if (requirement.tcpPorts.length > 0) {
    const ports = new Set(tcpPorts);
    for (const port of requirement.tcpPorts) ports.add(port);
    tcpPorts = ports;
  }
  let udpPorts = state.udpPorts;
  if (requirement.udpPorts.length > 0) {
    const ports = new Set(udpPorts);
    for (const port of requirement.udpPorts) ports.add(port);
    udpPorts = ports;
  }
  let groupCounts = state.groupCounts;
  if (countsInGroup(task)) {
    const counts = new Map(groupCounts);
    counts.set(task.group, (counts.get(task.group) ?? 0) + 1);
    groupCounts = counts;
  }
  return {
    view: state.view,
    remainingCpu: state.remainingCpu - requirement.cpu,
    remainingMemory: state.remainingMemory - requirement.memory,
    remainingGpus: state.remainingGpus - requirement.gpu,
    remainingEniSlots: state.remainingEniSlots - requirement.eni,
    tcpPorts,
    udpPorts,
    groupCounts,
    runningTasksCount: state.runningTasksCount + (task.lastStatus === 'RUNNING' ? 1 : 0),
    pendingTasksCount: state.pendingTasksCount + (task.lastStatus === 'PENDING' ? 1 : 0),
    tasks: [...state.tasks, task],
  };
}

/**
 * Remaining resources = registered minus every task that is not STOPPED (ECS-SEMANTICS 2.2).
 * Example: CPU 2048 registered, tasks reserving 256 and 512 ⇒ remainingCpu 1280.
 */
function stateOf(view: ContainerInstanceView, tasks: readonly TaskView[]): InstanceState {
  let remainingCpu = view.registeredResources.cpu;
  let remainingMemory = view.registeredResources.memory;
  const tcpPorts = new Set(view.registeredResources.tcpPorts);
  const udpPorts = new Set(view.registeredResources.udpPorts);
  const groupCounts = new Map<string, number>();
  let remainingGpus = view.registeredResources.gpuIds?.length ?? 0;
  let remainingEniSlots = view.registeredResources.taskEniSlots ?? Number.POSITIVE_INFINITY;
  let runningTasksCount = 0;
  let pendingTasksCount = 0;
  for (const task of tasks) {
    remainingCpu -= task.requirement.cpu;
    remainingMemory -= task.requirement.memory;
    remainingGpus -= task.requirement.gpu;
    remainingEniSlots -= task.requirement.eni;
    for (const port of task.requirement.tcpPorts) tcpPorts.add(port);
    for (const port of task.requirement.udpPorts) udpPorts.add(port);
    if (countsInGroup(task)) groupCounts.set(task.group, (groupCounts.get(task.group) ?? 0) + 1);
    if (task.lastStatus === 'RUNNING') runningTasksCount += 1;
    if (task.lastStatus === 'PENDING') pendingTasksCount += 1;
  }
  return { view, remainingCpu, remainingMemory, remainingGpus, remainingEniSlots, tcpPorts, udpPorts, groupCounts, runningTasksCount, pendingTasksCount, tasks };
}
