/**
 * Turns a script into the source of a function that returns the script's completion value.
 *
 * QuickJS only yields a completion value (`amount * 2` as the last statement) when it evaluates
 * global code, which means parsing on every run: the embedding API cannot re-run compiled global
 * code. So the script is compiled once as the body of `function (execution, $c)` and, like
 * QuickJS's own eval does with its hidden `<ret>` slot, every expression statement that can
 * produce the completion value stores its value in `$c`, which the function returns:
 *
 *   `var a = 1\na * 2`  ->  `(function (execution, $c) {var a = 1\n$c=(a * 2)\n;return $c;})`
 *
 * Statements whose completion is "undefined unless their body produces a value" (if, loops,
 * switch, try, with) reset `$c` first, as the spec's UpdateEmpty(…, undefined) does, so
 * `1; if (false) {}` completes with undefined as in eval. Expression statements inside `finally`
 * are left alone (a finally block does not change the completion), and so are functions and
 * classes. Insertions never contain line breaks, so QuickJS reports the script's own line numbers.
 *
 * The global object is frozen (see bootstrapSource.ts), so sloppy implicit globals (`x = 5`,
 * `for (i = 0; ...)`) are declared as `var`s of the script function instead: they work within a
 * run and cannot outlive it.
 *
 * The host parses with acorn, at prepare time only. Since acorn accepted the source as a whole
 * program and insertions sit at statement and expression boundaries, the source cannot close the
 * wrapper function early.
 */
import { parse } from 'acorn';
import type { AnyNode, Node, Pattern, Program, Statement } from 'acorn';

/** The completion slot; a parameter so that every call starts with undefined. */
const SLOT = '$batonCompletion';
const RESET = `${SLOT}=void 0;`;

/** A syntax error in a script, positioned in the script's own source (1-based line and column). */
export class ScriptSyntaxError extends Error {
  constructor(reason: string, line: number, column?: number) {
    super(`${reason} at line ${line}${column === undefined ? '' : `, column ${column}`}`);
    this.name = 'ScriptSyntaxError';
  }
}

const RESETTING = new Set([
  'IfStatement',
  'SwitchStatement',
  'WithStatement',
  'WhileStatement',
  'DoWhileStatement',
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'TryStatement',
]);

/**
 * Parses `source` as a sloppy-mode script and returns the source of a function expression
 * `(execution) => completion value`. `globals` are the sandbox's global names, which assignments
 * may not shadow. Throws ScriptSyntaxError when the script does not parse.
 */
export function toScriptFunction(source: string, globals: ReadonlySet<string>): string {
  const program = parseScript(source);
  const insertions: { at: number; text: string; closing: boolean; seq: number }[] = [];
  const insert = (at: number, text: string, closing = false) =>
    insertions.push({ at, text, closing, seq: insertions.length });

  const visitList = (statements: readonly Node[]) => statements.forEach((s) => visit(s as Statement, true));
  const visit = (statement: Statement, inList: boolean): void => {
    // A label stays glued to its loop (`continue label` must still name a loop), so the reset
    // goes before the outermost label.
    let body: Statement = statement;
    while (body.type === 'LabeledStatement') body = body.body;
    if (RESETTING.has(body.type)) {
      if (inList) insert(statement.start, RESET);
      else {
        insert(statement.start, `{${RESET}`);
        insert(statement.end, '}', true);
      }
    }
    switch (body.type) {
      case 'ExpressionStatement':
        if (body.directive === undefined) {
          insert(body.expression.start, `${SLOT}=(`);
          insert(body.expression.end, ')', true);
        } else if (!isDirective(program.body[program.body.indexOf(body) + 1])) {
          // Wrapping a directive would end the prologue ('use strict' must stay a directive), so
          // the last directive's value is stored after the prologue instead.
          const literal = source.slice(body.expression.start, body.expression.end);
          insert(body.end, `;${SLOT}=${literal};`, true);
        }
        return;
      case 'BlockStatement':
        return visitList(body.body);
      case 'IfStatement':
        visit(body.consequent, false);
        if (body.alternate) visit(body.alternate, false);
        return;
      case 'WithStatement':
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        return visit(body.body, false);
      case 'SwitchStatement':
        return body.cases.forEach((c) => visitList(c.consequent));
      case 'TryStatement':
        visitList(body.block.body);
        if (body.handler) visitList(body.handler.body.body);
        return;
      default:
        return; // declarations, jumps, throw, empty, debugger: no completion value of their own
    }
  };
  visitList(program.body);

  // Same offset: closing text first (innermost first), then opening text (outermost first).
  insertions.sort(
    (a, b) =>
      a.at - b.at || Number(b.closing) - Number(a.closing) || (a.closing ? b.seq - a.seq : a.seq - b.seq),
  );
  let body = '';
  let from = 0;
  for (const { at, text } of insertions) {
    body += source.slice(from, at) + text;
    from = at;
  }
  body += source.slice(from);
  const locals = implicitGlobals(program, globals);
  const declare = locals.length > 0 ? `var ${locals.join(', ')};` : '';
  // The line break ends a trailing `//` comment; the function starts on line 1 of the script.
  return `(function (execution, ${SLOT}) {${declare}${body}\n;return ${SLOT};})`;
}

function parseScript(source: string): Program {
  try {
    return parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: false });
  } catch (error) {
    if (error instanceof RangeError) throw new ScriptSyntaxError('Script is nested too deeply', 1);
    if (!(error instanceof SyntaxError)) throw error;
    const loc = (error as SyntaxError & { loc?: { line: number; column: number } }).loc;
    // acorn appends " (line:column)" to its message; the position is reported our own way.
    const reason = error.message.replace(/ \(\d+:\d+\)$/, '');
    throw new ScriptSyntaxError(reason, loc?.line ?? 1, (loc?.column ?? 0) + 1);
  }
}

/**
 * Names the script assigns without declaring them at its top level. Declaring such a name as a
 * top-level `var` is harmless where an inner scope binds it anyway, and exactly right where the
 * assignment would otherwise create a global. Strict scripts keep their ReferenceErrors;
 * top-level let/const/class names must not be redeclared; built-in globals must not be shadowed.
 */
function implicitGlobals(program: Program, globals: ReadonlySet<string>): string[] {
  if (program.body.some(isUseStrict)) return [];
  const assigned = new Set<string>();
  const lexical = new Set<string>(['execution', 'arguments', SLOT]);
  for (const statement of program.body) {
    if (statement.type === 'ClassDeclaration') lexical.add(statement.id.name);
    if (statement.type === 'VariableDeclaration' && statement.kind !== 'var') {
      statement.declarations.forEach((d) => patternNames(d.id, lexical));
    }
  }
  walk(program, (node) => {
    if (node.type === 'AssignmentExpression') patternNames(node.left, assigned);
    else if (node.type === 'UpdateExpression' && node.argument.type === 'Identifier') {
      assigned.add(node.argument.name);
    } else if (
      (node.type === 'ForInStatement' || node.type === 'ForOfStatement') &&
      node.left.type !== 'VariableDeclaration'
    ) {
      patternNames(node.left, assigned);
    }
  });
  return [...assigned].filter((name) => !lexical.has(name) && !globals.has(name));
}

function isUseStrict(statement: Statement | Node): boolean {
  return (statement as { directive?: string }).directive === 'use strict';
}

function isDirective(statement: Statement | Node | undefined): boolean {
  return (statement as { directive?: string } | undefined)?.directive !== undefined;
}

function patternNames(pattern: Pattern | Node, into: Set<string>): void {
  const node = pattern as Pattern;
  switch (node.type) {
    case 'Identifier':
      into.add(node.name);
      return;
    case 'ObjectPattern':
      return node.properties.forEach((p) => patternNames(p.type === 'RestElement' ? p : p.value, into));
    case 'ArrayPattern':
      return node.elements.forEach((e) => e && patternNames(e, into));
    case 'RestElement':
      return patternNames(node.argument, into);
    case 'AssignmentPattern':
      return patternNames(node.left, into);
    default:
      return; // member expressions assign properties, not variables
  }
}

/** Visits every node of the tree (acorn nodes are plain objects with a string `type`). */
function walk(node: Node, visitor: (node: AnyNode) => void): void {
  visitor(node as AnyNode);
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, visitor);
    } else if (isNode(value)) walk(value, visitor);
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && typeof (value as Node).type === 'string';
}
