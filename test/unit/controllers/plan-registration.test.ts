import { describe, expect, it } from 'vitest';
import type { TaskDefinitionSpec } from '../../../src/api/v1alpha1/task-definition.ts';
import { planRegistration, type RegistrationInput, type StoredRevision } from '../../../src/controllers/task-definition/plan-registration.ts';

const now = new Date('2026-11-22T10:00:00Z');
const spec = (image = 'nginx:1.27', extra: Partial<TaskDefinitionSpec> = {}): TaskDefinitionSpec =>
  ({ containerDefinitions: [{ name: 'web', image, memory: 512, portMappings: [{ containerPort: 80 }] }], ...extra }) as TaskDefinitionSpec;
const input = (over: Partial<RegistrationInput>): RegistrationInput => ({ name: 'web', spec: spec(), stored: [], previouslyInactive: new Map(), now, ...over });
const hashOf = (s: TaskDefinitionSpec): string => {
  const plan = planRegistration(input({ spec: s }));
  if (!plan.ok) throw new Error('invalid');
  return plan.hash;
};
const stored = (revision: number, hash: string): StoredRevision => ({ revision, hash, registeredAt: '2026-11-01T00:00:00Z' });

describe('planRegistration', () => {
  it('registers revision 1 for a new family named after the object', () => {
    const plan = planRegistration(input({}));
    expect(plan).toMatchObject({ ok: true, family: 'web', latest: 1, register: { revision: 1 } });
  });

  it('registers nothing when the normalised spec equals the latest revision', () => {
    const plan = planRegistration(input({ stored: [stored(1, hashOf(spec()))] }));
    expect(plan.ok && plan.register).toBeUndefined();
    expect(plan.ok && plan.latest).toBe(1);
  });

  it('registers nothing when only ECS defaults were written out', () => {
    const explicit = spec('nginx:1.27', { networkMode: 'bridge' });
    explicit.containerDefinitions[0] = { ...explicit.containerDefinitions[0]!, essential: true, portMappings: [{ containerPort: 80, protocol: 'tcp' }] };
    const plan = planRegistration(input({ spec: explicit, stored: [stored(1, hashOf(spec()))] }));
    expect(plan.ok && plan.register).toBeUndefined();
  });

  it('registers exactly the next revision when the image changes', () => {
    const plan = planRegistration(input({ spec: spec('nginx:1.28'), stored: [stored(1, 'a'), stored(2, hashOf(spec()))] }));
    expect(plan).toMatchObject({ ok: true, latest: 3, register: { revision: 3, taskDefinition: { containerDefinitions: [{ image: 'nginx:1.28' }] } } });
  });

  it('registers again when a spec returns to an older revision’s content, as ECS does', () => {
    const plan = planRegistration(input({ stored: [stored(1, hashOf(spec())), stored(2, hashOf(spec('nginx:1.28')))] }));
    expect(plan.ok && plan.register?.revision).toBe(3);
  });

  it('marks deregistered revisions INACTIVE, keeping the first deregistration time', () => {
    const plan = planRegistration(
      input({
        spec: spec('nginx:1.27', { deregisteredRevisions: [1, 2] }),
        stored: [stored(1, 'a'), stored(2, 'b'), stored(3, hashOf(spec()))],
        previouslyInactive: new Map([[1, '2026-11-10T00:00:00Z']]),
      }),
    );
    expect(plan.revisions.map((r) => [r.revision, r.status, r.deregisteredAt])).toEqual([
      [1, 'INACTIVE', '2026-11-10T00:00:00Z'],
      [2, 'INACTIVE', now.toISOString()],
      [3, 'ACTIVE', undefined],
    ]);
  });

  it('keeps a revision INACTIVE even if the spec no longer lists it', () => {
    const plan = planRegistration(input({ stored: [stored(1, hashOf(spec()))], previouslyInactive: new Map([[1, undefined]]) }));
    expect(plan.revisions[0]?.status).toBe('INACTIVE');
  });

  it('refuses a spec that breaks a registration rule, with ECS’s message', () => {
    const plan = planRegistration(input({ spec: { containerDefinitions: [{ name: 'web', image: 'nginx' }] } as TaskDefinitionSpec }));
    expect(plan).toMatchObject({ ok: false, reason: 'InvalidTaskDefinition' });
    expect(!plan.ok && plan.messages.join()).toContain("At least one of 'memory' or 'memoryReservation' must be specified.");
  });
});
