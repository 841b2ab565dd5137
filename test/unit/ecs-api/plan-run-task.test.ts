import { describe, expect, it } from 'vitest';
import { ClusterView } from '../../../src/ecs-api/cluster-view.ts';
import { EcsApiError } from '../../../src/ecs-api/errors.ts';
import { planRunTask, planStartTask, START_TASK_FARGATE } from '../../../src/ecs-api/plan-run-task.ts';
import { seededRng } from '../../../src/placement/index.ts';
import { aNode, aPlacedTask, aTaskDefinition, objects } from './fixtures.ts';

const ns = 'team-a';
const big = aTaskDefinition('big', ns, [{ name: 'app', image: 'nginx', cpu: 256, memory: 6000 }]);
const web = aTaskDefinition('web', ns, [{ name: 'app', image: 'nginx', cpu: 512, memory: 1024 }]);
const names = () => {
  let n = 0;
  return (family: string) => `${family}-${++n}`;
};

function view(extraTasks = [aPlacedTask('web-0', ns, 'node-b', 'web:1')]) {
  return new ClusterView(
    objects({
      // node-a: 4 GiB = 4096 MiB; node-b: 4096 MiB less the running web task's 1024.
      nodes: [aNode('node-a'), aNode('node-b', { zone: 'us-east-1b' })],
      taskDefinitions: [big.definition, web.definition],
      revisions: [big.revision, web.revision],
      tasks: extraTasks,
    }),
  );
}

describe('planRunTask', () => {
  it('reports a task that fits nowhere with RESOURCE:MEMORY and the closest instance, and plans no Task', () => {
    const plan = planRunTask(view(), { taskDefinition: 'big' }, ns, seededRng(1), names());
    expect(plan.tasks).toEqual([]);
    expect(plan.failures[0]).toEqual({
      arn: 'arn:aws:ecs:local:000000000000:container-instance/default/node-a',
      reason: 'RESOURCE:MEMORY',
      detail: 'The closest matching container-instance node-a has insufficient memory available.',
    });
    expect(plan.failures.map((f) => f.reason)).toEqual(['RESOURCE:MEMORY', 'RESOURCE:MEMORY']);
  });

  it('places up to the capacity and plans plain Tasks for the operator to place', () => {
    // CPU runs out first: 2048 units / 512 = 4 web tasks per node, and node-b runs one already.
    const plan = planRunTask(view(), { taskDefinition: 'web:1', count: 10, startedBy: 'me', placementStrategy: [{ type: 'binpack', field: 'memory' }] }, ns, seededRng(1), names());
    expect(plan.tasks).toHaveLength(7);
    expect(plan.failures.map((f) => f.reason)).toEqual(['RESOURCE:CPU', 'RESOURCE:CPU']);
    const first = plan.tasks[0]!;
    // binpack on memory: the fuller node-b first.
    expect(first.containerInstance).toBe('node-b');
    expect(first.manifest.spec).toEqual({ cluster: 'default', taskDefinition: 'web:1', desiredStatus: 'RUNNING', startedBy: 'me', placementStrategy: [{ type: 'binpack', field: 'memory' }] });
    expect(first.manifest.metadata).toEqual({ name: 'web-1', namespace: ns });
  });

  it('fails the call as ECS does: count above 10, an unknown family, an empty cluster', () => {
    expect(() => planRunTask(view(), { taskDefinition: 'web', count: 11 }, ns, seededRng(1))).toThrow('count must be between 1 and 10.');
    expect(() => planRunTask(view(), { taskDefinition: 'nope' }, ns, seededRng(1))).toThrow('Unable to describe task definition.');
    expect(() => planRunTask(view(), { taskDefinition: 'web', cluster: 'prod' }, ns, seededRng(1))).toThrow('Cluster not found.');
    const empty = new ClusterView(objects({ taskDefinitions: [web.definition], revisions: [web.revision] }));
    expect(() => planRunTask(empty, { taskDefinition: 'web' }, ns, seededRng(1))).toThrow('No Container Instances were found in your cluster.');
  });
});

describe('planStartTask', () => {
  it('starts one task per named instance and refuses the ones that cannot take it', () => {
    const plan = planStartTask(view(), { taskDefinition: 'web', containerInstances: ['arn:aws:ecs:local:000000000000:container-instance/default/node-a', 'node-x'] }, ns, names());
    expect(plan.tasks.map((t) => t.containerInstance)).toEqual(['node-a']);
    expect(plan.tasks[0]!.manifest.spec).toMatchObject({ containerInstances: ['node-a'] });
    expect(plan.failures).toEqual([{ arn: 'arn:aws:ecs:local:000000000000:container-instance/default/node-x', reason: 'MISSING' }]);
  });

  it('refuses FARGATE', () => {
    const fargate = aTaskDefinition('fg', ns, [{ name: 'app', image: 'nginx', cpu: 256, memory: 512 }]);
    fargate.definition.spec.requiresCompatibilities = ['FARGATE'];
    (fargate.revision.data as { requiresCompatibilities?: string[] }).requiresCompatibilities = ['FARGATE'];
    const v = new ClusterView(objects({ nodes: [aNode('node-a')], taskDefinitions: [fargate.definition], revisions: [fargate.revision] }));
    expect(() => planStartTask(v, { taskDefinition: 'fg', containerInstances: ['node-a'] }, ns)).toThrow(START_TASK_FARGATE);
    expect(() => planStartTask(view(), { taskDefinition: 'web', containerInstances: ['node-a'], launchType: 'FARGATE' }, ns)).toThrow(EcsApiError);
  });
});
