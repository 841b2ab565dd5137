// The cluster view (cluster-view.ts), kept incrementally from object changes. The Manager
// feeds it from informer events (cluster-view-informers.ts); the CLI and tests feed it plain
// lists (`fromLists`). Each change touches one Node:
//   - a Pod change re-derives its Node's usage (the Pods that are not tasks), lazily;
//   - a Task change moves its reservation on its Node;
//   - a Node change re-derives that Node's container-instance view;
//   - only a Cluster change (selector, tolerations, ports) re-derives every Node.
// The engine snapshot of a Cluster is patched with the changes since it was last read
// (withInstanceView, withoutTasks, withTasks); it is built anew only when the set of eligible
// instances changed (a Node joined, left, or became ineligible).
import type { Cluster } from '../../api/v1alpha1/cluster.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import { parseTaskDefinitionReference } from '../../api/v1alpha1/task-definition-reference.ts';
import { defaultTaskGroup, placedTaskStatus } from '../../domain/task.ts';
import type { Cached } from '../../kube/cached.ts';
import { checkInstanceEligibility, computeNodeUsage, toContainerInstance, type ForeignUsage, type InstanceEligibility } from '../../kube/container-instances.ts';
import { isNodeReady } from '../../kube/node-readiness.ts';
import { holdsNodeResources } from '../../kube/pod-requests.ts';
import { taskLabel } from '../../kube/task-pod.ts';
import type { V1Node, V1Pod } from '../../kube/types.ts';
import { ClusterSnapshot, type ContainerInstanceView, type TaskRequirement, type TaskView } from '../../placement/index.ts';
import { objectKey } from '../../runtime/keys.ts';
import { isDeepEqual } from '../../util/deep-equal.ts';
import { matchesLabelSelector } from '../../util/label-selector.ts';
import type { AssumedPlacement, CapacityChange, ClusterInstances, ClusterView, IneligibleInstance, ViewTask } from './cluster-view.ts';
import { computeMembership } from './membership.ts';

/** What a placed Task reserves; undefined while its revision is unknown (its Pod then counts by its requests). */
export interface TaskRequirementSource {
  of(task: Cached<Task>): TaskRequirement | undefined;
  forget?(uid: string): void;
}

interface NodeEntry {
  node: Cached<V1Node>;
  /** Cleared by every change that can move the Node's usage or view. */
  derived: Derived | undefined;
}

interface Derived {
  usage: ForeignUsage;
  eligibility: InstanceEligibility;
  view: ContainerInstanceView;
}

interface SnapshotCache {
  snapshot: ClusterSnapshot;
  /** Nodes whose view or eligibility may have changed since the snapshot was patched. */
  dirtyNodes: Set<string>;
  /** Tasks whose reservation may have changed. */
  dirtyTasks: Set<string>;
  /** What each task in the snapshot holds there, to patch only what really changed. */
  held: Map<string, TaskView>;
}

export class ClusterViewState implements ClusterView {
  readonly #requirements: TaskRequirementSource;
  readonly #clusters = new Map<string, Cached<Cluster>>();
  readonly #nodes = new Map<string, NodeEntry>();
  /** Node name to its Cluster; conflicts and Nodes of no Cluster are absent. */
  readonly #clusterOf = new Map<string, string>();
  readonly #conflicts = new Map<string, readonly string[]>();
  readonly #members = new Map<string, Set<string>>();
  /** Which Node each Pod that holds resources is on, by `namespace/name`; Pods may arrive before their Node. */
  readonly #podNode = new Map<string, string>();
  readonly #podsByNode = new Map<string, Map<string, Cached<V1Pod>>>();
  /** The latest Task objects, by key, and what each holds when it holds something. */
  readonly #tasks = new Map<string, Cached<Task>>();
  readonly #held = new Map<string, ViewTask>();
  /** Placed Tasks whose requirement is not known yet. */
  readonly #unresolved = new Set<string>();
  readonly #assumed = new Map<string, ViewTask>();
  /** Node name to the keys of tasks holding it (cached or assumed). */
  readonly #tasksByNode = new Map<string, Set<string>>();
  readonly #snapshots = new Map<string, SnapshotCache>();
  readonly #capacityListeners: Array<(change: CapacityChange) => void> = [];
  readonly #nodeListeners: Array<(node: string) => void> = [];

  constructor(requirements: TaskRequirementSource) {
    this.#requirements = requirements;
  }

  /** A view of plain lists, for commands that run outside the operator (run-task, explain). */
  static fromLists(
    lists: { clusters: Iterable<Cached<Cluster>>; nodes: Iterable<Cached<V1Node>>; pods: Iterable<Cached<V1Pod>>; tasks: Iterable<Cached<Task>> },
    requirements: TaskRequirementSource,
  ): ClusterViewState {
    const view = new ClusterViewState(requirements);
    for (const cluster of lists.clusters) view.upsertCluster(cluster);
    for (const node of lists.nodes) view.upsertNode(node);
    for (const task of lists.tasks) view.upsertTask(task);
    for (const pod of lists.pods) view.upsertPod(pod);
    return view;
  }

  // ---- Feeding ----------------------------------------------------------------------------

  upsertCluster(cluster: Cached<Cluster>): void {
    if (cluster.metadata.deletionTimestamp !== undefined) return this.removeCluster(cluster.metadata.name);
    const previous = this.#clusters.get(cluster.metadata.name);
    this.#clusters.set(cluster.metadata.name, cluster);
    // Status writes change nothing here; only the spec does.
    if (previous !== undefined && previous.metadata.generation === cluster.metadata.generation) return;
    this.#recomputeMembership();
    this.#emitCapacity({ reason: 'ClusterChanged', cluster: cluster.metadata.name });
  }

  removeCluster(name: string): void {
    if (!this.#clusters.delete(name)) return;
    this.#recomputeMembership();
    this.#emitCapacity({ reason: 'ClusterChanged', cluster: name });
  }

  upsertNode(node: Cached<V1Node>): void {
    const name = node.metadata?.name ?? '';
    const entry = this.#nodes.get(name);
    if (entry === undefined) {
      this.#nodes.set(name, { node, derived: undefined });
      this.#placeInCluster(name);
      this.#emitNode(name);
      this.#emitCapacity({ reason: 'NodeAdded', node: name, cluster: this.#clusterOf.get(name) });
      return;
    }
    const before = entry.node;
    entry.node = node;
    // Heartbeats and status churn leave these alone: nothing to re-derive, nobody to wake.
    if (!nodeChangedForPlacement(before, node)) return;
    entry.derived = undefined;
    const labelsChanged = !sameRecord(before.metadata?.labels, node.metadata?.labels);
    if (labelsChanged) this.#placeInCluster(name);
    else this.#markNode(name);
    this.#emitNode(name);
    this.#emitCapacity({ reason: 'NodeChanged', node: name, cluster: this.#clusterOf.get(name) });
  }

  removeNode(name: string): void {
    const entry = this.#nodes.get(name);
    if (entry === undefined) return;
    const cluster = this.#clusterOf.get(name);
    this.#markNode(name);
    this.#nodes.delete(name);
    this.#removeMembership(name);
    this.#emitNode(name);
    this.#emitCapacity({ reason: 'NodeRemoved', node: name, cluster });
  }

  upsertPod(pod: Cached<V1Pod>): void {
    const key = objectKey({ namespace: pod.metadata?.namespace, name: pod.metadata?.name ?? '' });
    const node = pod.spec?.nodeName;
    const holds = node !== undefined && node !== '' && holdsNodeResources(pod as V1Pod);
    const previousNode = this.#podNode.get(key);
    if (previousNode !== undefined && (!holds || previousNode !== node)) this.#dropPod(key, previousNode, true);
    if (!holds) return;
    this.#podNode.set(key, node);
    let onNode = this.#podsByNode.get(node);
    if (onNode === undefined) this.#podsByNode.set(node, (onNode = new Map()));
    onNode.set(key, pod);
    // Re-derived lazily, on the next read of this Node.
    this.#invalidate(node);
  }

  removePod(namespace: string | undefined, name: string): void {
    const key = objectKey({ namespace, name });
    const node = this.#podNode.get(key);
    if (node !== undefined) this.#dropPod(key, node, true);
  }

  upsertTask(task: Cached<Task>): void {
    const key = objectKey({ namespace: task.metadata.namespace, name: task.metadata.name });
    this.#tasks.set(key, task);
    const node = task.status?.containerInstance;
    const stopped = task.status?.lastStatus === 'STOPPED';
    // The cache shows the commit (or the task ended): the assumption has served its purpose.
    if (this.#assumed.has(key) && (node !== undefined || stopped)) this.#dropAssumed(key);
    const before = this.#held.get(key);
    let next: ViewTask | undefined;
    this.#unresolved.delete(key);
    if (node !== undefined && !stopped) {
      const requirement = this.#requirements.of(task);
      if (requirement === undefined) this.#unresolved.add(key);
      else next = viewTaskOf(key, task, node, requirement, false);
    }
    if (next === undefined) this.#held.delete(key);
    else this.#held.set(key, next);
    if (before !== undefined && before.containerInstance !== next?.containerInstance) this.#unlinkTask(key, before.containerInstance);
    if (next !== undefined) this.#linkTask(key, next.containerInstance);
    if (before !== undefined || next !== undefined) this.#markTaskNodes(key, before, next);
    if (before !== undefined && next === undefined) this.#emitCapacity({ reason: 'TaskEnded', node: before.containerInstance, cluster: this.#clusterOf.get(before.containerInstance) });
  }

  removeTask(namespace: string | undefined, name: string): void {
    const key = objectKey({ namespace, name });
    // A deleted Task's assumption goes with it (the commit can only have failed).
    if (this.#assumed.has(key)) this.#dropAssumed(key);
    const task = this.#tasks.get(key);
    if (task === undefined) return;
    this.#tasks.delete(key);
    this.#unresolved.delete(key);
    this.#requirements.forget?.(task.metadata.uid as string);
    const before = this.#held.get(key);
    if (before === undefined) return;
    this.#held.delete(key);
    this.#unlinkTask(key, before.containerInstance);
    this.#markTaskNodes(key, before, undefined);
    this.#emitCapacity({ reason: 'TaskEnded', node: before.containerInstance, cluster: this.#clusterOf.get(before.containerInstance) });
  }

  /** A task definition or revision arrived: placed Tasks waiting for their requirement resolve now. */
  definitionsChanged(): void {
    for (const key of [...this.#unresolved]) {
      const task = this.#tasks.get(key);
      if (task !== undefined) this.upsertTask(task);
    }
  }

  // ---- Reading ----------------------------------------------------------------------------

  cluster(name: string): Cached<Cluster> | undefined {
    return this.#clusters.get(name);
  }

  clusterOf(node: string): string | undefined {
    return this.#clusterOf.get(node);
  }

  hasNode(node: string): boolean {
    return this.#nodes.has(node);
  }

  instancesOf(cluster: string): ClusterInstances {
    const instances: ContainerInstanceView[] = [];
    const ineligible: IneligibleInstance[] = [];
    for (const name of [...(this.#members.get(cluster) ?? [])].sort()) {
      const derived = this.#derive(name);
      if (derived === undefined) continue;
      if (derived.eligibility.eligible) instances.push(derived.view);
      else ineligible.push({ node: name, reason: derived.eligibility.reason, message: derived.eligibility.message });
    }
    const conflicting = [...this.#conflicts].filter(([, claims]) => claims.includes(cluster)).map(([node]) => node).sort();
    return { instances, ineligible, conflicting };
  }

  instance(node: string): ContainerInstanceView | undefined {
    if (!this.#clusterOf.has(node)) return undefined;
    return this.#derive(node)?.view;
  }

  tasksOn(node: string): readonly ViewTask[] {
    return [...(this.#tasksByNode.get(node) ?? [])].map((key) => this.task(key)).filter((t): t is ViewTask => t !== undefined);
  }

  tasksOf(cluster: string): readonly ViewTask[] {
    return [...(this.#members.get(cluster) ?? [])].flatMap((node) => this.tasksOn(node));
  }

  task(key: string): ViewTask | undefined {
    return this.#assumed.get(key) ?? this.#held.get(key);
  }

  snapshotOf(cluster: string): ClusterSnapshot {
    const cache = this.#snapshots.get(cluster);
    if (cache === undefined) return this.#buildSnapshot(cluster);
    let snapshot = cache.snapshot;
    for (const node of cache.dirtyNodes) {
      const derived = this.#derive(node);
      const wanted = derived !== undefined && this.#clusterOf.get(node) === cluster && derived.eligibility.eligible;
      const present = snapshot.instance(node);
      // The set of eligible instances changed: the snapshot's index must change with it.
      if (wanted !== (present !== undefined)) return this.#buildSnapshot(cluster);
      if (wanted && present !== undefined && !sameInstanceView(present.view, derived.view)) snapshot = snapshot.withInstanceView(derived.view);
    }
    cache.dirtyNodes.clear();
    if (cache.dirtyTasks.size > 0) {
      const removed: string[] = [];
      const added: TaskView[] = [];
      for (const key of cache.dirtyTasks) {
        const before = cache.held.get(key);
        const current = this.task(key);
        const after = current === undefined || snapshot.indexOf(current.containerInstance) === undefined ? undefined : toTaskView(current);
        // A confirmed assumption, or a Pod's status churn, holds the same as before.
        if (before !== undefined && after !== undefined && sameTaskView(before, after)) continue;
        if (before !== undefined) {
          removed.push(key);
          cache.held.delete(key);
        }
        if (after !== undefined) {
          added.push(after);
          cache.held.set(key, after);
        }
      }
      cache.dirtyTasks.clear();
      if (removed.length > 0) snapshot = snapshot.withoutTasks(removed);
      snapshot = snapshot.withTasks(added);
    }
    cache.snapshot = snapshot;
    return snapshot;
  }

  // ---- Assumptions ------------------------------------------------------------------------

  assume(placement: AssumedPlacement): void {
    const key = placement.key;
    const before = this.task(key);
    if (before !== undefined && before.containerInstance !== placement.containerInstance) this.#unlinkTask(key, before.containerInstance);
    const view: ViewTask = { ...placement, lastStatus: 'PENDING', assumed: true };
    this.#assumed.set(key, view);
    this.#linkTask(key, placement.containerInstance);
    this.#markTaskNodes(key, before, view);
  }

  forget(key: string): void {
    if (!this.#assumed.has(key)) return;
    const node = this.#assumed.get(key)?.containerInstance;
    this.#dropAssumed(key);
    this.#emitCapacity({ reason: 'AssumptionForgotten', node, cluster: node === undefined ? undefined : this.#clusterOf.get(node) });
  }

  isAssumed(key: string): boolean {
    return this.#assumed.has(key);
  }

  onCapacityChange(listener: (change: CapacityChange) => void): void {
    this.#capacityListeners.push(listener);
  }

  onNodeChange(listener: (node: string) => void): void {
    this.#nodeListeners.push(listener);
  }

  // ---- Internals --------------------------------------------------------------------------

  #dropAssumed(key: string): void {
    const assumed = this.#assumed.get(key);
    if (assumed === undefined) return;
    this.#assumed.delete(key);
    const held = this.#held.get(key);
    if (held?.containerInstance !== assumed.containerInstance) this.#unlinkTask(key, assumed.containerInstance);
    this.#markTaskNodes(key, assumed, held);
  }

  #dropPod(key: string, node: string, ended: boolean): void {
    this.#podNode.delete(key);
    const onNode = this.#podsByNode.get(node);
    if (onNode === undefined || !onNode.delete(key)) return;
    if (onNode.size === 0) this.#podsByNode.delete(node);
    this.#invalidate(node);
    if (ended) this.#emitCapacity({ reason: 'PodEnded', node, cluster: this.#clusterOf.get(node) });
  }

  #linkTask(key: string, node: string): void {
    let keys = this.#tasksByNode.get(node);
    if (keys === undefined) this.#tasksByNode.set(node, (keys = new Set()));
    keys.add(key);
  }

  #unlinkTask(key: string, node: string): void {
    const keys = this.#tasksByNode.get(node);
    keys?.delete(key);
    if (keys?.size === 0) this.#tasksByNode.delete(node);
  }

  /** A task's reservation moved: its Nodes' usage (Pod slots, which Pods are tasks) and snapshots follow. */
  #markTaskNodes(key: string, before: ViewTask | undefined, after: ViewTask | undefined): void {
    for (const node of new Set([before?.containerInstance, after?.containerInstance])) {
      if (node === undefined) continue;
      this.#invalidate(node);
      const cluster = this.#clusterOf.get(node);
      if (cluster !== undefined) this.#snapshots.get(cluster)?.dirtyTasks.add(key);
    }
  }

  #invalidate(node: string): void {
    const entry = this.#nodes.get(node);
    if (entry !== undefined) entry.derived = undefined;
    this.#markNode(node);
  }

  #markNode(node: string): void {
    const cluster = this.#clusterOf.get(node);
    if (cluster !== undefined) this.#snapshots.get(cluster)?.dirtyNodes.add(node);
  }

  /** Which Cluster a Node serves, from its labels and every Cluster's selector. */
  #placeInCluster(node: string): void {
    const entry = this.#nodes.get(node);
    if (entry === undefined) return;
    const before = this.#clusterOf.get(node);
    this.#removeMembership(node);
    const membership = computeMembership(this.#clusterSelectors(), [{ name: node, labels: entry.node.metadata?.labels ?? {} }]);
    const cluster = membership.clusterOf.get(node);
    const conflicts = membership.conflicts.get(node);
    if (conflicts !== undefined) this.#conflicts.set(node, conflicts);
    if (cluster !== undefined) {
      this.#clusterOf.set(node, cluster);
      let members = this.#members.get(cluster);
      if (members === undefined) this.#members.set(cluster, (members = new Set()));
      members.add(node);
    }
    entry.derived = undefined;
    if (before !== cluster) {
      // Membership changed: both Clusters' instance sets changed.
      if (before !== undefined) this.#snapshots.delete(before);
      if (cluster !== undefined) this.#snapshots.delete(cluster);
    } else {
      this.#markNode(node);
    }
  }

  #removeMembership(node: string): void {
    const cluster = this.#clusterOf.get(node);
    if (cluster !== undefined) {
      this.#members.get(cluster)?.delete(node);
      this.#snapshots.delete(cluster);
    }
    this.#clusterOf.delete(node);
    this.#conflicts.delete(node);
  }

  #recomputeMembership(): void {
    // Rare (a Cluster's spec changed): every Node may move, and every policy may differ.
    this.#clusterOf.clear();
    this.#conflicts.clear();
    this.#members.clear();
    this.#snapshots.clear();
    for (const name of this.#nodes.keys()) this.#placeInCluster(name);
  }

  #clusterSelectors() {
    return [...this.#clusters.values()].map((c) => ({ name: c.metadata.name, nodeSelector: c.spec.nodeSelector }));
  }

  #derive(name: string): Derived | undefined {
    const entry = this.#nodes.get(name);
    if (entry === undefined) return undefined;
    if (entry.derived !== undefined) return entry.derived;
    const cluster = this.#clusters.get(this.#clusterOf.get(name) ?? '');
    const holding = this.#tasksByNode.get(name);
    // A Pod counts as a task (by its ECS reservation) only while its Task holds this Node.
    const isTaskPod = (pod: Cached<V1Pod>) => {
      const task = pod.metadata?.labels?.[taskLabel];
      return task !== undefined && holding?.has(objectKey({ namespace: pod.metadata?.namespace, name: task })) === true;
    };
    const pods = this.#podsByNode.get(name) ?? new Map<string, Cached<V1Pod>>();
    const usage = computeNodeUsage(pods.values(), isTaskPod).get(name) ?? { cpuMillicores: 0, memoryBytes: 0, tcpPorts: [], udpPorts: [], pods: 0 };
    // A task placed a moment ago takes a Pod slot before its Pod is in the cache.
    const withoutPod = [...(holding ?? [])].filter((key) => !pods.has(key)).length;
    const slots = { ...usage, pods: usage.pods + withoutPod };
    const derived: Derived = {
      usage,
      eligibility: checkInstanceEligibility(entry.node, slots, cluster?.spec.tolerations),
      view: toContainerInstance(entry.node, usage, {
        reservedPorts: cluster?.spec.reservedPorts,
        capacityProviderOf: (n) => cluster?.spec.capacityProviders?.find((p) => matchesLabelSelector(p.nodeSelector, n.metadata?.labels ?? {}))?.name,
      }),
    };
    entry.derived = derived;
    return derived;
  }

  #buildSnapshot(cluster: string): ClusterSnapshot {
    const { instances } = this.instancesOf(cluster);
    const tasks = instances.flatMap((i) => this.tasksOn(i.id)).map(toTaskView);
    const snapshot = ClusterSnapshot.build(instances, tasks);
    this.#snapshots.set(cluster, { snapshot, dirtyNodes: new Set(), dirtyTasks: new Set(), held: new Map(tasks.map((t) => [t.taskArn, t])) });
    return snapshot;
  }

  #emitCapacity(change: CapacityChange): void {
    for (const listener of this.#capacityListeners) listener(change);
  }

  #emitNode(node: string): void {
    for (const listener of this.#nodeListeners) listener(node);
  }
}

function viewTaskOf(key: string, task: Cached<Task>, node: string, requirement: TaskRequirement, assumed: boolean): ViewTask {
  return {
    key,
    containerInstance: node,
    group: task.status?.group ?? task.spec.group ?? defaultTaskGroup(familyOf(task.status?.taskDefinition)),
    startedBy: task.spec.startedBy,
    lastStatus: placedTaskStatus(task.status?.lastStatus),
    ...(task.spec.desiredStatus === 'STOPPED' ? { desiredStatus: 'STOPPED' as const } : {}),
    requirement,
    taskDefinition: task.status?.taskDefinition,
    assumed,
  };
}

function familyOf(reference: string | undefined): string {
  return (reference === undefined ? undefined : parseTaskDefinitionReference(reference)?.family) ?? 'unknown';
}

function toTaskView(task: ViewTask): TaskView {
  return {
    taskArn: task.key,
    containerInstanceId: task.containerInstance,
    group: task.group,
    lastStatus: task.lastStatus,
    ...(task.desiredStatus === undefined ? {} : { desiredStatus: task.desiredStatus }),
    requirement: task.requirement,
    taskDefinitionArn: task.taskDefinition,
  };
}

function sameTaskView(a: TaskView, b: TaskView): boolean {
  return (
    a.containerInstanceId === b.containerInstanceId &&
    a.group === b.group &&
    a.lastStatus === b.lastStatus &&
    a.desiredStatus === b.desiredStatus &&
    a.taskDefinitionArn === b.taskDefinitionArn &&
    isDeepEqual(a.requirement, b.requirement)
  );
}

/** The parts of a Node its container-instance view and eligibility are made of. */
function nodeChangedForPlacement(a: Cached<V1Node>, b: Cached<V1Node>): boolean {
  return (
    !sameRecord(a.metadata?.labels, b.metadata?.labels) ||
    !sameRecord(a.status?.allocatable, b.status?.allocatable) ||
    (a.spec?.unschedulable === true) !== (b.spec?.unschedulable === true) ||
    !sameTaints(a.spec?.taints, b.spec?.taints) ||
    isNodeReady(a) !== isNodeReady(b) ||
    a.status?.nodeInfo?.kubeletVersion !== b.status?.nodeInfo?.kubeletVersion
  );
}

function sameRecord(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  const ka = Object.keys(a ?? {});
  if (ka.length !== Object.keys(b ?? {}).length) return false;
  return ka.every((k) => a?.[k] === b?.[k]);
}

type Taints = NonNullable<Cached<V1Node>['spec']>['taints'];

function sameTaints(a: Taints, b: Taints): boolean {
  const ta = a ?? [];
  const tb = b ?? [];
  return ta.length === tb.length && ta.every((t, i) => t.key === tb[i]?.key && t.value === tb[i]?.value && t.effect === tb[i]?.effect);
}

function sameInstanceView(a: ContainerInstanceView, b: ContainerInstanceView): boolean {
  const ra = a.registeredResources;
  const rb = b.registeredResources;
  return (
    a.status === b.status &&
    a.agentConnected === b.agentConnected &&
    a.agentVersion === b.agentVersion &&
    a.capacityProviderName === b.capacityProviderName &&
    sameRecord(a.attributes, b.attributes) &&
    ra.cpu === rb.cpu &&
    ra.memory === rb.memory &&
    ra.gpuIds?.length === rb.gpuIds?.length &&
    ra.taskEniSlots === rb.taskEniSlots &&
    samePorts(ra.tcpPorts, rb.tcpPorts) &&
    samePorts(ra.udpPorts, rb.udpPorts)
  );
}

function samePorts(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((p, i) => p === b[i]);
}
