// The plan's explicit inputs, as observe reads them from a Task object: how it is placed and who
// stopped it are stated by the object, never guessed from startedBy.
import { describe, expect, it } from 'vitest';
import { placementKindOf } from '../../../../src/controllers/task/observe-task.ts';
import { stopInitiatorOf } from '../../../../src/controllers/task/service-task-metadata.ts';
import { aTaskObject } from '../../../builders/kube-objects.ts';

const serviceOwner = { apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Service', name: 'web', uid: 'uid-svc', controller: true };

describe('placementKindOf', () => {
  it.each([
    { name: 'a plain Task is RunTask', task: aTaskObject('t').build(), want: { kind: 'runTask' } },
    { name: 'a startedBy that looks like a service does not make a service task', task: aTaskObject('t').spec({ startedBy: 'ecs-svc/123' }).build(), want: { kind: 'runTask' } },
    { name: 'a Task a Service controls is a service task', task: aTaskObject('t').meta({ ownerReferences: [serviceOwner] }).build(), want: { kind: 'service' } },
    { name: 'an owner of another group is not a Service of ours', task: aTaskObject('t').meta({ ownerReferences: [{ ...serviceOwner, apiVersion: 'v1' }] }).build(), want: { kind: 'runTask' } },
    { name: 'named container instances are StartTask', task: aTaskObject('t').spec({ containerInstances: ['n1'] } as never).build(), want: { kind: 'startTask', containerInstances: ['n1'] } },
  ])('$name', ({ task, want }) => {
    expect(placementKindOf(task)).toEqual(want);
  });
});

describe('stopInitiatorOf', () => {
  it.each([
    { name: 'no annotation: the user', annotations: undefined, want: 'UserInitiated' },
    { name: 'the service scheduler says so', annotations: { 'ecs.stevedore.dev/stop-initiator': 'ServiceSchedulerInitiated' }, want: 'ServiceSchedulerInitiated' },
    { name: 'anything else: the user', annotations: { 'ecs.stevedore.dev/stop-initiator': 'Someone' }, want: 'UserInitiated' },
  ])('$name', ({ annotations, want }) => {
    expect(stopInitiatorOf(annotations)).toBe(want);
  });
});
