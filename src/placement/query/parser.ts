// Recursive-descent parser for the cluster query language (ECS-SEMANTICS 3.3).
// Precedence (Q5): `not`/`!` binds tighter than `and`/`&&`, which binds tighter than
// `or`/`||`; keywords are lower-case and case-sensitive.
//   a == 1 or b == 2 and not c == 3   parses as   a == 1 or (b == 2 and (not c == 3))
import type { BinaryOperator, QueryNode, Subject, SubjectKind, UnaryOperator, Value } from './ast.ts';
import { tokenize, type Token } from './lexer.ts';
import { QueryError } from './query-error.ts';

const BINARY_OPERATORS: Readonly<Record<string, BinaryOperator>> = {
  '==': '==', equals: '==',
  '!=': '!=', not_equals: '!=',
  '>': '>', greater_than: '>',
  '>=': '>=', greater_than_equal: '>=',
  '<': '<', less_than: '<',
  '<=': '<=', less_than_equal: '<=',
  in: 'in',
  '!in': 'not_in', not_in: 'not_in',
  '=~': 'matches', matches: 'matches',
  '!~': 'not_matches', not_matches: 'not_matches',
};

const UNARY_OPERATORS: Readonly<Record<string, UnaryOperator>> = {
  exists: 'exists',
  '!exists': 'not_exists',
  not_exists: 'not_exists',
};

/** Operators each subject accepts (CQL's table; `[I]` rows of 3.3 for attribute and task:group). */
const ALLOWED: Readonly<Record<SubjectKind, readonly (BinaryOperator | UnaryOperator)[]>> = {
  agentConnected: ['==', '!=', 'in', 'not_in', 'matches', 'not_matches'],
  agentVersion: ['==', '!=', '>', '>=', '<', '<='],
  ec2InstanceId: ['==', '!=', 'in', 'not_in', 'matches', 'not_matches'],
  registeredAt: ['==', '!=', '>', '>=', '<', '<='],
  runningTasksCount: ['==', '!=', '>', '>=', '<', '<='],
  taskGroup: ['==', '!=', 'in', 'not_in'],
  attribute: ['==', '!=', '>', '>=', '<', '<=', 'in', 'not_in', 'matches', 'not_matches', 'exists', 'not_exists'],
};

export function parseQuery(expression: string): QueryNode {
  return new Parser(tokenize(expression)).parseExpression();
}

class Parser {
  private readonly tokens: Token[];
  private index = 0;

  constructor(tokens: Token[]) {
    this.tokens = tokens;
  }

  parseExpression(): QueryNode {
    if (this.peek().kind === 'end') throw new QueryError('empty expression', 0);
    const node = this.parseOr();
    const rest = this.peek();
    if (rest.kind !== 'end') throw new QueryError(`unexpected '${rest.text}', expected 'and', 'or' or the end`, rest.position);
    return node;
  }

  private parseOr(): QueryNode {
    let left = this.parseAnd();
    while (this.acceptAny('||', 'or')) left = { kind: 'or', left, right: this.parseAnd() };
    return left;
  }

  private parseAnd(): QueryNode {
    let left = this.parseNot();
    while (this.acceptAny('&&', 'and')) left = { kind: 'and', left, right: this.parseNot() };
    return left;
  }

  private parseNot(): QueryNode {
    if (this.acceptAny('!', 'not')) return { kind: 'not', operand: this.parseNot() };
    const open = this.peek();
    if (open.kind === 'symbol' && open.text === '(') {
      this.index += 1;
      const inner = this.parseOr();
      const close = this.peek();
      if (close.kind !== 'symbol' || close.text !== ')') throw new QueryError(`expected ')' to close '(' at position ${open.position}, found ${describe(close)}`, close.position);
      this.index += 1;
      return inner;
    }
    return this.parsePredicate();
  }

  private parsePredicate(): QueryNode {
    const subjectToken = this.next();
    if (subjectToken.kind !== 'word') throw new QueryError(`expected a subject (attribute:<name>, task:group, runningTasksCount, ...), found ${describe(subjectToken)}`, subjectToken.position);
    const subject = parseSubject(subjectToken);
    const operatorToken = this.next();
    const unary = UNARY_OPERATORS[operatorToken.text];
    const binary = BINARY_OPERATORS[operatorToken.text];
    if (operatorToken.kind === 'end' || operatorToken.kind === 'quoted' || (unary === undefined && binary === undefined)) {
      throw new QueryError(`expected an operator after '${subjectToken.text}', found ${describe(operatorToken)}`, operatorToken.position);
    }
    const operator = unary ?? (binary as BinaryOperator);
    if (!ALLOWED[subject.kind].includes(operator)) {
      throw new QueryError(`operator '${operatorToken.text}' is not supported for '${subjectToken.text}'`, operatorToken.position);
    }
    if (unary !== undefined) return { kind: 'unary', subject, operator: unary, position: subjectToken.position };
    const values = binary === 'in' || binary === 'not_in' ? this.parseValueList() : [this.parseValue()];
    return { kind: 'binary', subject, operator: binary as BinaryOperator, values, position: subjectToken.position };
  }

  /** `[v1, v2, ...]`, or a single value. */
  private parseValueList(): Value[] {
    const open = this.peek();
    if (open.kind !== 'symbol' || open.text !== '[') return [this.parseValue()];
    this.index += 1;
    const values = [this.parseValue()];
    for (;;) {
      const token = this.next();
      if (token.kind === 'symbol' && token.text === ']') return values;
      if (token.kind !== 'symbol' || token.text !== ',') throw new QueryError(`expected ',' or ']' in the value list, found ${describe(token)}`, token.position);
      values.push(this.parseValue());
    }
  }

  private parseValue(): Value {
    const token = this.next();
    if (token.kind === 'word' || token.kind === 'quoted') return { text: token.text, position: token.position };
    throw new QueryError(`expected a value, found ${describe(token)}`, token.position);
  }

  private acceptAny(symbol: string, keyword: string): boolean {
    const token = this.peek();
    if ((token.kind === 'symbol' && token.text === symbol) || (token.kind === 'word' && token.text === keyword)) {
      this.index += 1;
      return true;
    }
    return false;
  }

  private peek(): Token {
    return this.tokens[this.index] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (token.kind !== 'end') this.index += 1;
    return token;
  }
}

function parseSubject(token: Token): Subject {
  switch (token.text) {
    case 'agentConnected':
    case 'agentVersion':
    case 'ec2InstanceId':
    case 'registeredAt':
    case 'runningTasksCount':
      return { kind: token.text };
    case 'task:group':
      return { kind: 'taskGroup' };
  }
  if (token.text.startsWith('attribute:') && token.text.length > 'attribute:'.length) {
    return { kind: 'attribute', name: token.text.slice('attribute:'.length) };
  }
  throw new QueryError(`unknown subject '${token.text}'`, token.position);
}

function describe(token: Token): string {
  if (token.kind === 'end') return 'the end of the expression';
  return `'${token.text}'`;
}
