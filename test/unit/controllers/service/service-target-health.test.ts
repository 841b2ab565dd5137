// Target health as the Service controller feeds it to the planner, and ECS's unhealthy-target
// event reported once per failing target (ECS-SEMANTICS 6.8, 6.14).
import { describe, expect, it } from 'vitest';
import type { LoadBalancer } from '../../../../src/api/v1alpha1/service.ts';
import type { Task } from '../../../../src/api/v1alpha1/task.ts';
import { findUnhealthyTargets, UnhealthyTargetLedger, withTargetHealth } from '../../../../src/controllers/service/service-target-health.ts';
import type { Cached } from '../../../../src/kube/cached.ts';
import type { V1Pod } from '../../../../src/kube/types.ts';
import type { ServiceTask } from '../../../../src/scheduler/index.ts';

const tg = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/73e2d6bc24d8a067';
const withTg: LoadBalancer[] = [{ targetGroupArn: tg, containerName: 'nginx', containerPort: 80 }];
const coreOnly: LoadBalancer[] = [{ containerName: 'nginx', containerPort: 80 }];

const aPod = (phase: string, ready: boolean, serving = true): Cached<V1Pod> => ({
  metadata: { name: 'web-1', labels: serving ? { 'ecs.stevedore.dev/serving': 'true' } : {} },
  status: { phase, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});
const planned: ServiceTask = { taskArn: 'ns/web-1', lastStatus: 'RUNNING', desiredStatus: 'RUNNING', createdAt: 0 };

describe('withTargetHealth', () => {
  it.each<{ name: string; pod: Cached<V1Pod> | undefined; loadBalancers: LoadBalancer[]; want: Partial<ServiceTask> }>([
    { name: 'a Ready target is HEALTHY, named by its target group', pod: aPod('Running', true), loadBalancers: withTg, want: { loadBalancerHealth: 'HEALTHY', targetGroupArn: tg } },
    { name: 'a running target that is not Ready is UNHEALTHY', pod: aPod('Running', false), loadBalancers: withTg, want: { loadBalancerHealth: 'UNHEALTHY' } },
    { name: 'a target still registering (Pod pending) is UNKNOWN', pod: aPod('Pending', false), loadBalancers: withTg, want: { loadBalancerHealth: 'UNKNOWN' } },
    { name: 'a task without a Pod yet is UNKNOWN', pod: undefined, loadBalancers: coreOnly, want: { loadBalancerHealth: 'UNKNOWN' } },
    { name: 'a draining target (out of the endpoints) is UNKNOWN', pod: aPod('Running', true, false), loadBalancers: coreOnly, want: { loadBalancerHealth: 'UNKNOWN' } },
  ])('$name', ({ pod, loadBalancers, want }) => {
    expect(withTargetHealth(planned, pod, loadBalancers)).toMatchObject(want);
  });

  it('leaves a service without load balancers alone', () => {
    expect(withTargetHealth(planned, aPod('Running', false), [])).toBe(planned);
  });

  it('names no target group when the load balancer has none', () => {
    expect(withTargetHealth(planned, aPod('Running', true), coreOnly).targetGroupArn).toBeUndefined();
  });
});

const aTask = (uid: string, lastStatus: string, desiredStatus = 'RUNNING'): Cached<Task> =>
  ({ metadata: { name: uid, namespace: 'ns', uid }, spec: { taskDefinition: 'web:1', desiredStatus }, status: { lastStatus, containerInstance: 'node-1' } }) as unknown as Cached<Task>;

describe('findUnhealthyTargets', () => {
  const find = (loadBalancers: LoadBalancer[], tasks: Cached<Task>[], pods: Record<string, Cached<V1Pod>>) =>
    findUnhealthyTargets({ serviceName: 'web', serviceObjectName: 'web', loadBalancers, tasks, podOf: (t) => pods[t.metadata.name] });

  it('reports a RUNNING task whose target fails, in ECS\'s words, naming the target group', () => {
    expect(find(withTg, [aTask('a', 'RUNNING')], { a: aPod('Running', false) })).toEqual([
      { key: 'a/nginx/80', message: `service (web) (instance node-1) (port 80) is unhealthy in (target-group ${tg}) due to (reason Health checks failed)` },
    ]);
  });

  it('names the core Service when the load balancer has no target group', () => {
    expect(find(coreOnly, [aTask('a', 'RUNNING')], { a: aPod('Running', false) })[0]?.message).toContain('(target-group web-nginx-80)');
  });

  it.each<{ name: string; task: Cached<Task>; pod: Cached<V1Pod> }>([
    { name: 'a healthy target', task: aTask('a', 'RUNNING'), pod: aPod('Running', true) },
    { name: 'a task not yet RUNNING', task: aTask('a', 'PENDING'), pod: aPod('Running', false) },
    { name: 'a task being stopped', task: aTask('a', 'RUNNING', 'STOPPED'), pod: aPod('Running', false) },
  ])('does not report $name', ({ task, pod }) => {
    expect(find(withTg, [task], { a: pod })).toEqual([]);
  });
});

describe('UnhealthyTargetLedger', () => {
  const report = (key: string) => ({ key, message: key });

  /** One pass: what is fresh, then recorded as its status write succeeded. */
  const pass = (ledger: UnhealthyTargetLedger, key: string, current: { key: string; message: string }[]) => {
    const fresh = ledger.fresh(key, current);
    ledger.record(key, current);
    return fresh;
  };

  it('reports a failing target once, again only after it recovered', () => {
    const ledger = new UnhealthyTargetLedger();
    expect(pass(ledger, 'ns/web', [report('a')])).toEqual([report('a')]);
    expect(pass(ledger, 'ns/web', [report('a'), report('b')])).toEqual([report('b')]);
    expect(pass(ledger, 'ns/web', [report('b')])).toEqual([]);
    expect(pass(ledger, 'ns/web', [report('a'), report('b')])).toEqual([report('a')]);
  });

  it('reports again after a pass whose status write failed (nothing recorded)', () => {
    const ledger = new UnhealthyTargetLedger();
    expect(ledger.fresh('ns/web', [report('a')])).toEqual([report('a')]);
    expect(pass(ledger, 'ns/web', [report('a')])).toEqual([report('a')]);
    expect(pass(ledger, 'ns/web', [report('a')])).toEqual([]);
  });

  it('keeps services apart and forgets a deleted one', () => {
    const ledger = new UnhealthyTargetLedger();
    pass(ledger, 'ns/web', [report('a')]);
    expect(pass(ledger, 'ns/api', [report('a')])).toEqual([report('a')]);
    ledger.forget('ns/web');
    expect(pass(ledger, 'ns/web', [report('a')])).toEqual([report('a')]);
  });
});
