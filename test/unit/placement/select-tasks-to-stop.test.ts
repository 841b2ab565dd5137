import { describe, expect, it } from 'vitest';
import type { TaskView } from '../../../src/domain/task.ts';
import type { PlacementStrategy } from '../../../src/domain/task-definition.ts';
import { ClusterSnapshot, seededRng, selectTasksToStop } from '../../../src/placement/index.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { aTask } from '../../builders/task.ts';

const instances = [
  aContainerInstance('i1').zone('a').memory(1000).build(),
  aContainerInstance('i2').zone('a').memory(4000).build(),
  aContainerInstance('i3').zone('b').memory(8000).build(),
];
const svc = (arn: string, on: string) => aTask(arn).on(on).group('service:api').needs({ memory: 100 });

interface Case {
  name: string;
  tasks: TaskView[];
  count: number;
  strategies?: PlacementStrategy[];
  /** Allowed results (sets of task ARNs). */
  want: string[][];
}

describe('selectTasksToStop (ECS-SEMANTICS 3.8)', () => {
  it.each<Case>([
    {
      name: 'no strategy: zone with the most tasks, then the instance with the most',
      tasks: [svc('a1', 'i1').build(), svc('a2', 'i1').build(), svc('a3', 'i2').build(), svc('b1', 'i3').build()],
      count: 1,
      want: [['a1'], ['a2']],
    },
    {
      name: 'no strategy, two stops: keeps zones balanced',
      tasks: [svc('a1', 'i1').build(), svc('a2', 'i1').build(), svc('a3', 'i2').build(), svc('b1', 'i3').build()],
      count: 2,
      want: [['a1', 'a2'], ['a2', 'a1'], ['a1', 'a3'], ['a2', 'a3']],
    },
    {
      name: 'PENDING tasks go first',
      tasks: [svc('a1', 'i1').build(), svc('a2', 'i1').build(), svc('b1', 'i3').pending().build()],
      count: 1,
      want: [['b1']],
    },
    {
      name: 'protected tasks are never chosen',
      tasks: [svc('a1', 'i1').protectedFromScaleIn().build(), svc('b1', 'i3').build()],
      count: 2,
      want: [['b1']],
    },
    {
      name: 'other groups are never chosen',
      tasks: [aTask('x').on('i1').group('other').build(), svc('b1', 'i3').build()],
      count: 2,
      want: [['b1']],
    },
    {
      name: 'binpack memory in reverse: stop where the most memory will be free',
      tasks: [svc('a1', 'i1').build(), svc('a2', 'i2').build(), svc('b1', 'i3').build()],
      count: 1,
      strategies: [{ type: 'binpack', field: 'memory' }],
      want: [['b1']],
    },
    {
      name: 'spread instanceId in reverse: the instance with the most tasks',
      tasks: [svc('a1', 'i1').build(), svc('a2', 'i2').build(), svc('a3', 'i2').build()],
      count: 1,
      strategies: [{ type: 'spread', field: 'instanceId' }],
      want: [['a2'], ['a3']],
    },
  ])('$name', ({ tasks, count, strategies, want }) => {
    const snapshot = ClusterSnapshot.build(instances, tasks);
    const chosen = selectTasksToStop({ group: 'service:api', count, ...(strategies ? { placementStrategy: strategies } : {}) }, snapshot, seededRng(3)).map((t) => t.taskArn);
    expect(want).toContainEqual(chosen);
  });
});
