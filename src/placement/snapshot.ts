// An immutable view of one cluster: each container instance with what its tasks hold.
// Placing or stopping tasks returns a new snapshot that shares everything it did not change
// (Nomad's ProposedAllocs, kube-scheduler's AddPod): the operator can keep "assumed"
// placements on top of its informer state, and the simulator threads one snapshot through
// its actions.
import type { ContainerInstanceStatus, ContainerInstanceView } from '../domain/container-instance.ts';
import { holdsResources, type TaskView } from '../domain/task.ts';

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
  /** Non-stopped tasks per task group. */
  readonly groupCounts: ReadonlyMap<string, number>;
  readonly runningTasksCount: number;
  readonly pendingTasksCount: number;
  /** Tasks that hold resources here (not STOPPED). */
  readonly tasks: readonly TaskView[];
}

const MEMO_LIMIT = 64;
const GROUP_COLUMN_LIMIT = 16;

/**
 * Per-instance numbers as flat arrays (index = instance number), kept incrementally: a
 * derived snapshot copies them (a memcpy) and patches only the instances that changed, so a
 * placement call starts from them without walking every instance's state.
 */
interface Columns {
  remainingCpu: Float64Array;
  remainingMemory: Float64Array;
  /** Non-stopped tasks of a group per instance, for the groups asked about recently. */
  groups: Map<string, Float64Array>;
}

export class ClusterSnapshot {
  readonly instances: readonly InstanceState[];
  private readonly indexById: ReadonlyMap<string, number>;
  /**
   * Results that depend only on the instances' views (status, agent, attributes), such as
   * which instances pass the static filters of a request. Snapshots derived by adding or
   * removing tasks share it; changing a view starts a new one.
   */
  private readonly viewMemo: Map<string, unknown>;
  private columns: Columns | undefined;

  private constructor(
    instances: readonly InstanceState[],
    indexById: ReadonlyMap<string, number>,
    viewMemo: Map<string, unknown>,
    columns?: Columns,
  ) {
    this.instances = instances;
    this.indexById = indexById;
    this.viewMemo = viewMemo;
    this.columns = columns;
  }

  /** Remaining CPU per instance. Read-only: copy before changing. */
  remainingCpuColumn(): Float64Array {
    return this.ensureColumns().remainingCpu;
  }

  /** Remaining memory per instance. Read-only: copy before changing. */
  remainingMemoryColumn(): Float64Array {
    return this.ensureColumns().remainingMemory;
  }

  /** Non-stopped tasks of `group` per instance. Read-only: copy before changing. */
  groupColumn(group: string): Float64Array {
    const columns = this.ensureColumns();
    let column = columns.groups.get(group);
    if (column === undefined) {
      if (columns.groups.size >= GROUP_COLUMN_LIMIT) columns.groups.clear();
      column = new Float64Array(this.instances.length);
      this.instances.forEach((state, i) => {
        (column as Float64Array)[i] = state.groupCounts.get(group) ?? 0;
      });
      columns.groups.set(group, column);
    }
    return column;
  }

  private ensureColumns(): Columns {
    if (this.columns === undefined) {
      this.columns = {
        remainingCpu: Float64Array.from(this.instances, (state) => state.remainingCpu),
        remainingMemory: Float64Array.from(this.instances, (state) => state.remainingMemory),
        groups: new Map(),
      };
    }
    return this.columns;
  }

  /**
   * Memoizes a value that depends only on the instances' views. The caller owns the key
   * space: one key, one type of value.
   */
  memoizeByViews<T>(key: string, compute: () => T): T {
    if (this.viewMemo.has(key)) return this.viewMemo.get(key) as T;
    if (this.viewMemo.size >= MEMO_LIMIT) this.viewMemo.clear();
    const value = compute();
    this.viewMemo.set(key, value);
    return value;
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
    return new ClusterSnapshot(
      instances.map((view, i) => stateOf(view, tasksByInstance[i] ?? [])),
      indexById,
      new Map(),
    );
  }

  get size(): number {
    return this.instances.length;
  }

  indexOf(instanceId: string): number | undefined {
    return this.indexById.get(instanceId);
  }

  instance(instanceId: string): InstanceState | undefined {
    const i = this.indexById.get(instanceId);
    return i === undefined ? undefined : this.instances[i];
  }

  /** Every task holding resources, instance by instance. */
  *tasks(): Iterable<TaskView> {
    for (const state of this.instances) yield* state.tasks;
  }

  /** The snapshot after adding tasks (each names its instance). */
  withTasks(added: readonly TaskView[]): ClusterSnapshot {
    if (added.length === 0) return this;
    const touched = new Map<number, TaskView[]>();
    for (const task of added) {
      const i = this.indexById.get(task.containerInstanceId);
      if (i === undefined || !holdsResources(task.lastStatus)) continue;
      const list = touched.get(i) ?? [...(this.instances[i] as InstanceState).tasks];
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
    this.instances.forEach((state, i) => {
      if (state.tasks.some((t) => stopped.has(t.taskArn))) touched.set(i, state.tasks.filter((t) => !stopped.has(t.taskArn)));
    });
    return this.rebuild(touched);
  }

  /** The snapshot after changing tasks' lastStatus (e.g. PENDING → RUNNING). */
  withTaskStatus(taskArn: string, lastStatus: TaskView['lastStatus']): ClusterSnapshot {
    if (!holdsResources(lastStatus)) return this.withoutTasks([taskArn]);
    const touched = new Map<number, TaskView[]>();
    this.instances.forEach((state, i) => {
      if (state.tasks.some((t) => t.taskArn === taskArn)) {
        touched.set(i, state.tasks.map((t) => (t.taskArn === taskArn ? { ...t, lastStatus } : t)));
      }
    });
    return this.rebuild(touched);
  }

  /** The snapshot after an instance changed status (UpdateContainerInstancesState, deregistration). */
  withInstanceStatus(instanceId: string, status: ContainerInstanceStatus): ClusterSnapshot {
    const i = this.indexById.get(instanceId);
    if (i === undefined) return this;
    const state = this.instances[i] as InstanceState;
    const instances = [...this.instances];
    instances[i] = { ...state, view: { ...state.view, status } };
    return new ClusterSnapshot(instances, this.indexById, new Map());
  }

  /** The snapshot with one instance's view replaced (attributes, agent, status), tasks kept. */
  withInstanceView(view: ContainerInstanceView): ClusterSnapshot {
    const i = this.indexById.get(view.id);
    if (i === undefined) return this;
    const instances = [...this.instances];
    instances[i] = stateOf(view, (this.instances[i] as InstanceState).tasks);
    return new ClusterSnapshot(instances, this.indexById, new Map());
  }

  private rebuild(touched: ReadonlyMap<number, TaskView[]>): ClusterSnapshot {
    if (touched.size === 0) return this;
    const instances = [...this.instances];
    for (const [i, tasks] of touched) instances[i] = stateOf((this.instances[i] as InstanceState).view, tasks);
    return new ClusterSnapshot(instances, this.indexById, this.viewMemo, this.patchedColumns(instances, touched.keys()));
  }

  /** Copies of the computed columns with the touched instances' values refreshed. */
  private patchedColumns(instances: readonly InstanceState[], touched: Iterable<number>): Columns | undefined {
    if (this.columns === undefined) return undefined;
    const changed = [...touched];
    const remainingCpu = this.columns.remainingCpu.slice();
    const remainingMemory = this.columns.remainingMemory.slice();
    for (const i of changed) {
      const state = instances[i] as InstanceState;
      remainingCpu[i] = state.remainingCpu;
      remainingMemory[i] = state.remainingMemory;
    }
    const groups = new Map<string, Float64Array>();
    for (const [group, column] of this.columns.groups) {
      const copy = column.slice();
      for (const i of changed) copy[i] = (instances[i] as InstanceState).groupCounts.get(group) ?? 0;
      groups.set(group, copy);
    }
    return { remainingCpu, remainingMemory, groups };
  }
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
    groupCounts.set(task.group, (groupCounts.get(task.group) ?? 0) + 1);
    if (task.lastStatus === 'RUNNING') runningTasksCount += 1;
    if (task.lastStatus === 'PENDING') pendingTasksCount += 1;
  }
  return { view, remainingCpu, remainingMemory, remainingGpus, remainingEniSlots, tcpPorts, udpPorts, groupCounts, runningTasksCount, pendingTasksCount, tasks };
}
