// Splits a cluster query expression into tokens, each remembering its offset.
// Symbols (`==`, `&&`, `(`, ...) are recognised at the start of a token; everything else up
// to whitespace or one of `,[]()` is a word, so values such as `t2.*`, `us-east-1a` or
// `2018-06-18T22:28:28+00:00` need no quotes. Quoted values use single quotes.
import { QueryError } from './query-error.ts';

export type TokenKind = 'word' | 'quoted' | 'symbol' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

const SYMBOLS = ['==', '!=', '>=', '<=', '=~', '!~', '&&', '||', '>', '<', '(', ')', '[', ']', ',', '!'] as const;
const WORD_STOP = /[\s,[\]()']/;

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < expression.length) {
    const char = expression[at] as string;
    if (/\s/.test(char)) {
      at += 1;
      continue;
    }
    if (char === "'") {
      const close = expression.indexOf("'", at + 1);
      if (close < 0) throw new QueryError('unterminated quoted value', at);
      tokens.push({ kind: 'quoted', text: expression.slice(at + 1, close), position: at });
      at = close + 1;
      continue;
    }
    // `!exists` and `!in` are operator words, not `!` followed by a word.
    const bangWord = /^!(exists|in)(?![^\s,[\]()'])/.exec(expression.slice(at));
    if (bangWord !== null) {
      tokens.push({ kind: 'word', text: bangWord[0], position: at });
      at += bangWord[0].length;
      continue;
    }
    const symbol = SYMBOLS.find((s) => expression.startsWith(s, at));
    if (symbol !== undefined) {
      tokens.push({ kind: 'symbol', text: symbol, position: at });
      at += symbol.length;
      continue;
    }
    let end = at;
    while (end < expression.length && !WORD_STOP.test(expression[end] as string)) end += 1;
    tokens.push({ kind: 'word', text: expression.slice(at, end), position: at });
    at = end;
  }
  tokens.push({ kind: 'end', text: '', position: expression.length });
  return tokens;
}
