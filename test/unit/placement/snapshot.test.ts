import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterSnapshot, placeTasks, seededRng } from '../../../src/placement/index.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { aRequirement, aTask } from '../../builders/task.ts';

const instances = [aContainerInstance('i1').build(), aContainerInstance('i2').zone('us-east-1b').build()];

describe('ClusterSnapshot', () => {
  it('subtracts every non-stopped task and counts RUNNING and PENDING (2.2)', () => {
    const snapshot = ClusterSnapshot.build(instances, [
      aTask('a').on('i1').needs({ cpu: 256, memory: 512, tcpPorts: [80], udpPorts: [53] }).build(),
      aTask('b').on('i1').pending().needs({ cpu: 512, memory: 100 }).build(),
      aTask('c').on('i1').status('STOPPED').needs({ cpu: 1000, memory: 1000 }).build(),
      aTask('d').on('unknown').build(),
    ]);
    const i1 = snapshot.instance('i1');
    expect(i1).toMatchObject({ remainingCpu: 2048 - 768, remainingMemory: 7680 - 612, runningTasksCount: 1, pendingTasksCount: 1 });
    expect(i1?.tcpPorts.has(80)).toBe(true);
    expect(i1?.udpPorts.has(53)).toBe(true);
    expect([...snapshot.tasks()].map((t) => t.taskArn)).toEqual(['a', 'b']);
  });

  it('derived snapshots leave the original untouched', () => {
    const original = ClusterSnapshot.build(instances, []);
    const withTask = original.withTasks([aTask('a').on('i1').needs({ cpu: 100 }).build()]);
    const drained = withTask.withInstanceStatus('i1', 'DRAINING');
    expect(original.instance('i1')?.remainingCpu).toBe(2048);
    expect(withTask.instance('i1')?.remainingCpu).toBe(1948);
    expect(withTask.instance('i1')?.view.status).toBe('ACTIVE');
    expect(drained.instance('i1')?.view.status).toBe('DRAINING');
    expect(drained.withoutTasks(['a']).instance('i1')?.remainingCpu).toBe(2048);
    expect(withTask.withTaskStatus('a', 'RUNNING').instance('i1')?.runningTasksCount).toBe(1);
  });

  it('forgets memoized static filtering when an instance view changes', () => {
    const request = {
      kind: 'runTask' as const,
      group: 'g',
      count: 1,
      requirement: aRequirement(),
      placementConstraints: [{ type: 'memberOf' as const, expression: 'attribute:ecs.availability-zone == us-east-1a' }],
    };
    const snapshot = ClusterSnapshot.build(instances, []);
    expect(placeTasks(request, snapshot, seededRng(1)).placements.map((p) => p.containerInstanceId)).toEqual(['i1']);
    const drained = snapshot.withInstanceStatus('i1', 'DRAINING');
    expect(placeTasks(request, drained, seededRng(1)).placements).toEqual([]);
    const moved = snapshot.withInstanceView({ ...instances[1]!, attributes: { 'ecs.availability-zone': 'us-east-1a' } });
    expect(placeTasks({ ...request, count: 2 }, moved, seededRng(1)).placements.map((p) => p.containerInstanceId).sort()).toEqual(['i1', 'i2']);
  });

  it('keeps its incremental columns equal to the per-instance states', () => {
    const op = fc.oneof(
      fc.record({ add: fc.constantFrom('i1', 'i2'), group: fc.constantFrom('a', 'b'), cpu: fc.integer({ min: 0, max: 100 }) }),
      fc.record({ remove: fc.nat(20) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        let snapshot = ClusterSnapshot.build(instances, []);
        snapshot.groupColumn('a');
        let n = 0;
        for (const o of ops) {
          if ('add' in o) snapshot = snapshot.withTasks([aTask(`t${n++}`).on(o.add).group(o.group).needs({ cpu: o.cpu, memory: o.cpu }).build()]);
          else snapshot = snapshot.withoutTasks([`t${o.remove}`]);
        }
        snapshot.instances.forEach((state, i) => {
          expect(snapshot.remainingCpuColumn()[i]).toBe(state.remainingCpu);
          expect(snapshot.remainingMemoryColumn()[i]).toBe(state.remainingMemory);
          expect(snapshot.groupColumn('a')[i]).toBe(state.groupCounts.get('a') ?? 0);
          expect(snapshot.groupColumn('b')[i]).toBe(state.groupCounts.get('b') ?? 0);
        });
      }),
    );
  });
});
