// Every golden scenario of ECS-SEMANTICS 9 that concerns placement or registration, run as a
// `stevedore simulate` fixture through the real code path. Each fixture is compared whole to
// its `.expected.json`, and the facts the scenario is about are asserted explicitly below so
// that a regenerated expectation cannot silently change them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActionResult, SimulationOutput } from '../../../src/simulate/output.ts';
import { simulate } from '../../../src/simulate/simulate.ts';

const dir = join(import.meta.dirname, '../../fixtures/simulate');
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json')).map((f) => f.replace(/\.json$/, ''));

function run(name: string): SimulationOutput {
  const outcome = simulate(readFileSync(join(dir, `${name}.json`), 'utf8'));
  if ('error' in outcome) throw new Error(outcome.error);
  return outcome.output;
}

function placed(result: ActionResult | undefined): string[] {
  if (result === undefined || !('tasks' in result)) throw new Error(`not a placement result: ${JSON.stringify(result)}`);
  return result.tasks.map((t) => t.containerInstanceArn);
}

function failures(result: ActionResult | undefined): { arn: string; reason: string }[] {
  if (result === undefined || !('failures' in result)) throw new Error(`no failures: ${JSON.stringify(result)}`);
  return result.failures.map(({ arn, reason }) => ({ arn, reason }));
}

function instance(output: SimulationOutput, id: string) {
  const found = output.containerInstances.find((i) => i.id === id);
  if (found === undefined) throw new Error(`no instance ${id}`);
  return found;
}

const counts = (ids: string[]) => ids.reduce<Record<string, number>>((acc, id) => ({ ...acc, [id]: (acc[id] ?? 0) + 1 }), {});

describe('simulate fixtures match their expected output', () => {
  it.each(fixtures)('%s', (name) => {
    const expected = JSON.parse(readFileSync(join(dir, `${name}.expected.json`), 'utf8')) as unknown;
    expect(run(name)).toEqual(expected);
  });

  it('same scenario and seed give byte-identical output', () => {
    for (const name of fixtures) expect(JSON.stringify(run(name))).toBe(JSON.stringify(run(name)));
  });
});

interface Golden {
  name: string;
  fixture: string;
  check(output: SimulationOutput): void;
}

describe('golden scenarios (ECS-SEMANTICS 9)', () => {
  it.each<Golden>([
    {
      name: 'G01 bare family resolves to the latest ACTIVE revision',
      fixture: 'g01-revisions',
      check: (o) => {
        expect(o.taskDefinitions).toEqual([
          { taskDefinitionArn: 'web:1', status: 'ACTIVE' },
          { taskDefinitionArn: 'web:2', status: 'ACTIVE' },
          { taskDefinitionArn: 'web:3', status: 'INACTIVE' },
        ]);
        const run = o.results[4];
        expect(run !== undefined && 'tasks' in run ? run.tasks.map((t) => t.taskDefinitionArn) : []).toEqual(['web:2']);
      },
    },
    {
      name: 'G03 eleven containers',
      fixture: 'g03-too-many-containers',
      check: (o) => {
        expect(o.results[0]).toEqual({ error: { code: 'ClientException', message: 'Too many containers.' } });
        expect(o.invalidTaskDefinitions).toEqual([{ index: 0, family: 'big', error: { code: 'ClientException', message: 'Too many containers.' } }]);
      },
    },
    {
      name: 'G05 container cpu sum above task cpu',
      fixture: 'g05-cpu-sum',
      check: (o) =>
        expect(o.results[0]).toEqual({
          error: { code: 'ClientException', message: "The sum of all container 'cpu' values cannot be greater than the value of the task 'cpu'." },
        }),
    },
    {
      name: 'G07 distinctInstance in a task definition',
      fixture: 'g07-distinct-instance-in-task-definition',
      check: (o) => expect(o.results[0]).toEqual({ error: { code: 'ClientException', message: "constraint.type 'distinctInstance' is not supported." } }),
    },
    {
      name: 'G09 the soft reservation is subtracted',
      fixture: 'g09-soft-reservation',
      check: (o) => expect(instance(o, 'i1').remainingResources).toMatchObject({ CPU: 1536, MEMORY: 7424 }),
    },
    {
      name: 'G11 RESOURCE:MEMORY',
      fixture: 'g11-resource-memory',
      check: (o) => {
        expect(placed(o.results[0])).toEqual([]);
        expect(failures(o.results[0])).toEqual([{ arn: 'i1', reason: 'RESOURCE:MEMORY' }]);
      },
    },
    {
      name: 'G13 static port conflict, released on stop',
      fixture: 'g13-static-port-conflict',
      check: (o) => {
        expect(failures(o.results[0])).toEqual([{ arn: 'i1', reason: 'RESOURCE:PORTS' }]);
        expect(o.results[1]).toEqual({ task: { taskArn: 't-web-0', lastStatus: 'STOPPED' } });
        expect(placed(o.results[2])).toEqual(['i1']);
        expect(instance(o, 'i1').remainingResources.PORTS).toEqual(['22', '80', '2375', '2376', '51678', '51679']);
      },
    },
    {
      name: 'G15 dynamic ports are not reserved, bindings distinct and ephemeral',
      fixture: 'g15-dynamic-ports',
      check: (o) => {
        const result = o.results[0];
        expect(placed(result)).toHaveLength(5);
        expect(instance(o, 'i1').remainingResources.PORTS).toEqual(['22', '2375', '2376', '51678', '51679']);
        const ports = result !== undefined && 'tasks' in result ? result.tasks.map((t) => t.networkBindings?.[0]?.hostPort ?? 0) : [];
        expect(new Set(ports).size).toBe(5);
        for (const port of ports) expect(port).toBeGreaterThanOrEqual(49153);
      },
    },
    {
      name: 'G17 the 101st reserved port',
      fixture: 'g17-101st-reserved-port',
      check: (o) => {
        expect(failures(o.results[0])).toEqual([{ arn: 'i1', reason: 'RESOURCE:PORTS' }]);
        const result = o.results[0];
        expect(result !== undefined && 'failures' in result ? result.failures[0]?.detail : '').toContain('Too many ports registered');
      },
    },
    {
      name: 'G19 empty cluster',
      fixture: 'g19-empty-cluster',
      check: (o) => expect(o.results[0]).toEqual({ error: { code: 'InvalidParameterException', message: 'No Container Instances were found in your cluster.' } }),
    },
    {
      name: 'G21 StartTask: MISSING, INACTIVE, AGENT, and a start on the good one',
      fixture: 'g21-start-task-checks',
      check: (o) => {
        expect(placed(o.results[0])).toEqual(['i1']);
        expect(failures(o.results[0])).toEqual([
          { arn: 'nope', reason: 'MISSING' },
          { arn: 'gone', reason: 'INACTIVE' },
          { arn: 'lost', reason: 'AGENT' },
        ]);
      },
    },
    {
      name: 'G23 constraint and strategy counts',
      fixture: 'g23-constraint-strategy-counts',
      check: (o) => {
        expect(o.results[0]).toMatchObject({ error: { code: 'InvalidParameterException' } });
        expect(o.results[1]).toEqual({ error: { code: 'InvalidParameterException', message: 'The number of placement strategies cannot exceed 5.' } });
        expect(placed(o.results[2])).toHaveLength(1);
        expect(o.results[3]).toEqual({ error: { code: 'InvalidParameterException', message: 'count must be between 1 and 10.' } });
      },
    },
    {
      name: 'G25 AZ list and spread: 2 on i1, 2 on i2, none on i3',
      fixture: 'g25-az-list-and-spread',
      check: (o) => expect(counts(placed(o.results[0]))).toEqual({ i1: 2, i2: 2 }),
    },
    {
      name: 'G27 affinity to a daemon; not placed when i2 lacks room',
      fixture: 'g27-affinity-to-daemon',
      check: (o) => {
        expect(placed(o.results[0])).toEqual(['i2']);
        expect(placed(o.results[1])).toEqual([]);
        expect(failures(o.results[1])).toContainEqual({ arn: 'i2', reason: 'RESOURCE:MEMORY' });
      },
    },
    {
      name: 'G29 runningTasksCount == 1 ⇒ i2 only (new tasks are PENDING)',
      fixture: 'g29-running-tasks-count',
      check: (o) => expect(placed(o.results[0])).toEqual(['i2', 'i2', 'i2']),
    },
    {
      name: 'G31 distinctInstance looks only at its own group',
      fixture: 'g31-distinct-instance-own-group',
      check: (o) => expect(placed(o.results[0]).sort()).toEqual(['i1', 'i2']),
    },
    {
      name: 'G33 spread counts only the same group: one per AZ',
      fixture: 'g33-spread-counts-own-group',
      check: (o) => expect(placed(o.results[0]).sort()).toEqual(['i1', 'i2', 'i3']),
    },
    {
      name: 'G35 binpack cpu across a batch: i1, i1, i2',
      fixture: 'g35-binpack-cpu-batch',
      check: (o) => expect(placed(o.results[0])).toEqual(['i1', 'i1', 'i2']),
    },
    {
      name: 'G37 random: 300 tasks, every instance gets a fair share',
      fixture: 'g37-random',
      check: (o) => {
        const all = o.results.flatMap((r) => placed(r));
        expect(all).toHaveLength(300);
        for (const n of Object.values(counts(all))) expect(n).toBeGreaterThan(60);
        expect(Object.keys(counts(all)).sort()).toEqual(['i1', 'i2', 'i3']);
      },
    },
    {
      name: 'G39 AZ tie, then the instance with the fewest service tasks',
      fixture: 'g39-service-style-default-inside-az',
      check: (o) => expect(placed(o.results[0])).toEqual(['i2']),
    },
    {
      name: 'G41 agent disconnected',
      fixture: 'g41-agent-disconnected',
      check: (o) => expect(failures(o.results[0])).toEqual([{ arn: 'i1', reason: 'AGENT' }]),
    },
    {
      name: 'G59 capacity provider split with a base (10 tasks: A 4, B 6)',
      fixture: 'g59-capacity-provider-split',
      check: (o) => expect(counts(placed(o.results[0]))).toEqual({ a1: 4, b1: 6 }),
    },
  ])('$name', ({ fixture, check }) => check(run(fixture)));
});
