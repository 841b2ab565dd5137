import { describe, expect, it } from 'vitest';
import { parseScenario } from '../../../src/simulate/scenario-schema.ts';
import { simulate } from '../../../src/simulate/simulate.ts';

const instance = (resources: unknown) => ({ id: 'i', registeredResources: resources });

describe('scenario errors name the offending path', () => {
  it.each([
    { name: 'not JSON', text: '{ "seed": ', error: /^invalid JSON: / },
    {
      name: 'CPU as a string',
      text: JSON.stringify({ containerInstances: [instance({ CPU: 1, MEMORY: 1 }), instance({ CPU: 1, MEMORY: 1 }), instance({ CPU: '2048', MEMORY: 1 })] }),
      error: 'containerInstances[2].registeredResources.CPU: expected a number',
    },
    { name: 'missing MEMORY', text: JSON.stringify({ containerInstances: [instance({ CPU: 1 })] }), error: 'containerInstances[0].registeredResources.MEMORY: required, expected a number' },
    { name: 'port not a numeric string', text: JSON.stringify({ containerInstances: [instance({ CPU: 1, MEMORY: 1, PORTS: ['ssh'] })] }), error: 'containerInstances[0].registeredResources.PORTS[0]: expected a port number as a string' },
    { name: 'bad status', text: JSON.stringify({ containerInstances: [{ ...instance({ CPU: 1, MEMORY: 1 }), status: 'ON' }] }), error: /^containerInstances\[0\]\.status: expected one of "ACTIVE"/ },
    { name: 'unknown action', text: JSON.stringify({ actions: [{ Launch: {} }] }), error: /^actions\[0\]: expected exactly one of RunTask, StartTask/ },
    { name: 'two actions in one entry', text: JSON.stringify({ actions: [{ StopTask: { task: 'a' }, RunTask: {} }] }), error: /^actions\[0\]: expected exactly one of/ },
    { name: 'RunTask count as a string', text: JSON.stringify({ actions: [{ RunTask: { taskDefinition: 'web', count: '2' } }] }), error: 'actions[0].RunTask.count: expected a number' },
    { name: 'strategy type unknown', text: JSON.stringify({ actions: [{ RunTask: { taskDefinition: 'web', placementStrategy: [{ type: 'pack' }] } }] }), error: /^actions\[0\]\.RunTask\.placementStrategy\[0\]\.type: expected one of/ },
    { name: 'root not an object', text: '[]', error: '(root): expected an object' },
    {
      name: 'existing task on an unknown instance',
      text: JSON.stringify({ taskDefinitions: [{ family: 'w', containerDefinitions: [{ name: 'a', image: 'b', memory: 1 }] }], tasks: [{ taskArn: 't', taskDefinition: 'w:1', containerInstance: 'x' }] }),
      error: 'tasks[0].containerInstance: unknown container instance "x"',
    },
    {
      name: 'existing task with an unknown task definition',
      text: JSON.stringify({ containerInstances: [instance({ CPU: 1, MEMORY: 1 })], tasks: [{ taskArn: 't', taskDefinition: 'w:1', containerInstance: 'i' }] }),
      error: 'tasks[0].taskDefinition: unknown task definition "w:1"',
    },
    {
      name: 'duplicate instance id',
      text: JSON.stringify({ containerInstances: [instance({ CPU: 1, MEMORY: 1 }), instance({ CPU: 1, MEMORY: 1 })] }),
      error: 'containerInstances[1].id: duplicate id "i"',
    },
  ])('$name', ({ text, error }) => {
    const outcome = simulate(text);
    expect('error' in outcome).toBe(true);
    if ('error' in outcome) {
      expect(outcome.error).not.toContain('\n');
      if (typeof error === 'string') expect(outcome.error).toBe(error);
      else expect(outcome.error).toMatch(error);
    }
  });

  it('applies the documented defaults', () => {
    const parsed = parseScenario(JSON.stringify({ containerInstances: [instance({ CPU: 1, MEMORY: 1 })], actions: [{ RunTask: { taskDefinition: 'w' } }] }));
    if ('error' in parsed) throw new Error(parsed.error);
    expect(parsed.scenario.containerInstances[0]).toMatchObject({ status: 'ACTIVE', agentConnected: true, attributes: {} });
    expect(parsed.scenario.actions[0]).toEqual({ name: 'RunTask', input: { taskDefinition: 'w', count: 1 } });
  });
});

describe('simulate actions', () => {
  const base = {
    containerInstances: [{ id: 'i1', registeredResources: { CPU: 1024, MEMORY: 2048 } }],
    taskDefinitions: [{ family: 'w', containerDefinitions: [{ name: 'a', image: 'b', cpu: 100, memory: 100 }] }],
  };
  const go = (actions: unknown[]) => {
    const outcome = simulate(JSON.stringify({ ...base, actions }));
    if ('error' in outcome) throw new Error(outcome.error);
    return outcome.output;
  };

  it('names new tasks task-1, task-2, ... across the whole scenario', () => {
    const o = go([{ RunTask: { taskDefinition: 'w', count: 2 } }, { StartTask: { taskDefinition: 'w', containerInstances: ['i1'] } }]);
    const arns = o.results.flatMap((r) => ('tasks' in r ? r.tasks.map((t) => t.taskArn) : []));
    expect(arns).toEqual(['task-1', 'task-2', 'task-3']);
    expect(o.containerInstances[0]).toMatchObject({ pendingTasksCount: 3, runningTasksCount: 0, remainingResources: { CPU: 724, MEMORY: 1748 } });
  });

  it('StopTask of an unknown task is an error, of a known one frees its resources', () => {
    const o = go([{ RunTask: { taskDefinition: 'w' } }, { StopTask: { task: 'task-1' } }, { StopTask: { task: 'task-9' } }]);
    expect(o.results[2]).toEqual({ error: { code: 'InvalidParameterException', message: 'The referenced task was not found.' } });
    expect(o.containerInstances[0]?.remainingResources).toMatchObject({ CPU: 1024, MEMORY: 2048 });
  });

  it('a DRAINING instance takes no new task; back to ACTIVE it does', () => {
    const o = go([
      { UpdateContainerInstancesState: { containerInstances: ['i1', 'nope'], status: 'DRAINING' } },
      { RunTask: { taskDefinition: 'w' } },
      { UpdateContainerInstancesState: { containerInstances: ['i1'], status: 'ACTIVE' } },
      { RunTask: { taskDefinition: 'w' } },
      { UpdateContainerInstancesState: { containerInstances: ['i1'], status: 'INACTIVE' } },
    ]);
    expect(o.results[0]).toEqual({ containerInstances: [{ id: 'i1', status: 'DRAINING' }], failures: [{ arn: 'nope', reason: 'MISSING' }] });
    expect(o.results[1]).toMatchObject({ tasks: [], failures: [{ arn: 'i1', reason: 'INACTIVE' }] });
    expect(o.results[3]).toMatchObject({ tasks: [{ containerInstanceArn: 'i1' }] });
    expect(o.results[4]).toMatchObject({ error: { code: 'InvalidParameterException' } });
  });

  it('RunTask on an unknown or INACTIVE task definition is refused with ECS exceptions', () => {
    const o = go([{ RunTask: { taskDefinition: 'nope' } }, { DeregisterTaskDefinition: { taskDefinition: 'w:1' } }, { RunTask: { taskDefinition: 'w:1' } }, { RunTask: { taskDefinition: 'w' } }]);
    expect(o.results[0]).toEqual({ error: { code: 'ClientException', message: 'Unable to describe task definition.' } });
    expect(o.results[2]).toEqual({ error: { code: 'InvalidParameterException', message: 'TaskDefinition is inactive' } });
    expect(o.results[3]).toEqual({ error: { code: 'ClientException', message: 'Unable to describe task definition.' } });
  });

  it('overrides above the task memory are refused (V6 on RunTask)', () => {
    const outcome = simulate(
      JSON.stringify({
        ...base,
        taskDefinitions: [{ family: 't', memory: '512', containerDefinitions: [{ name: 'a', image: 'b' }] }],
        actions: [{ RunTask: { taskDefinition: 't', overrides: { containerOverrides: [{ name: 'a', memory: 1024 }] } } }],
      }),
    );
    expect('output' in outcome && outcome.output.results[0]).toEqual({
      error: { code: 'InvalidParameterException', message: "'memory' setting for container 'a' is greater than for task." },
    });
  });
});
