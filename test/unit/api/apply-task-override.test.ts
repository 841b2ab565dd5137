import { describe, expect, it } from 'vitest';
import { applyTaskOverride, checkPlacementConstraintCount, type EffectiveTaskDefinition } from '../../../src/api/v1alpha1/apply-task-override.ts';
import { normalizeTaskDefinition } from '../../../src/api/v1alpha1/normalize-task-definition.ts';
import type { PlacementConstraint } from '../../../src/api/v1alpha1/placement.ts';
import type { TaskOverride } from '../../../src/api/v1alpha1/task-override.ts';

const base = (() => {
  const result = normalizeTaskDefinition(
    {
      memory: '1024',
      containerDefinitions: [
        { name: 'web', image: 'nginx', memory: 512, command: ['nginx'], environment: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
        { name: 'side', image: 'busybox', memoryReservation: 64, essential: false },
      ],
    },
    'web',
  );
  if (!result.ok) throw new Error('fixture');
  return result.taskDefinition;
})();

const web = (effective: EffectiveTaskDefinition) => (effective.ok ? effective.taskDefinition.containerDefinitions[0] : undefined);

describe('applyTaskOverride (ECS-SEMANTICS 4.3)', () => {
  it('without overrides is the task definition itself', () => {
    expect(applyTaskOverride(base, undefined)).toEqual({ ok: true, taskDefinition: base });
  });

  it('an empty containerOverrides list changes nothing', () => {
    expect(applyTaskOverride(base, { containerOverrides: [] })).toEqual({ ok: true, taskDefinition: base });
  });

  it('replaces command and memory, adds and replaces environment variables', () => {
    const effective = applyTaskOverride(base, {
      containerOverrides: [{ name: 'web', command: ['nginx', '-g', 'daemon off;'], memory: 768, environment: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }],
    });
    expect(web(effective)).toEqual({
      ...base.containerDefinitions[0],
      command: ['nginx', '-g', 'daemon off;'],
      memory: 768,
      environment: [{ name: 'A', value: '1' }, { name: 'B', value: 'two' }, { name: 'C', value: '3' }],
    });
  });

  it('converts task-level cpu and memory', () => {
    const effective = applyTaskOverride(base, { cpu: '1 vCPU', memory: '2 GB' });
    expect(effective.ok && { cpu: effective.taskDefinition.cpu, memory: effective.taskDefinition.memory }).toEqual({ cpu: '1024', memory: '2048' });
  });

  it.each<{ name: string; override: TaskOverride; messages: string[] }>([
    { name: 'V6 on the effective values: container memory above an overridden task memory', override: { memory: '256' }, messages: ["'memory' setting for container 'web' is greater than for task."] },
    { name: 'V6 with an overridden container memory', override: { containerOverrides: [{ name: 'web', memory: 2048 }] }, messages: ["'memory' setting for container 'web' is greater than for task."] },
    { name: 'an unknown container', override: { containerOverrides: [{ name: 'ghost', cpu: 1 }] }, messages: ["Container override names a container that is not in the task definition: 'ghost'."] },
    { name: 'a task cpu that is not a size', override: { cpu: 'lots' }, messages: ["Invalid 'cpu' setting for task."] },
  ])('refuses $name', ({ override, messages }) => {
    expect(applyTaskOverride(base, override)).toEqual({ ok: false, messages });
  });
});

describe('checkPlacementConstraintCount', () => {
  const memberOf: PlacementConstraint = { type: 'memberOf', expression: 'attribute:ecs.os-type == linux' };
  it.each<{ fromTaskDefinition: number; fromRequest: number; expected: string[] }>([
    { fromTaskDefinition: 0, fromRequest: 10, expected: [] },
    { fromTaskDefinition: 5, fromRequest: 5, expected: [] },
    { fromTaskDefinition: 6, fromRequest: 5, expected: ['The task definition and the request together have more than 10 placement constraints.'] },
  ])('$fromTaskDefinition from the task definition and $fromRequest from the request', ({ fromTaskDefinition, fromRequest, expected }) => {
    expect(checkPlacementConstraintCount(Array(fromTaskDefinition).fill(memberOf), Array(fromRequest).fill(memberOf))).toEqual(expected);
  });
});

