/**
 * The parsed form of a JUEL expression: plain objects only, so a parsed template can be cached,
 * logged or stored as JSON. Every node carries `pos`, the 0-based offset of its first character in
 * the whole source text, so evaluation errors can point at the sub-expression that failed.
 */

/** Binary operators after normalising the word forms (`and` -> `&&`, `div` -> `/`, `lt` -> `<` ...). */
export type BinaryOperator =
  '*' | '/' | '%' | '+' | '-' | '<' | '>' | '<=' | '>=' | '==' | '!=' | '&&' | '||';

/** Unary operators; `not` is normalised to `!`. */
export type UnaryOperator = '!' | '-' | 'empty';

export interface LiteralNode {
  type: 'literal';
  value: string | number | boolean | null;
  pos: number;
}

/** A bare name, resolved through the variable scope (then `execution` / `environment`). */
export interface IdentifierNode {
  type: 'identifier';
  name: string;
  pos: number;
}

/** `object.name` (static name) or `object[index]` (computed). */
export interface MemberNode {
  type: 'member';
  object: JuelNode;
  /** The static name for `a.b`; absent for `a[expr]`. */
  name?: string;
  /** The computed key for `a[expr]`. */
  index?: JuelNode;
  pos: number;
}

/** `f(args)` on a resolved function value, or `object.method(args)` when `callee` is a member node. */
export interface CallNode {
  type: 'call';
  callee: IdentifierNode | MemberNode;
  args: JuelNode[];
  pos: number;
}

export interface UnaryNode {
  type: 'unary';
  operator: UnaryOperator;
  operand: JuelNode;
  pos: number;
}

export interface BinaryNode {
  type: 'binary';
  operator: BinaryOperator;
  left: JuelNode;
  right: JuelNode;
  pos: number;
}

/** `test ? consequent : alternate`. */
export interface ConditionalNode {
  type: 'conditional';
  test: JuelNode;
  consequent: JuelNode;
  alternate: JuelNode;
  pos: number;
}

export type JuelNode =
  LiteralNode | IdentifierNode | MemberNode | CallNode | UnaryNode | BinaryNode | ConditionalNode;

/**
 * A whole JUEL source text.
 * - `expression`: exactly one `${...}` or `#{...}` (surrounding whitespace ignored); evaluates to the raw value.
 * - `composite`: text mixed with expressions; evaluates to the concatenation as a string.
 * - `text`: no expression at all (only escaped `\${`); evaluates to the text.
 */
export type JuelTemplate =
  | { kind: 'expression'; deferred: boolean; body: JuelNode }
  | { kind: 'composite'; deferred: boolean; parts: (string | JuelNode)[] }
  | { kind: 'text'; text: string };
