import { describe, expect, it } from 'vitest';
import type { ContainerInstanceView } from '../../../src/domain/container-instance.ts';
import { compileQuery, compareValues, compareVersions, parseTimestamp, queryError } from '../../../src/placement/query/compile.ts';
import type { QueryFacts } from '../../../src/placement/query/compile.ts';
import { aContainerInstance } from '../../builders/container-instance.ts';

/** Facts for one instance with running tasks and groups. */
function factsFor(view: ContainerInstanceView, running = 0, groups: string[] = []): QueryFacts {
  return { view: () => view, runningTasksCount: () => running, hasTaskInGroup: (_i, g) => groups.includes(g) };
}

const m5a = aContainerInstance('i-abcd1234')
  .zone('us-east-1a')
  .attr('ecs.instance-type', 't2.small')
  .attr('stack', 'prod')
  .attr('weight', '10')
  .agentVersion('1.14.10')
  .registeredAt('2018-02-10T12:00:00Z')
  .build();

interface Case {
  name: string;
  expression: string;
  want: boolean;
  running?: number;
  groups?: string[];
  view?: ContainerInstanceView;
}

describe('cluster query language: evaluation (ECS-SEMANTICS 3.3)', () => {
  it.each<Case>([
    { name: 'attribute ==', expression: 'attribute:ecs.instance-type == t2.small', want: true },
    { name: 'attribute equals alias', expression: 'attribute:ecs.instance-type equals t2.small', want: true },
    { name: 'attribute != on another value', expression: 'attribute:stack != dev', want: true },
    { name: 'attribute != on a missing attribute is false (CONS, Q7)', expression: 'attribute:team != dev', want: false },
    { name: 'in list', expression: 'attribute:ecs.availability-zone in [us-east-1a, us-east-1b]', want: true },
    { name: 'in list, not present', expression: 'attribute:ecs.availability-zone in [us-east-1c, us-east-1d]', want: false },
    { name: 'not_in list', expression: 'attribute:ecs.availability-zone not_in [us-east-1c]', want: true },
    { name: '!in on a missing attribute is false (Q7)', expression: 'attribute:team !in [a]', want: false },
    { name: 'matches is a full match (Q6)', expression: 'attribute:ecs.instance-type =~ t2.*', want: true },
    { name: 'matches does not find a substring (Q6)', expression: 'attribute:ecs.instance-type =~ small', want: false },
    { name: 'not_matches', expression: 'attribute:ecs.instance-type !~ g2.*', want: true },
    { name: 'compound and', expression: 'attribute:ecs.instance-type =~ t2.* and attribute:ecs.availability-zone != us-east-1d', want: true },
    { name: '&& and || symbols', expression: 'attribute:stack == dev || attribute:stack == prod && attribute:weight == 10', want: true },
    { name: 'and binds tighter than or (Q5)', expression: 'attribute:stack == prod or attribute:stack == dev and attribute:weight == 99', want: true },
    { name: 'parentheses regroup', expression: '(attribute:stack == prod or attribute:stack == dev) and attribute:weight == 99', want: false },
    { name: 'not binds tighter than and (Q5)', expression: 'not attribute:stack == dev and attribute:weight == 10', want: true },
    { name: 'not(...)', expression: 'not(attribute:stack == prod)', want: false },
    { name: '! prefix', expression: '!(attribute:stack == prod)', want: false },
    { name: 'exists', expression: 'attribute:stack exists', want: true },
    { name: '!exists on a missing attribute is true', expression: 'attribute:team !exists', want: true },
    { name: 'not_exists on a present attribute is false', expression: 'attribute:stack not_exists', want: false },
    { name: 'numeric comparison when both are numbers (Q20)', expression: 'attribute:weight > 9', want: true },
    { name: 'lexical comparison otherwise (Q20)', expression: 'attribute:stack > pr', want: true },
    { name: 'runningTasksCount == 1 (G29)', expression: 'runningTasksCount == 1', running: 1, want: true },
    { name: 'runningTasksCount == 1 on 2', expression: 'runningTasksCount == 1', running: 2, want: false },
    { name: 'runningTasksCount <=', expression: 'runningTasksCount less_than_equal 3', running: 3, want: true },
    { name: 'agentVersion compares dotted versions', expression: 'agentVersion < 1.14.5', want: false },
    { name: 'agentVersion >= ', expression: 'agentVersion >= 1.14.10', want: true },
    { name: 'registeredAt date', expression: 'registeredAt < 2018-02-13', want: true },
    { name: 'registeredAt with zone', expression: 'registeredAt > 2018-02-10T11:00:00+00:00', want: true },
    { name: 'registeredAt without zone is UTC', expression: 'registeredAt == 2018-02-10T12:00:00', want: true },
    { name: 'ec2InstanceId in quoted list', expression: "ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", want: true },
    { name: 'agentConnected == true', expression: 'agentConnected == true', want: true },
    { name: 'agentConnected on a disconnected instance', expression: 'agentConnected == true', view: aContainerInstance('x').disconnected().build(), want: false },
    { name: 'task:group affinity', expression: 'task:group == service:production', groups: ['service:production'], want: true },
    { name: 'task:group anti-affinity', expression: 'not(task:group == database)', groups: ['database'], want: false },
    { name: 'task:group != without the group', expression: 'task:group != database', groups: [], want: true },
    { name: 'task:group in', expression: 'task:group in [a, b]', groups: ['b'], want: true },
    { name: 'quoted value with spaces', expression: "attribute:stack == 'prod'", want: true },
  ])('$name', ({ expression, want, running, groups, view }) => {
    const query = compileQuery(expression);
    expect(query.matches(0, factsFor(view ?? m5a, running ?? 0, groups ?? []))).toBe(want);
  });

  it.each([
    { expression: 'attribute:stack == prod', dynamic: false },
    { expression: 'task:group == x', dynamic: true },
    { expression: 'attribute:a == b or runningTasksCount > 2', dynamic: true },
  ])('marks $expression dynamic=$dynamic', ({ expression, dynamic }) => {
    expect(compileQuery(expression).dynamic).toBe(dynamic);
  });
});

describe('cluster query language: errors say where', () => {
  it.each([
    { expression: '', error: 'empty expression at position 0' },
    { expression: 'attribute:stack', error: "expected an operator after 'attribute:stack', found the end of the expression at position 15" },
    { expression: 'attribute:stack ==', error: 'expected a value, found the end of the expression at position 18' },
    { expression: 'colour == red', error: "unknown subject 'colour' at position 0" },
    { expression: 'attribute:stack == prod and', error: "expected a subject (attribute:<name>, task:group, runningTasksCount, ...), found the end of the expression at position 27" },
    { expression: '(attribute:stack == prod', error: "expected ')' to close '(' at position 0, found the end of the expression at position 24" },
    { expression: 'attribute:a in [x, y', error: "expected ',' or ']' in the value list, found the end of the expression at position 20" },
    { expression: 'runningTasksCount =~ 1', error: "operator '=~' is not supported for 'runningTasksCount' at position 18" },
    { expression: 'runningTasksCount > many', error: "'many' is not a number at position 20" },
    { expression: 'registeredAt < yesterday', error: "'yesterday' is not a registeredAt time (use 2018-06-18 or 2018-06-18T22:28:28Z) at position 15" },
    { expression: 'attribute:a =~ (', error: "expected a value, found '(' at position 15" },
    { expression: "attribute:a == 'open", error: 'unterminated quoted value at position 15' },
    { expression: 'attribute:a == b c', error: "unexpected 'c', expected 'and', 'or' or the end at position 17" },
    { expression: 'attribute:a == b AND attribute:c == d', error: "unexpected 'AND', expected 'and', 'or' or the end at position 17" },
    { expression: "attribute:a =~ '['", error: "'[' is not a valid regular expression at position 15" },
  ])('$expression → $error', ({ expression, error }) => {
    expect(queryError(expression)).toBe(error);
  });
});

describe('comparison helpers', () => {
  it.each([
    { a: '10', b: '9', want: 1 },
    { a: 'abc', b: 'abd', want: -1 },
    { a: '2', b: '2.0', want: 0 },
  ])('compareValues($a, $b) = $want', ({ a, b, want }) => expect(compareValues(a, b)).toBe(want));

  it.each([
    { a: '1.14.10', b: '1.14.5', want: 1 },
    { a: '1.2', b: '1.2.0', want: 0 },
    { a: 'v1.80.0', b: '1.9.0', want: 1 },
  ])('compareVersions($a, $b) = $want', ({ a, b, want }) => expect(compareVersions(a, b)).toBe(want));

  it('parses the four registeredAt formats', () => {
    const t = Date.UTC(2018, 5, 18, 22, 28, 28);
    expect(parseTimestamp('2018-06-18T22:28:28+00:00')).toBe(t);
    expect(parseTimestamp('2018-06-18T22:28:28Z')).toBe(t);
    expect(parseTimestamp('2018-06-18T22:28:28')).toBe(t);
    expect(parseTimestamp('2018-06-18')).toBe(Date.UTC(2018, 5, 18));
    expect(parseTimestamp('June')).toBeNaN();
  });
});
