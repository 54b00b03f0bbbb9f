/**
 * The JavaScript that sets up a fresh QuickJS context once, before any script runs. It is the
 * sandbox's security and isolation policy, so it lives in one place:
 *
 * - `execution` is a frozen object whose methods call three host functions (get, getAll, info).
 *   Values cross the boundary as JSON text. Writes are buffered inside the sandbox and handed to
 *   the host when the script completes, so a failing script changes no variables (like the
 *   rolled-back transaction of a failed Camunda script task) and a write costs no host call.
 *   A missing variable reads as null (as in Camunda). Stored values follow JSON.stringify (dates
 *   become ISO strings, NaN null, nested undefined/functions vanish), except at the top level:
 *   undefined is stored as null, but a function or symbol is a TypeError, so the script fails
 *   instead of silently storing nothing. BigInts and cycles fail in JSON.stringify itself.
 * - Nothing may carry state from one run to the next, because every run shares this context:
 *   every built-in reachable from the global object (plus the prototypes only syntax reaches) is
 *   deep-frozen, and so is the global object itself. Sloppy implicit globals (`x = 5`) keep
 *   working because the transform declares them as script-local `var`s; `globalThis.y = 1`
 *   silently does nothing (throws in strict mode).
 * - `eval` is replaced by a function that throws: indirect eval (`(0, eval)('let q = 1')`) would
 *   declare global lexical bindings, which no freeze can prevent. `FinalizationRegistry` is
 *   removed: its callbacks would run during a later run, with that run's `execution`.
 * - Freezing makes assigning an inherited built-in property fail (`err.name = 'X'` when `name`
 *   comes from Error.prototype, the "override mistake"). For the properties ordinary code does
 *   assign that way, the data property becomes a getter/setter pair whose setter defines an own
 *   property on the receiver.
 */

/**
 * A function expression `(hostGet, hostGetAll, hostInfo) => api`. The host functions return JSON
 * text (or undefined for a missing variable) and the info strings. `api.run(fn, wantResult)` runs a
 * compiled script and returns `[completion, writes]` as JSON text, `api.finish()` returns the
 * writes made since (by promise jobs), `api.freeze(fn)` freezes a compiled script function.
 */
export const BOOTSTRAP_SOURCE = String.raw`(function (hostGet, hostGetAll, hostInfo) {
  'use strict';
  var G = globalThis, O = Object, stringify = JSON.stringify, parse = JSON.parse;
  var defineProperty = O.defineProperty, getDescriptor = O.getOwnPropertyDescriptor;
  var getPrototypeOf = O.getPrototypeOf, ownKeys = Reflect.ownKeys, freeze = O.freeze;

  delete G.FinalizationRegistry;
  // BpmnError(code, message): thrown by a script, it is routed like a worker's BPMN error.
  class BpmnError extends Error {
    constructor(code, message) {
      super(message === undefined ? String(code) : String(message));
      this.name = 'BpmnError';
      defineProperty(this, 'errorCode', { value: String(code), enumerable: true });
    }
  }
  defineProperty(G, 'BpmnError', { value: BpmnError, writable: false, configurable: false });
  defineProperty(G, 'eval', { value: function () {
    throw new EvalError('eval is not available in scripts');
  }, writable: true, configurable: true });

  function allowOverride(proto, key) {
    var desc = getDescriptor(proto, key);
    if (!desc || !('value' in desc)) return;
    var value = desc.value;
    defineProperty(proto, key, {
      get: function () { return value; },
      set: function (v) {
        if (this === proto) throw new TypeError('Cannot change built-in property ' + String(key));
        defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: desc.enumerable, configurable: false,
    });
  }
  ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty'].forEach(function (key) {
    allowOverride(O.prototype, key);
  });
  [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, InternalError,
    AggregateError].forEach(function (E) {
    ['constructor', 'name', 'message', 'toString'].forEach(function (key) { allowOverride(E.prototype, key); });
  });

  var writes = [], pending = new Map();
  function toJson(value, what, strict) {
    var type = typeof value;
    if (type === 'function' || type === 'symbol') {
      if (!strict) return 'null';
      throw new TypeError(what + ': a ' + type + ' cannot be stored as a variable');
    }
    if (value === undefined) return 'null';
    var json = stringify(value);
    return json === undefined ? 'null' : json;
  }
  function set(local, name, value) {
    name = String(name);
    var json = toJson(value, 'execution.' + (local ? 'setVariableLocal' : 'setVariable') + "('" + name + "')", true);
    pending.set(name, json);
    writes.push('[' + local + ',' + stringify(name) + ',' + json + ']');
  }
  var execution = {
    getVariable: function getVariable(name) {
      name = String(name);
      var json = pending.has(name) ? pending.get(name) : hostGet(name);
      return json === undefined ? null : parse(json);
    },
    getVariables: function getVariables() {
      var all = parse(hostGetAll());
      pending.forEach(function (json, name) {
        defineProperty(all, name, { value: parse(json), writable: true, enumerable: true, configurable: true });
      });
      return all;
    },
    setVariable: function setVariable(name, value) { set(0, name, value); },
    setVariableLocal: function setVariableLocal(name, value) { set(1, name, value); },
    get processInstanceId() { return hostInfo(0); },
    get activityId() { return hostInfo(1); },
    get businessKey() { return hostInfo(2); },
    getProcessInstanceId: function getProcessInstanceId() { return hostInfo(0); },
    getCurrentActivityId: function getCurrentActivityId() { return hostInfo(1); },
    getBusinessKey: function getBusinessKey() { return hostInfo(2); },
    getProcessBusinessKey: function getProcessBusinessKey() { return hostInfo(2); },
  };

  var api = {
    run: function (fn, wantResult) {
      writes = [];
      pending = new Map();
      var completion = fn(execution);
      var json;
      try {
        json = toJson(completion, "the script's result", wantResult);
      } catch (error) {
        if (wantResult) throw error;
        json = 'null';
      }
      return '[' + json + ',' + api.finish() + ']';
    },
    finish: function () {
      var json = '[' + writes.join(',') + ']';
      writes = [];
      return json;
    },
    freeze: function (fn) { freeze(fn.prototype); freeze(fn); },
  };

  // Prototypes that no global property leads to, only syntax or built-in calls.
  var roots = [G];
  [
    function () { return function* () {}; },
    function () { return (function* () {})(); },
    function () { return async function () {}; },
    function () { return async function* () {}; },
    function () { return (async function* () {})(); },
    function () { return [][Symbol.iterator](); },
    function () { return new Map().entries(); },
    function () { return new Set().values(); },
    function () { return ''[Symbol.iterator](); },
    function () { return /a/[Symbol.matchAll](''); },
    function () { return [].values().map(function (x) { return x; }); },
    function () { return Iterator.from({ next: function () { return { done: true }; } }); },
    function () { return Iterator.concat([]); },
  ].forEach(function (make) {
    try {
      var value = make();
      for (var p = getPrototypeOf(value); p; p = getPrototypeOf(p)) roots.push(p);
    } catch (e) { /* not in this QuickJS version */ }
  });
  var seen = new Set(), stack = [];
  function visit(value) {
    if ((typeof value === 'object' && value !== null) || typeof value === 'function') {
      if (!seen.has(value)) { seen.add(value); stack.push(value); }
    }
  }
  roots.forEach(visit);
  visit(api); visit(execution);
  while (stack.length) {
    var object = stack.pop();
    visit(getPrototypeOf(object));
    ownKeys(object).forEach(function (key) {
      var desc = getDescriptor(object, key);
      visit(desc.value); visit(desc.get); visit(desc.set);
    });
    freeze(object);
  }
  return api;
})`;
