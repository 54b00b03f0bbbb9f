/**
 * The handful of Java methods Camunda 7 models call on variables (`${name.startsWith('A')}`,
 * `${items.size() > 0}`, `${order.containsKey('id')}`), implemented on the JSON value kinds. This is
 * an explicit allow-list: JS prototype methods are never reachable from an expression.
 */
import { deepEquals, toNumber, toText, typeName } from './coercion.ts';
import { juelEvalError } from './errors.ts';

interface JavaMethod<T> {
  /** Smallest and largest accepted argument count. */
  arity: readonly [number, number];
  call(target: T, args: unknown[], source: string): unknown;
}

/** Returned when no method of that name exists for the value's kind. */
export const NO_METHOD: unique symbol = Symbol('no such method');

const STRING_METHODS = new Map<string, JavaMethod<string>>([
  ['length', { arity: [0, 0], call: (s) => s.length }],
  ['isEmpty', { arity: [0, 0], call: (s) => s.length === 0 }],
  ['equals', { arity: [1, 1], call: (s, [other]) => s === other }],
  [
    'equalsIgnoreCase',
    {
      arity: [1, 1],
      call: (s, [other]) => typeof other === 'string' && s.toLowerCase() === other.toLowerCase(),
    },
  ],
  ['contains', { arity: [1, 1], call: (s, [part], source) => s.includes(toText(part, source)) }],
  ['startsWith', { arity: [1, 1], call: (s, [part], source) => s.startsWith(toText(part, source)) }],
  ['endsWith', { arity: [1, 1], call: (s, [part], source) => s.endsWith(toText(part, source)) }],
  ['indexOf', { arity: [1, 1], call: (s, [part], source) => s.indexOf(toText(part, source)) }],
  ['toUpperCase', { arity: [0, 0], call: (s) => s.toUpperCase() }],
  ['toLowerCase', { arity: [0, 0], call: (s) => s.toLowerCase() }],
  ['trim', { arity: [0, 0], call: (s) => s.trim() }],
  ['toString', { arity: [0, 0], call: (s) => s }],
  ['substring', { arity: [1, 2], call: substring }],
]);

const LIST_METHODS = new Map<string, JavaMethod<unknown[]>>([
  ['size', { arity: [0, 0], call: (list) => list.length }],
  ['isEmpty', { arity: [0, 0], call: (list) => list.length === 0 }],
  ['contains', { arity: [1, 1], call: (list, [item]) => list.some((entry) => deepEquals(entry, item)) }],
  ['indexOf', { arity: [1, 1], call: (list, [item]) => list.findIndex((entry) => deepEquals(entry, item)) }],
  ['get', { arity: [1, 1], call: listGet }],
]);

const MAP_METHODS = new Map<string, JavaMethod<Record<string, unknown>>>([
  ['get', { arity: [1, 1], call: (map, [key], source) => ownValue(map, toText(key, source)) }],
  ['containsKey', { arity: [1, 1], call: (map, [key], source) => Object.hasOwn(map, toText(key, source)) }],
  ['size', { arity: [0, 0], call: (map) => Object.keys(map).length }],
  ['isEmpty', { arity: [0, 0], call: (map) => Object.keys(map).length === 0 }],
  ['keySet', { arity: [0, 0], call: (map) => Object.keys(map) }],
]);

function ownValue(map: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(map, key) ? (map[key] ?? null) : null;
}

function substring(s: string, args: unknown[], source: string): string {
  const begin = toNumber(args[0], source);
  const end = args.length > 1 ? toNumber(args[1], source) : s.length;
  // Java throws instead of clamping like JS does; a silently shortened string would hide the bug.
  if (begin < 0 || end > s.length || begin > end) {
    throw juelEvalError(
      source,
      `substring(${begin}, ${end}) is out of range for a string of length ${s.length}`,
    );
  }
  return s.substring(begin, end);
}

function listGet(list: unknown[], args: unknown[], source: string): unknown {
  const index = Math.trunc(toNumber(args[0], source));
  if (index < 0 || index >= list.length) {
    throw juelEvalError(source, `get(${index}) is out of range for a list of size ${list.length}`);
  }
  return list[index] ?? null;
}

/** Calls `name` from the allow-list for `target`'s kind, or returns NO_METHOD. */
export function callJavaMethod(
  target: unknown,
  name: string,
  args: unknown[],
  source: string,
): unknown | typeof NO_METHOD {
  let method: JavaMethod<never> | undefined;
  if (typeof target === 'string') method = STRING_METHODS.get(name);
  else if (Array.isArray(target)) method = LIST_METHODS.get(name);
  else if (typeof target === 'object' && target !== null && isPlainObject(target))
    method = MAP_METHODS.get(name);
  if (method === undefined) return NO_METHOD;
  const [min, max] = method.arity;
  if (args.length < min || args.length > max) {
    const expected = min === max ? `${min}` : `${min} to ${max}`;
    throw juelEvalError(
      source,
      `method '${name}' on a ${typeName(target)} takes ${expected} argument(s), got ${args.length}`,
    );
  }
  return method.call(target as never, args, source);
}

/** JSON data (map semantics) as opposed to host objects (bean semantics). */
export function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
