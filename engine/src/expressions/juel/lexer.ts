/**
 * Tokenizer for the body of one `${...}` / `#{...}`. It starts right after the opening brace and
 * stops at the first `}` outside a string literal (the subset has no map/set literals, so braces
 * never nest). Operators that exist in EL 3.0 but not in the subset (`=`, `;`, `+=`, `->`, `{`) are
 * reported here, where the exact position is known.
 */
import { juelSyntaxError } from './errors.ts';

export type TokenKind = 'number' | 'string' | 'identifier' | 'operator' | 'end';

export interface Token {
  kind: TokenKind;
  /** Operator text, identifier name, unescaped string content or numeric value. */
  value: string | number;
  /** 0-based offset of the token's first character in the whole source. */
  pos: number;
  /** Offset just after the token's last character. */
  end: number;
}

const TWO_CHAR_OPERATORS = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR_OPERATORS = new Set([
  '.',
  '[',
  ']',
  '(',
  ')',
  ',',
  '?',
  ':',
  '+',
  '-',
  '*',
  '/',
  '%',
  '!',
  '<',
  '>',
]);

/** Constructs outside the subset, with the sentence that explains them. */
const UNSUPPORTED: Record<string, string> = {
  '+=': "the string concatenation operator '+=' is not supported (write text around ${...} instead)",
  '->': 'lambda expressions are not supported',
  '=': "assignment '=' is not supported (use '==' or 'eq' to compare)",
  ';': "';' (sequences of expressions) is not supported",
  '{': 'set and map literals are not supported',
  '&': "unexpected '&' (use '&&' or 'and')",
  '|': "unexpected '|' (use '||' or 'or')",
};

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function isIdentifierStart(ch: string): boolean {
  const code = ch.charCodeAt(0);
  if ((code >= 65 && code <= 90) || (code >= 97 && code <= 122) || ch === '_' || ch === '$') return true;
  return code > 127 && /\p{L}/u.test(ch);
}

function isIdentifierPart(ch: string): boolean {
  return isIdentifierStart(ch) || isDigit(ch.charCodeAt(0));
}

/**
 * Tokenizes `source` from `start` up to and including the closing `}` (an `end` token).
 * `open` is the offset of the `${` / `#{`, named when the closing brace is missing.
 */
export function tokenize(source: string, start: number, open: number): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < source.length) {
    const ch = source[i];
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
      i++;
    } else if (ch === '}') {
      tokens.push({ kind: 'end', value: '}', pos: i, end: i + 1 });
      return tokens;
    } else if (ch === "'" || ch === '"') {
      i = readString(source, i, tokens);
    } else if (isDigit(source.charCodeAt(i)) || (ch === '.' && isDigit(source.charCodeAt(i + 1)))) {
      i = readNumber(source, i, tokens);
    } else if (isIdentifierStart(ch)) {
      let end = i + 1;
      while (end < source.length && isIdentifierPart(source[end])) end++;
      tokens.push({ kind: 'identifier', value: source.slice(i, end), pos: i, end });
      i = end;
    } else {
      i = readOperator(source, i, tokens);
    }
  }
  throw juelSyntaxError(source, open, `missing '}' to close '${source.slice(open, open + 2)}'`);
}

function readOperator(source: string, i: number, tokens: Token[]): number {
  const two = source.slice(i, i + 2);
  if (TWO_CHAR_OPERATORS.has(two)) {
    tokens.push({ kind: 'operator', value: two, pos: i, end: i + 2 });
    return i + 2;
  }
  const unsupported = UNSUPPORTED[two] ?? UNSUPPORTED[source[i]];
  if (unsupported !== undefined) throw juelSyntaxError(source, i, unsupported);
  if (ONE_CHAR_OPERATORS.has(source[i])) {
    tokens.push({ kind: 'operator', value: source[i], pos: i, end: i + 1 });
    return i + 1;
  }
  throw juelSyntaxError(source, i, `unexpected character '${source[i]}'`);
}

/** EL string literals: only `\'`, `\"` and `\\` are escapes; any other backslash is kept as is. */
function readString(source: string, start: number, tokens: Token[]): number {
  const quote = source[start];
  let value = '';
  let i = start + 1;
  while (i < source.length) {
    const ch = source[i];
    if (ch === quote) {
      tokens.push({ kind: 'string', value, pos: start, end: i + 1 });
      return i + 1;
    }
    const next = source[i + 1];
    if (ch === '\\' && (next === "'" || next === '"' || next === '\\')) {
      value += next;
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  throw juelSyntaxError(source, start, 'unterminated string literal');
}

/** Integers `42`, decimals `1.5` / `.5` / `1.`, exponents `1e3`. */
function readNumber(source: string, start: number, tokens: Token[]): number {
  let i = start;
  while (isDigit(source.charCodeAt(i))) i++;
  if (source[i] === '.' && !isIdentifierStart(source[i + 1] ?? ' ')) {
    i++;
    while (isDigit(source.charCodeAt(i))) i++;
  }
  if (source[i] === 'e' || source[i] === 'E') {
    let j = i + 1;
    if (source[j] === '+' || source[j] === '-') j++;
    if (isDigit(source.charCodeAt(j))) {
      i = j;
      while (isDigit(source.charCodeAt(i))) i++;
    }
  }
  if (i < source.length && isIdentifierPart(source[i])) {
    throw juelSyntaxError(source, start, `invalid number '${source.slice(start, i + 1)}'`);
  }
  tokens.push({ kind: 'number', value: Number(source.slice(start, i)), pos: start, end: i });
  return i;
}
