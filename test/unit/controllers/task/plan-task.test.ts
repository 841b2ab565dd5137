// The Task controller's plan, driven from plain objects through the in-memory harness
// (test/harness/task-world.ts): no API server. Each case asserts the world it reaches and,
// where the point is the API cost, the writes it took.
import { describe, expect, it } from 'vitest';
import { FIRST_SIGHT_COALESCE_MS, planTask } from '../../../../src/controllers/task/plan-task.ts';
import { aContainerInstance } from '../../../builders/container-instance.ts';
import { aRequirement, aTask } from '../../../builders/task.ts';
import { TaskWorld } from '../../../harness/task-world.ts';
import { aTaskDefinition } from './task-pod-builder.ts';

/** One essential container reserving 256 CPU units and 512 MiB. */
const app = aTaskDefinition({ name: 'app', cpu: 256, memoryReservation: 512 });
const roomy = aContainerInstance('n1').cpu(2048).memory(4096).build();
const tiny = aContainerInstance('n0').cpu(128).memory(128).build();

describe('placement and start', () => {
  it('places a task where it fits, commits PENDING, creates its Pod, and is RUNNING once the Pod runs', () => {
    const world = new TaskWorld({ instances: [tiny, roomy], taskDefinition: app });
    world.settle();
    expect(world.status).toMatchObject({ lastStatus: 'PENDING', containerInstance: 'n1', taskDefinition: 'web:1', group: 'family:web' });
    expect(world.status?.conditions?.find((c) => c.type === 'Scheduled')).toMatchObject({ status: 'True', reason: 'Placed' });
    expect(world.pod?.spec?.nodeName).toBe('n1');
    expect(world.hasFinalizer).toBe(true);

    world.advance(100).podRuns();
    world.settle();
    expect(world.status).toMatchObject({ lastStatus: 'RUNNING', containerInstance: 'n1' });
    expect(world.status?.pullStartedAt).toBeDefined();
    expect(world.events).toEqual(['Placed', 'Started']);
    // Finalizer, commit (with the first status), Pod, RUNNING, and the two Events.
    expect(world.writes).toEqual(['finalizer', 'commit', 'pod', 'event', 'status', 'event']);
  });

  it('holds the first look at a Pending Pod, so that a Pod that runs soon costs one status write', () => {
    const world = new TaskWorld({ instances: [roomy], taskDefinition: app });
    world.settle();
    world.reconcile(); // the Pod is in the cache now, Pending
    const held = world.reconcile();
    expect(held.status).toBeUndefined();
    expect(held.requeueAfterMs).toBeGreaterThan(0);
    expect(held.requeueAfterMs).toBeLessThanOrEqual(FIRST_SIGHT_COALESCE_MS);

    world.advance(300).podRuns();
    world.settle();
    expect(world.status?.lastStatus).toBe('RUNNING');
    expect(world.writes.filter((w) => w === 'status')).toHaveLength(1);
  });

  it('writes PENDING with the pull start once a Pod stays Pending past the hold', () => {
    const world = new TaskWorld({ instances: [roomy], taskDefinition: app });
    world.settle();
    world.reconcile();
    world.advance(FIRST_SIGHT_COALESCE_MS);
    world.settle();
    expect(world.status).toMatchObject({ lastStatus: 'PENDING', containers: [expect.objectContaining({ name: 'app', lastStatus: 'PENDING' })] });
    // The pull started when the Pod was first seen, not when that sight was written.
    expect(world.status?.pullStartedAt).toBe(new Date(world.podFirstSeenAtMs!).toISOString());
    expect(world.podFirstSeenAtMs).toBeLessThan(world.now);
  });

  it('a Pod seen by this process and deleted before any status said so stops the task; it is not created again', () => {
    const world = new TaskWorld({ instances: [roomy], taskDefinition: app });
    world.settle();
    world.reconcile(); // seen Pending, write held
    world.podGone();
    world.settle();
    expect(world.status).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TaskFailedToStart', stoppedReason: 'Task stopped because its Pod was deleted' });
    expect(world.writes.filter((w) => w === 'pod')).toHaveLength(1);
  });

  it('never places twice: while its placement is assumed, and once committed', () => {
    const world = new TaskWorld({ instances: [roomy], taskDefinition: app });
    world.reconcile();
    // The cache does not show the commit yet: the view still holds the assumption.
    const stale = planTask({ ...world.input(), task: { ...world.input().task, status: undefined } });
    expect(stale.place).toBeUndefined();
    world.assumed = undefined;
    const again = world.reconcile();
    expect(again.place).toBeUndefined();
    expect(world.writes.filter((w) => w === 'commit')).toHaveLength(1);
  });

  it('waits in PROVISIONING with ECS reasons when nothing fits, with one Event however often it is retried', () => {
    const world = new TaskWorld({ instances: [tiny], taskDefinition: app });
    world.settle();
    world.reconcile();
    world.reconcile();
    expect(world.status).toMatchObject({ lastStatus: 'PROVISIONING', placementFailures: [{ arn: 'n0', reason: 'RESOURCE:CPU' }] });
    expect(world.status?.conditions?.find((c) => c.type === 'Scheduled')).toMatchObject({ status: 'False', reason: 'Unplaceable' });
    expect(world.events).toEqual(['PlacementFailed']);
    expect(world.pod).toBeUndefined();
  });
});

describe('placement kind is an input', () => {
  const zoneA = aContainerInstance('a1').zone('us-east-1a').cpu(4096).memory(8192).build();
  const zoneB = aContainerInstance('b1').zone('us-east-1b').cpu(4096).memory(8192).build();
  const busyA = aTask('other').on('a1').group('service:api').needs(aRequirement({ cpu: 1, memory: 1 })).build();

  it.each([
    { name: 'a service task spreads over zones by default: the empty zone', placement: { kind: 'service' as const }, want: 'b1' },
    { name: 'StartTask goes where it is told, strategies aside', placement: { kind: 'startTask' as const, containerInstances: ['a1'] }, want: 'a1' },
  ])('$name', ({ placement, want }) => {
    const world = new TaskWorld({ instances: [zoneA, zoneB], others: [busyA], taskDefinition: app, placement, spec: { group: 'service:api' } });
    world.settle();
    expect(world.status?.containerInstance).toBe(want);
  });

  it('StartTask on an instance that does not exist fails with MISSING', () => {
    const world = new TaskWorld({ instances: [zoneA], taskDefinition: app, placement: { kind: 'startTask', containerInstances: ['nope'] } });
    world.settle();
    expect(world.status).toMatchObject({ lastStatus: 'PROVISIONING', placementFailures: [{ arn: 'nope', reason: 'MISSING' }] });
  });
});

describe('stopping', () => {
  function running(options: Partial<ConstructorParameters<typeof TaskWorld>[0]> = {}): TaskWorld {
    const world = new TaskWorld({ instances: [roomy], taskDefinition: app, ...options });
    world.settle();
    world.podRuns();
    world.settle();
    return world;
  }

  it.each([
    { name: 'a StopTask from a user', initiator: 'UserInitiated' as const },
    { name: 'a stop by the service scheduler', initiator: 'ServiceSchedulerInitiated' as const },
  ])('$name is STOPPING with that stop code while its Pod winds down, then STOPPED', ({ initiator }) => {
    const world = running({ stopInitiator: initiator });
    world.spec = { ...world.spec, desiredStatus: 'STOPPED' };
    const stopping = world.reconcile();
    expect(stopping.stopPod).toEqual({ gracePeriodSeconds: 30, podUid: 'uid-pod' });
    expect(world.status).toMatchObject({ lastStatus: 'STOPPING', stopCode: initiator });
    world.podGone();
    world.settle();
    expect(world.status).toMatchObject({ lastStatus: 'STOPPED', stopCode: initiator, desiredStatus: 'STOPPED' });
  });

  it('a deleted Task is stopped first, and lets go once its Pod is gone', () => {
    const world = running();
    world.deleting = true;
    world.reconcile();
    expect(world.status).toMatchObject({ lastStatus: 'STOPPING', stopCode: 'UserInitiated' });
    expect(world.writes.slice(-3)).toEqual(['deletePod', 'status', 'event']);
    world.podGone();
    world.settle();
    expect(world.hasFinalizer).toBe(false);
    expect(world.gone).toBe(true);
  });

  it('a task whose Node is gone is STOPPED at once', () => {
    const world = running();
    world.nodeGone('n1');
    world.settle();
    expect(world.status).toMatchObject({ lastStatus: 'STOPPED', stopCode: 'TerminationNotice' });
  });

  it('a STOPPED task is deleted once its retention is over', () => {
    const world = running();
    world.spec = { ...world.spec, desiredStatus: 'STOPPED' };
    world.reconcile();
    world.podGone();
    world.settle();
    world.advance(3_600_000);
    world.settle();
    expect(world.gone).toBe(true);
    expect(world.writes.at(-1)).toBe('deleteTask');
  });
});
