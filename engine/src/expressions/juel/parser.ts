/**
 * Recursive-descent parser for the body of one `${...}`, following the EL operator precedence
 * (lowest first): `?:`, `|| or`, `&& and`, `== != eq ne`, `< > <= >= lt gt le ge`, `+ -`,
 * `* / div % mod`, unary `- ! not empty`, then member access, indexing and calls.
 */
import type { BinaryOperator, CallNode, IdentifierNode, JuelNode, MemberNode } from './ast.ts';
import { juelSyntaxError } from './errors.ts';
import { tokenize } from './lexer.ts';
import type { Token } from './lexer.ts';

/** Word operators and their symbolic form. */
const WORD_OPERATORS = new Map<string, BinaryOperator>([
  ['and', '&&'],
  ['or', '||'],
  ['eq', '=='],
  ['ne', '!='],
  ['lt', '<'],
  ['gt', '>'],
  ['le', '<='],
  ['ge', '>='],
  ['div', '/'],
  ['mod', '%'],
]);

/** Binary operator levels, lowest precedence first. */
const LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['||'],
  ['&&'],
  ['==', '!='],
  ['<', '>', '<=', '>='],
  ['+', '-'],
  ['*', '/', '%'],
];

/** Words the EL reserves that the subset does not implement. */
const RESERVED = new Set(['instanceof', 'function']);

/** Parses the expression starting at `start` (just after `${` at `open`); returns it and the offset after `}`. */
export function parseExpressionBody(
  source: string,
  start: number,
  open: number,
): { node: JuelNode; end: number } {
  const parser = new Parser(source, tokenize(source, start, open));
  const node = parser.parseTernary();
  const closing = parser.peek();
  if (closing.kind !== 'end') throw parser.unexpected(closing);
  return { node, end: closing.pos + 1 };
}

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  peek(): Token {
    return this.tokens[this.index];
  }

  unexpected(token: Token): Error {
    if (token.kind === 'end')
      return juelSyntaxError(this.source, token.pos, "unexpected '}', expression incomplete");
    if (token.kind === 'identifier' && RESERVED.has(token.value as string)) {
      return juelSyntaxError(this.source, token.pos, `'${token.value}' is not supported`);
    }
    const text = this.source.slice(token.pos, Math.min(token.end, token.pos + 20));
    return juelSyntaxError(this.source, token.pos, `unexpected '${text}'`);
  }

  /** The binary operator the current token stands for, if any (word forms included). */
  private binaryOperator(token: Token): BinaryOperator | undefined {
    if (token.kind === 'operator') return token.value as BinaryOperator;
    if (token.kind === 'identifier') return WORD_OPERATORS.get(token.value as string);
    return undefined;
  }

  private isOperator(value: string): boolean {
    const token = this.peek();
    return token.kind === 'operator' && token.value === value;
  }

  private expect(value: string): Token {
    const token = this.peek();
    if (token.kind !== 'operator' || token.value !== value) {
      if (token.kind === 'end')
        throw juelSyntaxError(this.source, token.pos, `expected '${value}' before '}'`);
      throw this.unexpected(token);
    }
    this.index++;
    return token;
  }

  parseTernary(): JuelNode {
    const test = this.parseBinary(0);
    if (!this.isOperator('?')) return test;
    this.index++;
    const consequent = this.parseTernary();
    this.expect(':');
    const alternate = this.parseTernary();
    return { type: 'conditional', test, consequent, alternate, pos: test.pos };
  }

  private parseBinary(level: number): JuelNode {
    if (level === LEVELS.length) return this.parseUnary();
    let left = this.parseBinary(level + 1);
    for (;;) {
      const operator = this.binaryOperator(this.peek());
      if (operator === undefined || !LEVELS[level].includes(operator)) return left;
      this.index++;
      const right = this.parseBinary(level + 1);
      left = { type: 'binary', operator, left, right, pos: left.pos };
    }
  }

  private parseUnary(): JuelNode {
    const token = this.peek();
    const value = token.value;
    const symbol = token.kind === 'operator' && (value === '-' || value === '!');
    const word = token.kind === 'identifier' && (value === 'not' || value === 'empty');
    if (symbol || word) {
      this.index++;
      const operand = this.parseUnary();
      const operator = value === '-' ? '-' : value === 'empty' ? 'empty' : '!';
      return { type: 'unary', operator, operand, pos: token.pos };
    }
    return this.parseValue();
  }

  /** A primary followed by any number of `.name`, `[index]` and `(args)` suffixes. */
  private parseValue(): JuelNode {
    let node = this.parsePrimary();
    for (;;) {
      const token = this.peek();
      if (token.kind !== 'operator') return node;
      if (token.value === '.') {
        this.index++;
        const name = this.peek();
        if (name.kind !== 'identifier')
          throw juelSyntaxError(this.source, name.pos, "expected a property name after '.'");
        this.index++;
        node = { type: 'member', object: node, name: name.value as string, pos: node.pos };
      } else if (token.value === '[') {
        this.index++;
        const index = this.parseTernary();
        this.expect(']');
        node = { type: 'member', object: node, index, pos: node.pos };
      } else if (token.value === '(') {
        node = this.parseCall(node, token);
      } else {
        return node;
      }
    }
  }

  private parseCall(callee: JuelNode, open: Token): CallNode {
    if (callee.type !== 'identifier' && callee.type !== 'member') {
      throw juelSyntaxError(this.source, open.pos, "only functions and methods can be called with '(...)'");
    }
    this.index++;
    const args: JuelNode[] = [];
    if (!this.isOperator(')')) {
      args.push(this.parseTernary());
      while (this.isOperator(',')) {
        this.index++;
        args.push(this.parseTernary());
      }
    }
    this.expect(')');
    return { type: 'call', callee: callee as IdentifierNode | MemberNode, args, pos: callee.pos };
  }

  private parsePrimary(): JuelNode {
    const token = this.peek();
    const pos = token.pos;
    if (token.kind === 'number' || token.kind === 'string') {
      this.index++;
      return { type: 'literal', value: token.value, pos };
    }
    if (token.kind === 'identifier') {
      const name = token.value as string;
      if (WORD_OPERATORS.has(name) || RESERVED.has(name) || name === 'not' || name === 'empty') {
        throw this.unexpected(token);
      }
      this.index++;
      if (name === 'true' || name === 'false') return { type: 'literal', value: name === 'true', pos };
      if (name === 'null') return { type: 'literal', value: null, pos };
      return { type: 'identifier', name, pos };
    }
    if (this.isOperator('(')) {
      this.index++;
      const inner = this.parseTernary();
      this.expect(')');
      return inner;
    }
    throw this.unexpected(token);
  }
}
