import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlacementStrategy } from '../../../src/domain/task-definition.ts';
import { ClusterSnapshot, seededRng, selectTasksToStop } from '../../../src/placement/index.ts';
import { queryError } from '../../../src/placement/query/compile.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { aTask } from '../../builders/task.ts';

const instances = ['a', 'b', 'c', 'a'].map((zone, k) => aContainerInstance(`i${k}`).zone(zone).build());

describe('scale-in properties', () => {
  it('stops only unprotected tasks of the group, each once, never more than asked', () => {
    const taskArb = fc.record({ on: fc.integer({ min: 0, max: 3 }), group: fc.constantFrom('svc', 'other'), protect: fc.boolean(), pending: fc.boolean() });
    const strategyArb = fc.array(
      fc.constantFrom<PlacementStrategy>({ type: 'spread', field: 'attribute:ecs.availability-zone' }, { type: 'binpack', field: 'memory' }, { type: 'random' }),
      { maxLength: 2 },
    );
    fc.assert(
      fc.property(fc.array(taskArb, { maxLength: 12 }), fc.integer({ min: 0, max: 15 }), strategyArb, fc.integer(), (specs, count, strategies, seed) => {
        const tasks = specs.map((s, k) => {
          const b = aTask(`t${k}`).on(`i${s.on}`).group(s.group).status(s.pending ? 'PENDING' : 'RUNNING');
          return (s.protect ? b.protectedFromScaleIn() : b).build();
        });
        const chosen = selectTasksToStop({ group: 'svc', count, placementStrategy: strategies }, ClusterSnapshot.build(instances, tasks), seededRng(seed));
        const eligible = tasks.filter((t) => t.group === 'svc' && t.protectedFromScaleIn !== true);
        expect(chosen.length).toBe(Math.min(count, eligible.length));
        expect(new Set(chosen.map((t) => t.taskArn)).size).toBe(chosen.length);
        for (const t of chosen) expect(eligible).toContain(t);
        // PENDING tasks go before RUNNING ones.
        const firstRunning = chosen.findIndex((t) => t.lastStatus === 'RUNNING');
        if (firstRunning >= 0) expect(chosen.slice(firstRunning).every((t) => t.lastStatus === 'RUNNING')).toBe(true);
        if (firstRunning >= 0) expect(eligible.filter((t) => t.lastStatus !== 'RUNNING').every((t) => chosen.includes(t))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('cluster query parser robustness', () => {
  it('answers any text with a positioned error or a valid query, and never throws', () => {
    const alphabet = fc.constantFrom('attribute:a', 'task:group', ' ', '==', '!=', 'in', '[', ']', ',', '(', ')', 'and', 'or', 'not', '!', "'", 'x', '1', '=~', 'exists', '.*');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }).map((parts) => parts.join(' ')), (text) => {
        const error = queryError(text);
        if (error !== undefined) {
          const position = Number(/at position (\d+)$/.exec(error)?.[1]);
          expect(position).toBeGreaterThanOrEqual(0);
          expect(position).toBeLessThanOrEqual(text.length);
        }
      }),
      { numRuns: 500 },
    );
  });
});
