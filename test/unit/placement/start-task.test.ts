import { describe, expect, it } from 'vitest';
import { checkStartTask, ClusterSnapshot } from '../../../src/placement/index.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';
import { aRequirement, aTask } from '../../builders/task.ts';

const snapshot = ClusterSnapshot.build(
  [
    aContainerInstance('ok').build(),
    aContainerInstance('gone').status('INACTIVE').build(),
    aContainerInstance('draining').draining().build(),
    aContainerInstance('lost').disconnected().build(),
    aContainerInstance('tiny').cpu(10).build(),
    aContainerInstance('small').memory(10).build(),
    aContainerInstance('busy').build(),
    aContainerInstance('off-constraint').attr('stack', 'dev').build(),
  ],
  [aTask('t0').on('busy').needs({ tcpPorts: [80] }).build()],
);

describe('StartTask checks (ECS-SEMANTICS 4.1, G21)', () => {
  it.each([
    { name: 'ACTIVE instance with room', id: 'ok', want: undefined },
    { name: 'unknown instance ⇒ MISSING', id: 'nope', want: { arn: 'nope', reason: 'MISSING' } },
    { name: 'deregistered ⇒ INACTIVE', id: 'gone', want: { arn: 'gone', reason: 'INACTIVE', detail: 'Container instance gone encountered error "INACTIVE".' } },
    { name: 'DRAINING ⇒ INACTIVE (Q8)', id: 'draining', want: { arn: 'draining', reason: 'INACTIVE', detail: 'Container instance draining encountered error "INACTIVE".' } },
    { name: 'agent disconnected ⇒ AGENT', id: 'lost', want: { arn: 'lost', reason: 'AGENT', detail: 'Container instance lost encountered error "AGENT".' } },
    { name: 'no CPU ⇒ RESOURCE:CPU', id: 'tiny', want: { arn: 'tiny', reason: 'RESOURCE:CPU', detail: 'Container instance tiny has insufficient CPU units available.' } },
    { name: 'no memory ⇒ RESOURCE:MEMORY', id: 'small', want: { arn: 'small', reason: 'RESOURCE:MEMORY', detail: 'Container instance small has insufficient memory available.' } },
    { name: 'port taken ⇒ RESOURCE:PORTS', id: 'busy', want: { arn: 'busy', reason: 'RESOURCE:PORTS', detail: 'Container instance busy is already using a port required by your task.' } },
    { name: 'constraints are not evaluated', id: 'off-constraint', want: undefined },
  ])('$name', ({ id, want }) => {
    const outcome = checkStartTask({ containerInstanceIds: [id], group: 'family:web', requirement: aRequirement({ cpu: 100, memory: 100, tcpPorts: [80] }) }, snapshot);
    if ('error' in outcome) throw new Error(outcome.error.message);
    expect(outcome.failures).toEqual(want === undefined ? [] : [want]);
    expect(outcome.placements.map((p) => p.containerInstanceId)).toEqual(want === undefined ? [id] : []);
  });

  it('one task per listed instance; the same instance twice sees the first task', () => {
    const outcome = checkStartTask({ containerInstanceIds: ['ok', 'ok'], group: 'g', requirement: aRequirement({ tcpPorts: [8080] }), taskArns: ['a', 'b'] }, snapshot);
    if ('error' in outcome) throw new Error(outcome.error.message);
    expect(outcome.placements).toEqual([{ taskArn: 'a', containerInstanceId: 'ok', group: 'g' }]);
    expect(outcome.failures.map((f) => f.reason)).toEqual(['RESOURCE:PORTS']);
    expect(outcome.snapshot.instance('ok')?.tcpPorts.has(8080)).toBe(true);
  });

  it.each([{ n: 0 }, { n: 11 }])('rejects $n instances', ({ n }) => {
    const outcome = checkStartTask({ containerInstanceIds: Array(n).fill('ok'), group: 'g', requirement: aRequirement() }, snapshot);
    expect(outcome).toEqual({ error: { code: 'InvalidParameterException', message: 'containerInstances must contain between 1 and 10 container instances.' } });
  });
});
