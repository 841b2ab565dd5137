// Placements committed (or being committed) but not yet seen in the informer cache, as
// kube-scheduler "assumes" Pods: the next placement counts them, so two placements in a row
// never overbook a Node. An entry goes once the cache shows the Task placed, or if the commit
// fails.
import type { TaskView } from '../../domain/task.ts';

export class AssumedPlacements {
  readonly #byTask = new Map<string, TaskView>();

  assume(taskKey: string, view: TaskView): void {
    this.#byTask.set(taskKey, view);
  }

  /** Forgets the Task's assumption; with `view`, only if it is still that one. */
  forget(taskKey: string, view?: TaskView): void {
    if (view === undefined || this.#byTask.get(taskKey) === view) this.#byTask.delete(taskKey);
  }

  has(taskKey: string): boolean {
    return this.#byTask.has(taskKey);
  }

  /** The assumed placements the cache does not show yet; `isPlacedInCache` says which it does. */
  pending(isPlacedInCache: (taskKey: string) => boolean): TaskView[] {
    const views: TaskView[] = [];
    for (const [key, view] of this.#byTask) {
      if (isPlacedInCache(key)) this.#byTask.delete(key);
      else views.push(view);
    }
    return views;
  }

  get size(): number {
    return this.#byTask.size;
  }
}
