// The Service controller's pure parts: deterministic task names, the Task a StartIntent makes,
// the stop patch, expectations, and the status (events, conditions).
import { describe, expect, it } from 'vitest';
import type { Service } from '../../api/v1alpha1/service.ts';
import type { Task } from '../../api/v1alpha1/task.ts';
import type { Cached } from '../../kube/cached.ts';
import { initialSchedulerState, type DeploymentRecord, type ServicePlan } from '../../scheduler/index.ts';
import { ServiceExpectations } from './service-expectations.ts';
import { computeMergePatch, computeServiceStatus, mergeServiceEvents } from './service-status.ts';
import { buildServiceTask, buildStopPatch, nextTaskNames, taskNamePrefix } from './service-tasks.ts';

const service = {
  apiVersion: 'ecs.stevedore.dev/v1alpha1',
  kind: 'Service',
  metadata: { name: 'web', namespace: 'shop', uid: 'uid-1' },
  spec: { taskDefinition: 'web', desiredCount: 2, schedulingStrategy: 'REPLICA', cluster: 'prod' },
} as unknown as Cached<Service>;

describe('task names', () => {
  it.each([
    { name: 'lowest free ordinals', count: 3, taken: ['p-0', 'p-2'], expected: ['p-1', 'p-3', 'p-4'] },
    { name: 'none taken', count: 2, taken: [], expected: ['p-0', 'p-1'] },
    { name: 'zero asked', count: 0, taken: ['p-0'], expected: [] },
  ])('$name', ({ count, taken, expected }) => {
    expect(nextTaskNames('p', count, new Set(taken))).toEqual(expected);
  });

  it('is the same for the same deployment and short enough for a label value', () => {
    const a = taskNamePrefix(service, 'ecs-svc/9223370000000000001');
    expect(a).toBe(taskNamePrefix(service, 'ecs-svc/9223370000000000001'));
    expect(a).not.toBe(taskNamePrefix(service, 'ecs-svc/9223370000000000002'));
    const long = { ...service, metadata: { ...service.metadata, name: 'a'.repeat(200) } } as Cached<Service>;
    expect(`${taskNamePrefix(long, 'ecs-svc/1')}-99`.length).toBeLessThanOrEqual(63);
  });
});

describe('service tasks', () => {
  const intent = { deploymentId: 'ecs-svc/1', count: 1, revision: { taskDefinition: 'web:3', placementConstraints: [{ type: 'distinctInstance' as const }], taskTemplate: { labels: { team: 'a' }, annotations: { x: '1' } } } };

  it('a REPLICA task carries the group, startedBy, constraints, template metadata, a controller reference and the Task finalizer', () => {
    const task = buildServiceTask({ service, serviceName: 'web', intent, name: 'web-abc-0', extraAnnotations: { lb: 'app:80' } });
    expect((task.metadata as { finalizers?: string[] }).finalizers).toEqual(['ecs.stevedore.dev/stop-task']);
    expect(task.spec).toEqual({ cluster: 'prod', taskDefinition: 'web:3', group: 'service:web', startedBy: 'ecs-svc/1', desiredStatus: 'RUNNING', placementConstraints: [{ type: 'distinctInstance' }] });
    expect(task.metadata).toMatchObject({ name: 'web-abc-0', namespace: 'shop', labels: { team: 'a', 'ecs.stevedore.dev/service': 'web' }, annotations: { x: '1', lb: 'app:80' } });
    expect((task.metadata as { ownerReferences?: unknown[] }).ownerReferences).toEqual([{ apiVersion: 'ecs.stevedore.dev/v1alpha1', kind: 'Service', name: 'web', uid: 'uid-1', controller: true, blockOwnerDeletion: true }]);
  });

  it('a DAEMON task names its instance (StartTask) and carries no constraints', () => {
    const task = buildServiceTask({ service, serviceName: 'web', intent, name: 'web-abc-0', containerInstance: 'node-1', extraAnnotations: {} });
    expect(task.spec.containerInstances).toEqual(['node-1']);
    expect(task.spec.placementConstraints).toBeUndefined();
  });

  it('an AZ-rebalancing start is pinned to its zone with memberOf', () => {
    const task = buildServiceTask({ service, serviceName: 'web', intent: { ...intent, availabilityZone: 'us-east-1b' }, name: 'n', extraAnnotations: {} });
    expect(task.spec.placementConstraints).toContainEqual({ type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' });
  });

  it('a stop is desiredStatus STOPPED with the reason and the service-scheduler marker', () => {
    const task = { metadata: { name: 't', namespace: 'shop' }, spec: { taskDefinition: 'web:1', desiredStatus: 'RUNNING' } } as unknown as Cached<Task>;
    expect(buildStopPatch(task, { taskArn: 't', stopCode: 'ServiceSchedulerInitiated', reason: 'Task failed container health checks' })).toEqual({
      apiVersion: 'ecs.stevedore.dev/v1alpha1',
      kind: 'Task',
      metadata: { name: 't', namespace: 'shop', annotations: { 'ecs.stevedore.dev/stop-initiator': 'ServiceSchedulerInitiated' } },
      spec: { desiredStatus: 'STOPPED', stoppedReason: 'Task failed container health checks' },
    });
  });
});

describe('expectations', () => {
  it('holds until the cache shows every create and stop, or they expire', () => {
    const e = new ServiceExpectations();
    e.expect('k', ['a', 'b'], ['c'], 0);
    const cache = new Map<string, 'RUNNING' | 'STOPPED'>([['c', 'RUNNING']]);
    expect(e.satisfied('k', (n) => cache.get(n), 1)).toBe(false);
    expect([...e.pendingNames('k')]).toEqual(['a', 'b']);
    cache.set('a', 'RUNNING').set('b', 'RUNNING');
    expect(e.satisfied('k', (n) => cache.get(n), 2)).toBe(false);
    cache.set('c', 'STOPPED');
    expect(e.satisfied('k', (n) => cache.get(n), 3)).toBe(true);
    e.expect('k', ['z'], [], 10);
    expect(e.satisfied('k', () => undefined, 10 + 30_001)).toBe(true);
  });
});

describe('status', () => {
  const deployment = (over: Partial<DeploymentRecord>): DeploymentRecord => ({
    id: 'ecs-svc/1',
    status: 'PRIMARY',
    revision: { taskDefinition: 'web:1' },
    revisionId: 'r1',
    taskDefinition: 'web:1',
    desiredCount: 2,
    pendingCount: 0,
    runningCount: 2,
    failedTasks: 0,
    rolloutState: 'COMPLETED',
    rolloutStateReason: 'ECS deployment ecs-svc/1 completed.',
    createdAt: 0,
    updatedAt: 0,
    circuitBreaker: { status: 'DISABLED', failureCount: 0, threshold: 3 },
    ...over,
  });
  const plan = (over: Partial<ServicePlan>): ServicePlan => ({
    start: [],
    stop: [],
    deployments: [deployment({})],
    status: { desiredCount: 2, runningCount: 2, pendingCount: 0, taskDefinition: 'web:1' },
    lifecycle: 'ACTIVE',
    steady: true,
    blocked: false,
    events: [],
    transitions: [],
    state: initialSchedulerState(),
    ...over,
  });
  const conditions = (p: ServicePlan, specRejected = false) =>
    Object.fromEntries((computeServiceStatus({ previous: undefined, plan: p, generation: 3, now: new Date(0), specRejected }).conditions ?? []).map((c) => [c.type, [c.status, c.reason]]));

  it.each([
    { name: 'steady', plan: plan({}), expected: { Ready: ['True', 'SteadyState'], Progressing: ['False', 'DeploymentCompleted'], Reconciling: ['False', 'DeploymentCompleted'], Stalled: ['False', 'NotStalled'] } },
    {
      name: 'deploying',
      plan: plan({ steady: false, deployments: [deployment({ rolloutState: 'IN_PROGRESS' })] }),
      expected: { Ready: ['False', 'DeploymentInProgress'], Progressing: ['True', 'DeploymentInProgress'], Reconciling: ['True', 'DeploymentInProgress'], Stalled: ['False', 'NotStalled'] },
    },
    {
      name: 'failed',
      plan: plan({ steady: false, deployments: [deployment({ rolloutState: 'FAILED' })] }),
      expected: { Ready: ['False', 'DeploymentFailed'], Progressing: ['False', 'DeploymentFailed'], Reconciling: ['False', 'DeploymentFailed'], Stalled: ['True', 'DeploymentFailed'] },
    },
    {
      name: 'rolled back and steady',
      plan: plan({ deployments: [deployment({ rollbackOf: 'ecs-svc/2' })] }),
      expected: { Ready: ['True', 'SteadyState'], Progressing: ['False', 'DeploymentCompleted'], Reconciling: ['False', 'DeploymentCompleted'], Stalled: ['True', 'RolledBack'] },
    },
    {
      name: 'blocked by the deployment configuration',
      plan: plan({ steady: false, blocked: true }),
      expected: { Ready: ['False', 'DeploymentConfigurationBlocked'], Progressing: ['False', 'DeploymentCompleted'], Reconciling: ['False', 'DeploymentCompleted'], Stalled: ['True', 'DeploymentConfigurationBlocked'] },
    },
    { name: 'draining', plan: plan({ lifecycle: 'DRAINING', steady: false }), expected: { Ready: ['False', 'Draining'], Progressing: ['False', 'DeploymentCompleted'], Reconciling: ['False', 'DeploymentCompleted'], Stalled: ['False', 'NotStalled'] } },
  ])('$name', ({ plan: p, expected }) => {
    expect(conditions(p)).toEqual(expected);
  });

  it('keeps at most 100 events, newest first', () => {
    const previous = Array.from({ length: 100 }, (_, i) => ({ id: `old-${i}`, createdAt: '2026-01-01T00:00:00.000Z', message: `m${i}` }));
    const merged = mergeServiceEvents(previous, [{ id: 'new', createdAt: 0, message: 'fresh' }]);
    expect(merged).toHaveLength(100);
    expect(merged[0]).toEqual({ id: 'new', createdAt: '1970-01-01T00:00:00.000Z', message: 'fresh' });
    expect(merged[99]?.id).toBe('old-98');
  });
});

describe('status patch', () => {
  it('nulls the keys the new status dropped, recursively, and replaces lists', () => {
    const previous = { taskDefinition: 'web:1', scheduler: { rejectedRevisionId: 'r', throttle: { consecutiveFailures: 2, lastFailureAt: 5 } }, events: [{ id: 'a' }] };
    const next = { scheduler: { throttle: { consecutiveFailures: 0 } }, events: [{ id: 'b' }] };
    expect(computeMergePatch(previous, next)).toEqual({ taskDefinition: null, scheduler: { rejectedRevisionId: null, throttle: { consecutiveFailures: 0, lastFailureAt: null } }, events: [{ id: 'b' }] });
  });
});
