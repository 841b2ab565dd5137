// Indexes over the Task cache that event handlers need in O(1): the Tasks waiting for
// placement (kicked when capacity may have appeared) and the Tasks on each Node (reconciled
// when their Node changes). Kept up to date from the Task informer's change events.
import type { Task } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';

export class TaskIndex {
  readonly #unplaced = new Set<string>();
  readonly #byNode = new Map<string, Set<string>>();
  readonly #nodeOf = new Map<string, string>();

  /** Records the Task's current state; `exists` is false once it was deleted. */
  update(key: string, task: Cached<Task>, exists: boolean): void {
    const node = task.status?.containerInstance;
    const stopped = task.status?.lastStatus === 'STOPPED';
    if (exists && node === undefined && !stopped) this.#unplaced.add(key);
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

  unplaced(): Iterable<string> {
    return this.#unplaced;
  }

  onNode(node: string): Iterable<string> {
    return this.#byNode.get(node) ?? [];
  }
}
