// Compiles a parsed expression into a predicate over container instances, once per distinct
// expression (cached), so that evaluating it on thousands of instances is a few closure calls.
// A predicate is `dynamic` when its answer can change while a batch is placed (it reads
// task:group or runningTasksCount); static ones are evaluated once per batch.
import type { ContainerInstanceView } from '../../domain/container-instance.ts';
import type { BinaryOperator, QueryNode, Subject, Value } from './ast.ts';
import { parseQuery } from './parser.ts';
import { QueryError } from './query-error.ts';

/** What a predicate may read about instance number `i`. */
export interface QueryFacts {
  view(i: number): ContainerInstanceView;
  runningTasksCount(i: number): number;
  hasTaskInGroup(i: number, group: string): boolean;
}

export type InstancePredicate = (i: number, facts: QueryFacts) => boolean;

export interface CompiledQuery {
  expression: string;
  matches: InstancePredicate;
  dynamic: boolean;
}

const cache = new Map<string, CompiledQuery>();
const CACHE_LIMIT = 1000;

/** Parses and compiles; throws QueryError (with a position) when the expression is wrong. */
export function compileQuery(expression: string): CompiledQuery {
  const cached = cache.get(expression);
  if (cached !== undefined) return cached;
  const node = parseQuery(expression);
  const compiled = { expression, matches: compileNode(node), dynamic: isDynamic(node) };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(expression, compiled);
  return compiled;
}

/** The error text for an invalid expression, or undefined when it compiles. */
export function queryError(expression: string): string | undefined {
  try {
    compileQuery(expression);
    return undefined;
  } catch (error) {
    if (error instanceof QueryError) return error.message;
    throw error;
  }
}

function isDynamic(node: QueryNode): boolean {
  switch (node.kind) {
    case 'or':
    case 'and':
      return isDynamic(node.left) || isDynamic(node.right);
    case 'not':
      return isDynamic(node.operand);
    case 'unary':
    case 'binary':
      return node.subject.kind === 'taskGroup' || node.subject.kind === 'runningTasksCount';
  }
}

function compileNode(node: QueryNode): InstancePredicate {
  switch (node.kind) {
    case 'or': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return (i, f) => left(i, f) || right(i, f);
    }
    case 'and': {
      const left = compileNode(node.left);
      const right = compileNode(node.right);
      return (i, f) => left(i, f) && right(i, f);
    }
    case 'not': {
      const operand = compileNode(node.operand);
      return (i, f) => !operand(i, f);
    }
    case 'unary':
      return compileExists(node.subject, node.operator === 'exists');
    case 'binary':
      return compileComparison(node.subject, node.operator, node.values);
  }
}

function compileExists(subject: Subject, wanted: boolean): InstancePredicate {
  const read = reader(subject);
  return (i, f) => (read(i, f) !== undefined) === wanted;
}

/** Reads the subject's value as text; undefined when the instance does not have it. */
function reader(subject: Subject): (i: number, f: QueryFacts) => string | undefined {
  switch (subject.kind) {
    case 'attribute': {
      const name = subject.name;
      return (i, f) => f.view(i).attributes[name];
    }
    case 'agentConnected':
      return (i, f) => String(f.view(i).agentConnected);
    case 'agentVersion':
      return (i, f) => f.view(i).agentVersion;
    case 'ec2InstanceId':
      return (i, f) => f.view(i).ec2InstanceId ?? f.view(i).id;
    case 'registeredAt':
      return (i, f) => f.view(i).registeredAt;
    case 'runningTasksCount':
      return (i, f) => String(f.runningTasksCount(i));
    case 'taskGroup':
      return () => undefined;
  }
}

function compileComparison(subject: Subject, operator: BinaryOperator, values: Value[]): InstancePredicate {
  if (subject.kind === 'taskGroup') return compileTaskGroup(operator, values);
  const read = reader(subject);
  const first = values[0] as Value;
  switch (operator) {
    case '==':
    case '!=':
    case '>':
    case '>=':
    case '<':
    case '<=': {
      const compare = comparator(subject, first);
      const accept = ORDER_TESTS[operator];
      // A missing value never matches, `!=` included (Q7; CONS's `attribute:stack != prod`).
      return (i, f) => {
        const actual = read(i, f);
        return actual !== undefined && accept(compare(actual));
      };
    }
    case 'in':
    case 'not_in': {
      const set = new Set(values.map((v) => v.text));
      const wanted = operator === 'in';
      return (i, f) => {
        const actual = read(i, f);
        return actual !== undefined && set.has(actual) === wanted;
      };
    }
    case 'matches':
    case 'not_matches': {
      const pattern = fullMatch(first);
      const wanted = operator === 'matches';
      return (i, f) => {
        const actual = read(i, f);
        return actual !== undefined && pattern.test(actual) === wanted;
      };
    }
  }
}

const ORDER_TESTS: Readonly<Record<'==' | '!=' | '>' | '>=' | '<' | '<=', (order: number) => boolean>> = {
  '==': (o) => o === 0,
  '!=': (o) => o !== 0,
  '>': (o) => o > 0,
  '>=': (o) => o >= 0,
  '<': (o) => o < 0,
  '<=': (o) => o <= 0,
};

/** `task:group == g` holds when the instance runs at least one non-stopped task of group g. */
function compileTaskGroup(operator: BinaryOperator, values: Value[]): InstancePredicate {
  const groups = values.map((v) => v.text);
  const any = (i: number, f: QueryFacts): boolean => groups.some((g) => f.hasTaskInGroup(i, g));
  return operator === '==' || operator === 'in' ? any : (i, f) => !any(i, f);
}

/** Returns compare(actual) = sign of (actual − expected) in the subject's own ordering. */
function comparator(subject: Subject, expected: Value): (actual: string) => number {
  switch (subject.kind) {
    case 'agentVersion': {
      const want = expected.text;
      return (actual) => compareVersions(actual, want);
    }
    case 'registeredAt': {
      const want = parseTimestamp(expected.text);
      if (Number.isNaN(want)) throw new QueryError(`'${expected.text}' is not a registeredAt time (use 2018-06-18 or 2018-06-18T22:28:28Z)`, expected.position);
      return (actual) => Math.sign(parseTimestamp(actual) - want);
    }
    case 'runningTasksCount': {
      const want = Number(expected.text);
      if (!/^\d+$/.test(expected.text)) throw new QueryError(`'${expected.text}' is not a number`, expected.position);
      return (actual) => Math.sign(Number(actual) - want);
    }
    case 'attribute':
    case 'agentConnected':
    case 'ec2InstanceId':
    case 'taskGroup':
      return valueComparator(expected.text);
  }
}

/** compareValues(actual, expected) with the test of `expected` made once, not per instance. */
function valueComparator(expected: string): (actual: string) => number {
  if (!NUMBER.test(expected)) return (actual) => lexicalOrder(actual, expected);
  const want = Number(expected);
  return (actual) => (NUMBER.test(actual) ? Math.sign(Number(actual) - want) : lexicalOrder(actual, expected));
}

const NUMBER = /^-?\d+(\.\d+)?$/;

/** Q20: numeric when both sides are numbers, else lexical. compareValues('10', '9') = 1. */
export function compareValues(actual: string, expected: string): number {
  if (NUMBER.test(actual) && NUMBER.test(expected)) return Math.sign(Number(actual) - Number(expected));
  return lexicalOrder(actual, expected);
}

function lexicalOrder(actual: string, expected: string): number {
  return actual < expected ? -1 : actual > expected ? 1 : 0;
}

/** Dotted versions part by part: compareVersions('1.14.10', '1.14.5') = 1. */
export function compareVersions(actual: string, expected: string): number {
  const a = actual.replace(/^v/, '').split('.');
  const b = expected.replace(/^v/, '').split('.');
  for (let k = 0; k < Math.max(a.length, b.length); k += 1) {
    const order = compareValues(a[k] ?? '0', b[k] ?? '0');
    if (order !== 0) return order;
  }
  return 0;
}

/** The registeredAt formats of CQL; a time without a zone is UTC. NaN when unparseable. */
export function parseTimestamp(text: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return Date.parse(`${text}T00:00:00Z`);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text)) return Date.parse(`${text}Z`);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(text)) return Date.parse(text);
  return Number.NaN;
}

/** Q6: `=~` must match the whole value (Java's Pattern.matches). */
function fullMatch(value: Value): RegExp {
  try {
    return new RegExp(`^(?:${value.text})$`, 'u');
  } catch {
    throw new QueryError(`'${value.text}' is not a valid regular expression`, value.position);
  }
}
