/**
 * Typed variable values over REST on both databases: values that do not fit their Camunda type
 * are 400s naming the variable (through start, PUT variable and task complete, changing nothing),
 * good values round-trip exactly (dates in Camunda's format), and a value nested too deeply is a
 * 400, never a stack overflow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, start } from './runtimeSupport.ts';

interface Variable {
  value: unknown;
  type: string;
}
type Variables = Record<string, Variable>;
interface ErrorBody {
  type: string;
  message: string;
}

/** `{value, type}` of each variable (valueInfo left out). */
const typed = (vars: Variables): Record<string, Variable> =>
  Object.fromEntries(Object.entries(vars).map(([n, v]) => [n, { value: v.value, type: v.type }]));

const shape = 'must be a whole number (a JSON number or a string of decimal digits)';
const dateShape = "must be a date-time like 2026-01-05T08:00:00.000+0000 (yyyy-MM-dd'T'HH:mm:ss[.SSS][zone])";
const bad = (name: string, type: string, problem: string, got: string) =>
  `Variable '${name}' of type ${type} ${problem}, got ${got}`;

/** [variable name, Camunda variable, the exact 400 message]. */
const BAD_VALUES: [string, { value?: unknown; type?: string }, string][] = [
  ['empty', { value: '', type: 'Integer' }, bad('empty', 'Integer', shape, '""')],
  ['blank', { value: '  ', type: 'Long' }, bad('blank', 'Long', shape, '"  "')],
  ['hex', { value: '0x1F', type: 'Integer' }, bad('hex', 'Integer', shape, '"0x1F"')],
  ['exp', { value: '1e3', type: 'Integer' }, bad('exp', 'Integer', shape, '"1e3"')],
  ['fraction', { value: 1.5, type: 'Integer' }, bad('fraction', 'Integer', shape, '1.5')],
  ['flag', { value: true, type: 'Short' }, bad('flag', 'Short', shape, 'true')],
  [
    'int',
    { value: 2147483648, type: 'Integer' },
    bad('int', 'Integer', 'must be a 32-bit integer between -2147483648 and 2147483647', '2147483648'),
  ],
  [
    'short',
    { value: '32768', type: 'Short' },
    bad('short', 'Short', 'must be a 16-bit integer between -32768 and 32767', '"32768"'),
  ],
  [
    'long',
    { value: 9007199254740992, type: 'Long' },
    bad(
      'long',
      'Long',
      'must be a safe integer (larger whole numbers are not representable exactly) between -9007199254740991 and 9007199254740991',
      '9007199254740992',
    ),
  ],
  [
    'longText',
    { value: '-9007199254740993', type: 'Long' },
    bad(
      'longText',
      'Long',
      'must be a safe integer (larger whole numbers are not representable exactly) between -9007199254740991 and 9007199254740991',
      '"-9007199254740993"',
    ),
  ],
  [
    'ratio',
    { value: 'abc', type: 'Double' },
    bad('ratio', 'Double', 'must be a finite number (a JSON number or a string holding one)', '"abc"'),
  ],
  [
    'huge',
    { value: '1e999', type: 'Double' },
    bad('huge', 'Double', 'must be a finite number (a JSON number or a string holding one)', '"1e999"'),
  ],
  [
    'none',
    { value: '', type: 'Double' },
    bad('none', 'Double', 'must be a finite number (a JSON number or a string holding one)', '""'),
  ],
  ['text', { value: { a: 1 }, type: 'String' }, bad('text', 'String', 'must be a string', 'an object')],
  ['list', { value: [1], type: 'string' }, bad('list', 'String', 'must be a string', 'an array')],
  [
    'yes',
    { value: 'yes', type: 'Boolean' },
    bad('yes', 'Boolean', "must be true or false (or the strings 'true' or 'false')", '"yes"'),
  ],
  [
    'one',
    { value: 1, type: 'Boolean' },
    bad('one', 'Boolean', "must be true or false (or the strings 'true' or 'false')", '1'),
  ],
  ['when', { value: '12', type: 'Date' }, bad('when', 'Date', dateShape, '"12"')],
  ['day', { value: '2026-01-05', type: 'Date' }, bad('day', 'Date', dateShape, '"2026-01-05"')],
  [
    'feb30',
    { value: '2026-02-30T08:00:00', type: 'Date' },
    bad('feb30', 'Date', dateShape, '"2026-02-30T08:00:00"'),
  ],
  [
    'hour25',
    { value: '2026-01-05T25:00:00Z', type: 'Date' },
    bad('hour25', 'Date', dateShape, '"2026-01-05T25:00:00Z"'),
  ],
  [
    'spaced',
    { value: '2026-01-05 08:00:00', type: 'Date' },
    bad('spaced', 'Date', dateShape, '"2026-01-05 08:00:00"'),
  ],
  ['epoch', { value: 1767600000000, type: 'Date' }, bad('epoch', 'Date', dateShape, '1767600000000')],
  ['doc', { value: '{"a":', type: 'Json' }, "Variable 'doc' of type Json is not valid JSON"],
  ['pojo', { value: '{', type: 'Object' }, "Variable 'pojo' of type Object is not valid JSON"],
  [
    '__proto__',
    { value: 5 },
    "Variable '__proto__' cannot be stored: '__proto__' cannot be used as a variable name",
  ],
  [
    'constructor',
    { value: 5 },
    "Variable 'constructor' cannot be stored: 'constructor' cannot be used as a variable name",
  ],
];

/** [variable name, Camunda variable sent, {value, type} answered]. */
const GOOD_VALUES: [string, { value: unknown; type?: string }, Variable][] = [
  ['intText', { value: '-42', type: 'Integer' }, { value: -42, type: 'Integer' }],
  ['intMin', { value: -2147483648, type: 'Integer' }, { value: -2147483648, type: 'Integer' }],
  ['intMax', { value: 2147483647, type: 'integer' }, { value: 2147483647, type: 'Integer' }],
  ['shortMin', { value: -32768, type: 'Short' }, { value: -32768, type: 'Short' }],
  ['shortText', { value: '32767', type: 'Short' }, { value: 32767, type: 'Short' }],
  [
    'longMax',
    { value: Number.MAX_SAFE_INTEGER, type: 'Long' },
    { value: Number.MAX_SAFE_INTEGER, type: 'Long' },
  ],
  ['longSmall', { value: 7, type: 'Long' }, { value: 7, type: 'Long' }],
  ['longText', { value: '-9007199254740991', type: 'Long' }, { value: -9007199254740991, type: 'Long' }],
  ['double', { value: 0.1, type: 'Double' }, { value: 0.1, type: 'Double' }],
  ['doubleWhole', { value: 3, type: 'Double' }, { value: 3, type: 'Double' }],
  ['doubleText', { value: '-1.5e3', type: 'Double' }, { value: -1500, type: 'Double' }],
  ['yes', { value: true, type: 'Boolean' }, { value: true, type: 'Boolean' }],
  ['no', { value: 'false', type: 'Boolean' }, { value: false, type: 'Boolean' }],
  ['text', { value: 'héllo', type: 'String' }, { value: 'héllo', type: 'String' }],
  ['emptyText', { value: '', type: 'String' }, { value: '', type: 'String' }],
  ['numberText', { value: 7, type: 'String' }, { value: '7', type: 'String' }],
  ['flagText', { value: true, type: 'String' }, { value: 'true', type: 'String' }],
  [
    'dateCamunda',
    { value: '2026-01-05T08:00:00.000+0000', type: 'Date' },
    { value: '2026-01-05T08:00:00.000+0000', type: 'Date' },
  ],
  [
    'dateOffset',
    { value: '2026-01-05T09:30:00+01:00', type: 'Date' },
    { value: '2026-01-05T08:30:00.000+0000', type: 'Date' },
  ],
  [
    'dateZulu',
    { value: '2024-02-29T23:59:59.999Z', type: 'Date' },
    { value: '2024-02-29T23:59:59.999+0000', type: 'Date' },
  ],
  [
    'dateLocal',
    { value: '2026-01-05T08:00:00', type: 'Date' },
    { value: '2026-01-05T08:00:00.000+0000', type: 'Date' },
  ],
  ['nothing', { value: 5, type: 'Null' }, { value: null, type: 'Null' }],
  ['jsonText', { value: '{"a":[1,2]}', type: 'Json' }, { value: '{"a":[1,2]}', type: 'Json' }],
  ['jsonNative', { value: { a: [1, 2] }, type: 'Json' }, { value: '{"a":[1,2]}', type: 'Json' }],
  ['objectText', { value: '{"k":"v"}', type: 'Object' }, { value: '{"k":"v"}', type: 'Object' }],
  ['untyped', { value: [1, 'two'] }, { value: '[1,"two"]', type: 'Json' }],
];

/** `depth` nested arrays as JSON text. */
const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

for (const kind of await databaseKinds()) {
  describe(`typed variable values on ${kind}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(kind);
      await deploy(t, ['usertask-c7.bpmn']);
    });
    afterAll(async () => {
      await t.close();
    });

    const review = () => start(t, 'review', { variables: { initiator: 'ann', amount: 1 } });
    const taskOf = async (instanceId: string) =>
      (await t.rest<{ id: string }[]>('GET', `/task?processInstanceId=${instanceId}`)).body[0].id;
    /** POST/PUT a raw JSON text (for bodies too deep for JSON.stringify). */
    const raw = async (method: string, path: string, body: string) => {
      const response = await fetch(`${t.url}/engine-rest${path}`, {
        method,
        headers: { 'content-type': 'application/json' },
        body,
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as ErrorBody };
    };

    it('refuses values that do not fit their type with 400 naming the variable, changing nothing', async () => {
      // given
      const id = await review();
      const taskId = await taskOf(id);
      const before = await t.rest<Variables>('GET', `/process-instance/${id}/variables`);
      const instances = await t.rest<{ count: number }>('GET', '/process-instance/count');
      for (const [name, variable, message] of BAD_VALUES) {
        // when
        const responses = {
          start: await t.rest<ErrorBody>('POST', '/process-definition/key/review/start', {
            variables: { initiator: { value: 'ann' }, [name]: variable },
          }),
          put: await t.rest<ErrorBody>(
            'PUT',
            `/process-instance/${id}/variables/${encodeURIComponent(name)}`,
            variable,
          ),
          complete: await t.rest<ErrorBody>('POST', `/task/${taskId}/complete`, {
            variables: { [name]: variable },
          }),
        };
        // then
        for (const [via, response] of Object.entries(responses)) {
          expect([via, name, response.status, response.body]).toEqual([
            via,
            name,
            400,
            { type: 'InvalidRequestException', message },
          ]);
        }
      }
      const after = await t.rest<Variables>('GET', `/process-instance/${id}/variables`);
      expect(after.body).toEqual(before.body);
      expect((await t.rest('GET', `/task/${taskId}`)).status).toBe(200);
      expect((await t.rest('GET', '/process-instance/count')).body).toEqual(instances.body);
    });

    it('round-trips good values exactly through start, GET, PUT and task complete', async () => {
      // given
      const sent = Object.fromEntries(GOOD_VALUES.map(([name, variable]) => [name, variable]));
      const expected = Object.fromEntries(GOOD_VALUES.map(([name, , answer]) => [name, answer]));
      const setup = { initiator: { value: 'ann', type: 'String' }, amount: { value: 1, type: 'Integer' } };
      // when
      const started = await t.rest<{ id: string; variables: Variables }>(
        'POST',
        '/process-definition/key/review/start',
        { variables: { ...setup, ...sent }, withVariablesInReturn: true },
      );
      const read = await t.rest<Variables>(
        'GET',
        `/process-instance/${started.body.id}/variables?deserializeValues=false`,
      );
      const id = await review();
      const puts = [];
      for (const [name, variable] of GOOD_VALUES)
        puts.push((await t.rest('PUT', `/process-instance/${id}/variables/${name}`, variable)).status);
      const put = await t.rest<Variables>('GET', `/process-instance/${id}/variables?deserializeValues=false`);
      const completed = await t.rest<Variables>('POST', `/task/${await taskOf(id)}/complete`, {
        variables: sent,
        withVariablesInReturn: true,
      });
      // then
      const withSetup = { ...expected, initiator: setup.initiator, amount: setup.amount };
      expect(started.status).toBe(200);
      expect(typed(started.body.variables)).toEqual(withSetup);
      expect(typed(read.body)).toEqual(withSetup);
      expect(puts).toEqual(GOOD_VALUES.map(() => 204));
      expect(typed(put.body)).toEqual(withSetup);
      expect(completed.status).toBe(200);
      expect(typed(completed.body)).toEqual(withSetup);
      const one = await t.rest<Variable>('GET', `/process-instance/${started.body.id}/variables/dateOffset`);
      expect(one.body).toEqual({ value: '2026-01-05T08:30:00.000+0000', type: 'Date', valueInfo: {} });
    });

    it('refuses a value nested too deeply with 400 naming the variable, accepts 1000 levels', async () => {
      // given: 100,000 nested arrays (about 200 KB), natively and as a Json string
      const id = await review();
      const taskId = await taskOf(id);
      const deep = nested(100_000);
      const message = "Variable 'deep' is nested too deeply (more than 1000 levels of arrays and objects)";
      // when
      const responses = [
        await raw('POST', '/process-definition/key/review/start', `{"variables":{"deep":{"value":${deep}}}}`),
        await raw(
          'POST',
          '/process-definition/key/review/start',
          JSON.stringify({ variables: { deep: { value: deep, type: 'Json' } } }),
        ),
        await raw('PUT', `/process-instance/${id}/variables/deep`, `{"value":${deep},"type":"Json"}`),
        await raw('POST', `/task/${taskId}/complete`, `{"variables":{"deep":{"value":${nested(1001)}}}}`),
        await raw(
          'POST',
          `/process-instance/${id}/variables`,
          `{"modifications":{"deep":{"value":${deep},"type":"Object"}}}`,
        ),
      ];
      // untyped variables (Camunda 8 style) are checked the same way
      const published = await raw(
        'POST',
        '/message/publish',
        `{"name":"nobody","variables":{"deep":${deep}}}`,
      );
      const limit = await raw('PUT', `/process-instance/${id}/variables/deep`, `{"value":${nested(1000)}}`);
      const stored = await t.rest<Variable>('GET', `/process-instance/${id}/variables/deep`);
      // then
      expect(responses.map((r) => [r.status, r.body])).toEqual(
        responses.map(() => [400, { type: 'InvalidRequestException', message }]),
      );
      expect([published.status, published.body]).toEqual([400, { type: 'InvalidRequestException', message }]);
      expect(limit.status).toBe(204);
      expect(stored.body).toEqual({ value: nested(1000), type: 'Json', valueInfo: {} });
      expect((await t.rest('GET', `/task/${taskId}`)).status).toBe(200);
    });

    it('refuses a variable named __proto__ through a form submission and a published message too', async () => {
      // given
      const taskId = await taskOf(await review());
      const message = "Variable '__proto__' cannot be stored: '__proto__' cannot be used as a variable name";
      // when
      const submitted = await raw(
        'POST',
        `/task/${taskId}/submit-form`,
        '{"variables":{"approved":{"value":true},"__proto__":{"value":5}}}',
      );
      const published = await raw(
        'POST',
        '/message/publish',
        '{"name":"nobody","variables":{"__proto__":5}}',
      );
      // then
      expect([submitted.status, submitted.body]).toEqual([400, { type: 'InvalidRequestException', message }]);
      expect([published.status, published.body]).toEqual([400, { type: 'InvalidRequestException', message }]);
      expect((await t.rest('GET', `/task/${taskId}`)).status).toBe(200);
    });
  });
}
