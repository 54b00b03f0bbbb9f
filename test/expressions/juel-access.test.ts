import { describe, expect, it } from 'vitest';
import { createExpressionEvaluator } from '../../engine/src/expressions/index.ts';
import { errorOf, evalJuel, juel, scopeOf } from './helpers.ts';

const order = {
  id: 'o-1',
  customer: { name: 'Ann' },
  items: [{ sku: 'a', qty: 2 }],
  tags: ['x', 'y'],
  note: null,
};

describe('JUEL identifiers and member access', () => {
  it('resolves identifiers through the scope, null values included', () => {
    // given variables of every JSON type
    const variables = { s: 'text', n: 1.5, b: false, nothing: null, list: [1], map: { a: 1 } };
    // when each is referenced
    const values = ['s', 'n', 'b', 'nothing', 'list', 'map'].map((name) =>
      evalJuel(`\${${name}}`, variables),
    );
    // then the raw values come back
    expect(values).toEqual(['text', 1.5, false, null, [1], { a: 1 }]);
  });

  it('fails on an unknown identifier like Camunda 7', () => {
    // given no variable x
    // when an expression uses it
    const error = errorOf(() => evalJuel('${x > 5}'), 'EXPRESSION_EVAL');
    // then the message names the expression and the identifier
    expect(error.message).toBe("Unknown property used in expression ${x > 5}: cannot resolve identifier 'x'");
  });

  it.each([
    ['${order.id}', 'o-1'],
    ['${order.customer.name}', 'Ann'],
    ["${order['customer']['name']}", 'Ann'],
    ['${order["id"]}', 'o-1'],
    ['${order.items[0].qty}', 2],
    ["${order.items['0'].sku}", 'a'],
    ['${order.tags[i]}', 'y'],
    ['${order.tags[5]}', null],
    ['${order.missing}', null],
    ['${order.note}', null],
    ['${order[key]}', 'o-1'],
  ])('reads %s', (source, expected) => {
    // given nested JSON variables
    const variables = { order, i: 1, key: 'id' };
    // when a property path is read
    const result = evalJuel(source, variables);
    // then objects behave like Java maps (missing key is null) and lists take indexes
    expect(result).toBe(expected);
  });

  it('fails on property access on null, naming the null part', () => {
    // given a null variable and a null property
    const variables = { order, nothing: null };
    // when a property of it is read
    const direct = errorOf(() => evalJuel('${nothing.x}', variables), 'EXPRESSION_EVAL');
    const nested = errorOf(() => evalJuel('${order.note.text}', variables), 'EXPRESSION_EVAL');
    // then the error says what was null
    expect(direct.message).toBe(
      "Cannot evaluate expression ${nothing.x}: cannot read property 'x' because 'nothing' is null",
    );
    expect(nested.message).toContain("because 'order.note' is null");
  });

  it('fails on property access on primitives and on names as list indexes', () => {
    // given a string, a number and a list
    const variables = { s: 'abc', n: 1, list: [1] };
    // when read like objects
    // then each fails with the value's type
    expect(errorOf(() => evalJuel('${s.length}', variables)).message).toContain(
      "cannot read property 'length' of string",
    );
    expect(errorOf(() => evalJuel('${n.x}', variables)).message).toContain(
      "cannot read property 'x' of number",
    );
    expect(errorOf(() => evalJuel('${list.first}', variables)).message).toContain('of a list, use an index');
  });
});

describe('JUEL method calls', () => {
  it('calls own functions of host objects with their arguments', () => {
    // given a host object with a method, and a function variable
    const calc = { add: (a: number, b: number) => a + b, scale: 2 };
    const variables = { calc, twice: (x: number) => x * 2 };
    // when they are called
    const method = evalJuel('${calc.add(1, calc.scale)}', variables);
    const fn = evalJuel('${twice(21)}', variables);
    // then the results come back
    expect(method).toBe(3);
    expect(fn).toBe(42);
  });

  it('reports a host method that throws as an evaluation error', () => {
    // given a method that throws
    const variables = {
      svc: {
        fail: () => {
          throw new Error('boom');
        },
      },
    };
    // when called
    const error = errorOf(() => evalJuel('${svc.fail()}', variables), 'EXPRESSION_EVAL');
    // then its message is carried over
    expect(error.message).toBe("Cannot evaluate expression ${svc.fail()}: 'fail' failed: boom");
  });

  it.each([
    ["${name.startsWith('A')}", true],
    ["${name.endsWith('x')}", false],
    ["${name.contains('nn')}", true],
    ['${name.length()}', 3],
    ['${name.isEmpty()}', false],
    ["${name.equals('Ann')}", true],
    ["${name.equalsIgnoreCase('ANN')}", true],
    ['${name.toUpperCase()}', 'ANN'],
    ['${name.toLowerCase()}', 'ann'],
    ['${padded.trim()}', 'x'],
    ['${name.substring(1)}', 'nn'],
    ['${name.substring(0, 2)}', 'An'],
    ["${name.indexOf('n')}", 1],
    ['${list.size()}', 3],
    ['${list.isEmpty()}', false],
    ['${list.contains(2)}', true],
    ['${list.get(0)}', 1],
    ['${list.indexOf(3)}', 2],
    ["${map.get('a')}", 1],
    ["${map.get('z')}", null],
    ["${map.containsKey('a')}", true],
    ['${map.size()}', 1],
    ['${execution.getVariables().containsKey("name")}', true],
  ])('supports the Java method %s', (source, expected) => {
    // given strings, lists and maps
    const variables = { name: 'Ann', padded: ' x ', list: [1, 2, 3], map: { a: 1 } };
    // when a Java method Camunda 7 models use is called
    const result = evalJuel(source, variables);
    // then it behaves like the Java method
    expect(result).toBe(expected);
  });

  it('fails on unknown methods, wrong argument counts and out-of-range arguments', () => {
    // given a string and a list
    const variables = { name: 'Ann', list: [1] };
    // when called wrongly
    // then each failure is explained
    expect(errorOf(() => evalJuel('${name.foo()}', variables)).message).toContain(
      "method 'foo' not found on string 'name'",
    );
    expect(errorOf(() => evalJuel('${name.length(1)}', variables)).message).toContain(
      'takes 0 argument(s), got 1',
    );
    expect(errorOf(() => evalJuel('${name.substring(2, 9)}', variables)).message).toContain('out of range');
    expect(errorOf(() => evalJuel('${list.get(3)}', variables)).message).toContain('out of range');
    expect(errorOf(() => evalJuel('${nothing.foo()}', { nothing: null })).message).toContain(
      "cannot call method 'foo' because 'nothing' is null",
    );
    expect(errorOf(() => evalJuel('${n()}', { n: 1 })).message).toContain("'n' is number, not a function");
  });
});

describe('JUEL security boundary', () => {
  it.each([
    '${x.constructor}',
    "${x['constructor']}",
    '${x.__proto__}',
    '${f.prototype}',
    '${x.constructor.constructor("return 1")}',
    '${x.__defineGetter__("a", f)}',
    '${name.constructor.name}',
    '${x[key]}',
  ])('refuses %s', (source) => {
    // given values whose prototypes lead to Function
    const variables = { x: {}, f: () => 1, name: 'Ann', key: '__proto__' };
    // when an expression tries to reach them
    const error = errorOf(() => evalJuel(source, variables), 'EXPRESSION_EVAL');
    // then it is refused with a clear error
    expect(error.message).toMatch(
      /access to '(constructor|__proto__|prototype|__defineGetter__)' is not allowed/,
    );
  });

  it('never calls JS prototype methods', () => {
    // given plain values that have inherited JS methods
    const variables = { x: { a: 1 }, list: [3, 1, 2] };
    // when an expression calls them
    // then they are not found (only own functions and the Java allow-list are callable)
    expect(errorOf(() => evalJuel('${x.toString()}', variables)).message).toContain(
      "method 'toString' not found",
    );
    expect(errorOf(() => evalJuel('${list.sort()}', variables)).message).toContain("method 'sort' not found");
    expect(errorOf(() => evalJuel('${x.hasOwnProperty("a")}', variables)).message).toContain('not found');
    expect(evalJuel('${x.toString}', variables)).toBeNull();
  });

  it('does not take Object.prototype members for variables when the scope leaks them', () => {
    // given a scope that looks names up with `in`, as a naive implementation would
    const vars: Record<string, unknown> = { a: 1 };
    const leaky = {
      get: (n: string) => (n in vars ? vars[n] : undefined),
      has: (n: string) => n in vars,
      names: () => ['a'],
    };
    const evaluator = createExpressionEvaluator();
    // when an expression names inherited members
    const call = () => evaluator.evaluate(juel('${toString()}'), leaky);
    const proto = () => evaluator.evaluate(juel('${__proto__}'), leaky);
    const ctor = () => evaluator.evaluate(juel('${constructor}'), leaky);
    // then they are not resolved
    expect(errorOf(call).message).toContain("cannot resolve identifier 'toString'");
    expect(errorOf(proto).message).toContain("'__proto__' is not allowed");
    expect(errorOf(ctor).message).toContain("'constructor' is not allowed");
  });
});

describe('JUEL execution and environment', () => {
  it('offers execution.getVariable, hasVariable and getVariables', () => {
    // given some variables and no variable named execution
    const variables = { amount: 5, nothing: null };
    // when the execution methods are used
    const value = evalJuel("${execution.getVariable('amount')}", variables);
    const missing = evalJuel("${execution.getVariable('other')}", variables);
    const has = evalJuel("${execution.hasVariable('nothing')}", variables);
    const hasNot = evalJuel("${execution.hasVariable('other')}", variables);
    const all = evalJuel('${execution.getVariables()}', variables);
    // then they read the scope, a missing variable reading null
    expect([value, missing, has, hasNot]).toEqual([5, null, true, false]);
    expect(all).toEqual({ amount: 5, nothing: null });
  });

  it('offers the Camunda 7 execution properties from the scope context', () => {
    // given a scope that knows where it runs
    const scope = {
      ...scopeOf({}),
      context: {
        processInstanceId: 'p1',
        processDefinitionId: 'd:1',
        businessKey: 'B-1',
        activityId: 'task',
      },
    };
    // when
    const evaluator = createExpressionEvaluator();
    const read = (source: string) => evaluator.evaluate({ language: 'juel', source }, scope);
    // then
    expect(read('${execution.processBusinessKey}')).toBe('B-1');
    expect(read('${execution.processInstanceId}:${execution.currentActivityId}')).toBe('p1:task');
  });

  it('fails on execution members Baton does not provide', () => {
    // given the execution object
    // when a Camunda 7 member that does not exist here is read
    const error = errorOf(() => evalJuel('${execution.tenantId}'), 'EXPRESSION_EVAL');
    // then the error names it instead of reading null
    expect(error.message).toContain("'execution' has no property 'tenantId'");
  });

  it('offers environment.variables like bpmn-engine', () => {
    // given variables
    const variables = { x: 3, order: { id: 'o' } };
    // when read through environment.variables
    const x = evalJuel('${environment.variables.x > 2}', variables);
    const id = evalJuel('${environment.variables.order.id}', variables);
    const missing = evalJuel('${environment.variables.y}', variables);
    // then they resolve, a missing one reading null
    expect([x, id, missing]).toEqual([true, 'o', null]);
  });

  it('prefers a real variable named execution or environment', () => {
    // given variables shadowing the special names
    const variables = { execution: 'mine', environment: { variables: { x: 'own' } } };
    // when referenced
    // then the variables win
    expect(evalJuel('${execution}', variables)).toBe('mine');
    expect(evalJuel('${environment.variables.x}', variables)).toBe('own');
  });
});
