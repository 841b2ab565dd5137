// Scale-in: which tasks of a group to stop, using the strategies in reverse
// (ECS-SEMANTICS 3.8). One task at a time, each choice seeing the earlier ones:
//   - PENDING (not yet RUNNING) tasks go first; protected tasks are never chosen.
//   - spread(field): stop from the bucket holding the MOST tasks of the group.
//   - binpack(field): stop on the instance that will have the MOST of the field free.
//   - no strategy: the zone with the most tasks of the group, then the instance with the most.
//   - random, and any tie left at the end: the seeded RNG.
// Example: zones a {i1: 2 tasks, i2: 1}, b {i3: 1}; stop 1 with no strategy ⇒ zone a (3 > 1),
// then i1 (2 > 1).
import type { TaskView } from '../domain/task.ts';
import type { PlacementStrategy } from '../domain/task-definition.ts';
import { assertNever } from './assert-never.ts';
import { pickIndex, type Rng } from './rng.ts';
import type { ClusterSnapshot, InstanceState } from './snapshot.ts';
import { SERVICE_DEFAULT } from './strategies/default-strategies.ts';
import { spreadAttribute } from './strategies/spread.ts';

export interface ScaleInRequest {
  group: string;
  count: number;
  /** The service's strategies; empty or absent ⇒ the no-strategy rule. */
  placementStrategy?: readonly PlacementStrategy[];
}


type StopKey = (task: TaskView, instance: number) => number;

export function selectTasksToStop(request: ScaleInRequest, snapshot: ClusterSnapshot, rng: Rng): TaskView[] {
  const n = snapshot.size;
  const groupCount = new Int32Array(n);
  const remainingCpu = new Float64Array(n);
  const remainingMemory = new Float64Array(n);
  const candidates: { task: TaskView; instance: number }[] = [];
  snapshot.instances.forEach((state: InstanceState, i) => {
    groupCount[i] = state.groupCounts.get(request.group) ?? 0;
    remainingCpu[i] = state.remainingCpu;
    remainingMemory[i] = state.remainingMemory;
    for (const task of state.tasks) {
      if (task.group === request.group && task.protectedFromScaleIn !== true) candidates.push({ task, instance: i });
    }
  });

  const onStop: ((task: TaskView, i: number) => void)[] = [
    (task, i) => {
      groupCount[i] = (groupCount[i] as number) - 1;
      remainingCpu[i] = (remainingCpu[i] as number) + task.requirement.cpu;
      remainingMemory[i] = (remainingMemory[i] as number) + task.requirement.memory;
    },
  ];
  const keys: StopKey[] = [];
  const strategies = request.placementStrategy !== undefined && request.placementStrategy.length > 0 ? request.placementStrategy : SERVICE_DEFAULT;
  for (const strategy of strategies) {
    if (strategy.type === 'random') break;
    keys.push(stopKey(strategy, snapshot, groupCount, remainingCpu, remainingMemory, onStop));
  }

  const selected: TaskView[] = [];
  const taken = new Set<string>();
  for (let k = 0; k < request.count; k += 1) {
    const open = candidates.filter((c) => !taken.has(c.task.taskArn));
    if (open.length === 0) break;
    const notRunning = open.filter((c) => c.task.lastStatus !== 'RUNNING');
    const pool = notRunning.length > 0 ? notRunning : open;
    let ties = pool;
    for (const key of keys) {
      let best = Infinity;
      let next: typeof ties = [];
      for (const c of ties) {
        const value = key(c.task, c.instance);
        if (value < best) {
          best = value;
          next = [c];
        } else if (value === best) {
          next.push(c);
        }
      }
      ties = next;
    }
    const chosen = ties[ties.length === 1 ? 0 : pickIndex(rng, ties.length)] as { task: TaskView; instance: number };
    taken.add(chosen.task.taskArn);
    selected.push(chosen.task);
    for (const listener of onStop) listener(chosen.task, chosen.instance);
  }
  return selected;
}

/** Lower key = stop first; "most" becomes a negative number. */
function stopKey(
  strategy: Exclude<PlacementStrategy, { type: 'random' }>,
  snapshot: ClusterSnapshot,
  groupCount: Int32Array,
  remainingCpu: Float64Array,
  remainingMemory: Float64Array,
  onStop: ((task: TaskView, i: number) => void)[],
): StopKey {
  switch (strategy.type) {
    case 'binpack': {
      const remaining = strategy.field === 'cpu' ? remainingCpu : remainingMemory;
      return (task, i) => -((remaining[i] as number) + (strategy.field === 'cpu' ? task.requirement.cpu : task.requirement.memory));
    }
    case 'spread': {
      const attribute = spreadAttribute(strategy.field);
      if (attribute === undefined) return (_task, i) => -(groupCount[i] as number);
      const bucketOf = snapshot.instances.map((state) => state.view.attributes[attribute] ?? '\u0000missing');
      const counts = new Map<string, number>();
      bucketOf.forEach((bucket, i) => counts.set(bucket, (counts.get(bucket) ?? 0) + (groupCount[i] as number)));
      onStop.push((_task, i) => counts.set(bucketOf[i] as string, (counts.get(bucketOf[i] as string) ?? 0) - 1));
      return (_task, i) => -(counts.get(bucketOf[i] as string) ?? 0);
    }
    default:
      return assertNever(strategy);
  }
}
