/**
 * Tree-walking evaluator for parsed JUEL templates. It runs ~100k times per second on sequence-flow
 * conditions, so it passes scope and source as arguments instead of allocating a context object,
 * and does nothing per evaluation that depends on the size of the source text.
 */
import type { VariableScope } from '../types.ts';
import type { BinaryNode, CallNode, JuelNode, JuelTemplate, UnaryNode } from './ast.ts';
import { assertAllowedName, callFunction, callMethod, getMember } from './access.ts';
import { arithmetic, compare, isEmpty, looseEquals, toBoolean, toNumber, toText } from './coercion.ts';
import { unknownIdentifierError } from './errors.ts';
import { createEnvironment, createExecution } from './specials.ts';

/** Evaluates a parsed template; `source` is the original text, named in error messages. */
export function evaluateTemplate(template: JuelTemplate, scope: VariableScope, source: string): unknown {
  if (template.kind === 'expression') {
    const value = evaluateNode(template.body, scope, source);
    return value === undefined ? null : value;
  }
  if (template.kind === 'text') return template.text;
  let text = '';
  for (const part of template.parts) {
    text += typeof part === 'string' ? part : toText(evaluateNode(part, scope, source), source);
  }
  return text;
}

function evaluateNode(node: JuelNode, scope: VariableScope, source: string): unknown {
  switch (node.type) {
    case 'literal':
      return node.value;
    case 'identifier':
      return resolveIdentifier(node.name, scope, source);
    case 'binary':
      return evaluateBinary(node, scope, source);
    case 'member': {
      const object = evaluateNode(node.object, scope, source);
      const key = node.name !== undefined ? node.name : evaluateNode(node.index!, scope, source);
      return getMember(object, key, node.object, source);
    }
    case 'unary':
      return evaluateUnary(node, scope, source);
    case 'conditional':
      return toBoolean(evaluateNode(node.test, scope, source), source)
        ? evaluateNode(node.consequent, scope, source)
        : evaluateNode(node.alternate, scope, source);
    case 'call':
      return evaluateCall(node, scope, source);
  }
}

/**
 * Variables first; `execution` and `environment` only when no variable has that name; anything else
 * is Camunda 7's "Unknown property" error. A value identical to an Object.prototype member is not a
 * variable but a scope implementation that looked names up with `in`, so it is ignored.
 */
function resolveIdentifier(name: string, scope: VariableScope, source: string): unknown {
  const value = scope.get(name);
  if (value !== undefined) {
    if (!leaksPrototype(name, value)) return value;
  } else if (scope.has(name)) {
    return null;
  }
  assertAllowedName(name, source);
  if (name === 'execution') return createExecution(scope);
  if (name === 'environment') return createEnvironment(scope);
  throw unknownIdentifierError(source, name);
}

function leaksPrototype(name: string, value: unknown): boolean {
  if (typeof value !== 'function' && (typeof value !== 'object' || value === null)) return false;
  return value === Object.prototype || (Object.prototype as Record<string, unknown>)[name] === value;
}

function evaluateUnary(node: UnaryNode, scope: VariableScope, source: string): unknown {
  const value = evaluateNode(node.operand, scope, source);
  switch (node.operator) {
    case '!':
      return !toBoolean(value, source);
    case '-':
      // 0 - x rather than -x: `-null` is 0, not -0.
      return 0 - toNumber(value, source);
    default:
      return isEmpty(value);
  }
}

function evaluateBinary(node: BinaryNode, scope: VariableScope, source: string): unknown {
  const operator = node.operator;
  const left = evaluateNode(node.left, scope, source);
  // Short-circuit: the right operand is not evaluated (and cannot fail) when the left decides.
  if (operator === '&&')
    return toBoolean(left, source) && toBoolean(evaluateNode(node.right, scope, source), source);
  if (operator === '||')
    return toBoolean(left, source) || toBoolean(evaluateNode(node.right, scope, source), source);
  const right = evaluateNode(node.right, scope, source);
  switch (operator) {
    case '==':
      return looseEquals(left, right, source);
    case '!=':
      return !looseEquals(left, right, source);
    case '<':
    case '>':
    case '<=':
    case '>=':
      return compare(operator, left, right, source);
    default:
      return arithmetic(operator, left, right, source);
  }
}

function evaluateCall(node: CallNode, scope: VariableScope, source: string): unknown {
  const callee = node.callee;
  // EL order: the callee (and its target) before the arguments, left to right.
  if (callee.type === 'identifier') {
    const fn = resolveIdentifier(callee.name, scope, source);
    return callFunction(fn, callee.name, evaluateArgs(node, scope, source), source);
  }
  const target = evaluateNode(callee.object, scope, source);
  const key = callee.name !== undefined ? callee.name : evaluateNode(callee.index!, scope, source);
  return callMethod(target, toText(key, source), evaluateArgs(node, scope, source), callee.object, source);
}

function evaluateArgs(node: CallNode, scope: VariableScope, source: string): unknown[] {
  const args = new Array<unknown>(node.args.length);
  for (let i = 0; i < args.length; i++) args[i] = evaluateNode(node.args[i], scope, source);
  return args;
}
