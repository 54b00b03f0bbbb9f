/**
 * Property access, indexing and calls: the security boundary of the expression language. An
 * expression only ever sees own properties of the values the scope hands out, plus the Java
 * method allow-list; it can never walk into a JS prototype (`constructor`, `__proto__`,
 * `prototype`, ...) and so can never reach `Function` or mutate shared prototypes.
 */
import { BatonError } from '../../protocol/errors.ts';
import type { JuelNode } from './ast.ts';
import { toNumber, toText, typeName } from './coercion.ts';
import { juelEvalError } from './errors.ts';
import { NO_METHOD, callJavaMethod, isPlainObject } from './javaMethods.ts';

/** Names that lead into prototypes or let an expression redefine properties on them. */
const FORBIDDEN = new Set([
  'constructor',
  'prototype',
  '__proto__',
  '__defineGetter__',
  '__defineSetter__',
  '__lookupGetter__',
  '__lookupSetter__',
]);

/** Throws when `name` is one of the prototype-reaching names. */
export function assertAllowedName(name: string, source: string): void {
  if (FORBIDDEN.has(name)) {
    throw juelEvalError(source, `access to '${name}' is not allowed in expressions`);
  }
}

/** `a.b.c` for error messages; anything more complex is summarised. */
export function describe(node: JuelNode): string {
  switch (node.type) {
    case 'identifier':
      return node.name;
    case 'member':
      return node.name !== undefined
        ? `${describe(node.object)}.${node.name}`
        : `${describe(node.object)}[...]`;
    case 'call':
      return `${describe(node.callee)}(...)`;
    case 'literal':
      return JSON.stringify(node.value);
    default:
      return 'the value';
  }
}

/**
 * `object.key` / `object[key]`. Lists take integer indexes (out of range reads null, as EL's
 * ListELResolver does); plain objects behave like Java maps (a missing key reads null); host objects
 * behave like beans (a missing property is an error).
 */
export function getMember(object: unknown, key: unknown, objectNode: JuelNode, source: string): unknown {
  if (key === null || key === undefined) return null;
  if (typeof key === 'string') assertAllowedName(key, source);
  if (object === null || object === undefined) {
    throw juelEvalError(
      source,
      `cannot read property '${toText(key, source)}' because '${describe(objectNode)}' is null`,
    );
  }
  if (Array.isArray(object)) {
    if (typeof key !== 'number' && (typeof key !== 'string' || Number.isNaN(Number(key)))) {
      throw juelEvalError(source, `cannot read property '${toText(key, source)}' of a list, use an index`);
    }
    const value: unknown = object[Math.trunc(toNumber(key, source))];
    return value === undefined ? null : value;
  }
  const name = typeof key === 'string' ? key : toText(key, source);
  if (typeof object !== 'object') {
    throw juelEvalError(
      source,
      `cannot read property '${name}' of ${typeName(object)} '${describe(objectNode)}'`,
    );
  }
  if (typeof key !== 'string') assertAllowedName(name, source);
  if (Object.hasOwn(object, name)) {
    const value: unknown = (object as Record<string, unknown>)[name];
    return value === undefined ? null : value;
  }
  if (isPlainObject(object)) return null;
  throw juelEvalError(source, `'${describe(objectNode)}' has no property '${name}'`);
}

/** `target.name(args)`: an own function of the target, else the Java allow-list. */
export function callMethod(
  target: unknown,
  name: string,
  args: unknown[],
  targetNode: JuelNode,
  source: string,
): unknown {
  assertAllowedName(name, source);
  if (target === null || target === undefined) {
    throw juelEvalError(source, `cannot call method '${name}' because '${describe(targetNode)}' is null`);
  }
  if (typeof target === 'object' && Object.hasOwn(target, name)) {
    const method: unknown = (target as Record<string, unknown>)[name];
    if (typeof method === 'function') return invoke(method as HostFunction, target, name, args, source);
  }
  const result = callJavaMethod(target, name, args, source);
  if (result === NO_METHOD) {
    throw juelEvalError(
      source,
      `method '${name}' not found on ${typeName(target)} '${describe(targetNode)}'`,
    );
  }
  return result;
}

/** `f(args)` where `f` resolved through the scope to a host-provided function. */
export function callFunction(fn: unknown, name: string, args: unknown[], source: string): unknown {
  if (typeof fn !== 'function') throw juelEvalError(source, `'${name}' is ${typeName(fn)}, not a function`);
  return invoke(fn as HostFunction, undefined, name, args, source);
}

/** A function the host put into the scope; called with the evaluated arguments as they are. */
type HostFunction = (...args: unknown[]) => unknown;

function invoke(fn: HostFunction, self: unknown, name: string, args: unknown[], source: string): unknown {
  let result: unknown;
  try {
    result = fn.apply(self, args);
  } catch (error) {
    if (error instanceof BatonError) throw error;
    throw juelEvalError(
      source,
      `'${name}' failed: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  return result === undefined ? null : result;
}
