// Indexes over the Task cache that event handlers need in O(1): the Tasks waiting for
// placement, by Cluster (kicked when capacity may have appeared there) and the Tasks on each
// Node (reconciled when their Node changes). Kept up to date from the Task informer's change
// events.
import { DEFAULT_CLUSTER_NAME } from '../../api/v1alpha1/cluster.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';

export class TaskIndex {
  /** Waiting Task key to its Cluster. */
  readonly #unplaced = new Map<string, string>();
  readonly #byNode = new Map<string, Set<string>>();
  readonly #nodeOf = new Map<string, string>();

  /** Records the Task's current state; `exists` is false once it was deleted. */
  update(key: string, task: Cached<Task>, exists: boolean): void {
    const node = task.status?.containerInstance;
    const stopped = task.status?.lastStatus === 'STOPPED';
    if (exists && node === undefined && !stopped) this.#unplaced.set(key, task.spec.cluster ?? DEFAULT_CLUSTER_NAME);
    else this.#unplaced.delete(key);

    const previous = this.#nodeOf.get(key);
    if (previous !== undefined && (previous !== node || !exists)) {
      this.#byNode.get(previous)?.delete(key);
      this.#nodeOf.delete(key);
    }
    if (exists && node !== undefined && !stopped) {
      let keys = this.#byNode.get(node);
      if (keys === undefined) this.#byNode.set(node, (keys = new Set()));
      keys.add(key);
      this.#nodeOf.set(key, node);
    }
  }

  /** Tasks waiting for placement in `cluster`, or in every Cluster when undefined. */
  unplaced(cluster?: string): Iterable<string> {
    if (cluster === undefined) return this.#unplaced.keys();
    return [...this.#unplaced].filter(([, c]) => c === cluster).map(([key]) => key);
  }

  onNode(node: string): Iterable<string> {
    return this.#byNode.get(node) ?? [];
  }
}
