/**
 * Edge cases every REST endpoint shares, on both databases: paging bounds, sortBy / sortOrder in
 * pairs, JSON 404s for unknown routes, bodies that are no JSON object, and bodies of another
 * content type (415).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { declaredEndpoints } from '../../server/src/api/schemas.ts';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy } from './restHelpers.ts';

type Problem = { type: string; message: string };

/** The list endpoints the audit found answering 500 for paging values beyond 64 bits. */
const PAGED = [
  '/process-instance',
  '/task',
  '/external-task',
  '/job',
  '/deployment',
  '/process-definition',
  '/history/process-instance',
  '/history/task',
  '/history/variable-instance',
  '/history/activity-instance',
];
const TOO_BIG = '99999999999999999999';
const BIGGEST = String(Number.MAX_SAFE_INTEGER);

for (const kind of await databaseKinds()) {
  describe(`REST edge cases on ${kind}`, () => {
    let t: TestServer;
    const raw = async (method: string, path: string, body?: string, contentType?: string) => {
      const response = await fetch(`${t.url}/engine-rest${path}`, {
        method,
        headers: contentType ? { 'content-type': contentType } : {},
        body,
      });
      const text = await response.text();
      return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Problem };
    };
    const runningCount = async () =>
      (await t.rest<{ count: number }>('GET', '/process-instance/count')).body.count;

    beforeAll(async () => {
      t = await startTestServer(kind);
      await deploy(t, 'usertask-c7.bpmn', 'straight.bpmn', 'timers.bpmn');
      const starts: [string, Record<string, unknown>][] = [
        ['review', { initiator: { value: 'ann' }, amount: { value: 5 } }],
        ['straight', { amount: { value: 1 } }],
        ['reminders', { sla: { value: 'PT2H' } }],
      ];
      for (const [key, variables] of starts)
        expect((await t.rest('POST', `/process-definition/key/${key}/start`, { variables })).status).toBe(
          200,
        );
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers 400 naming the paging parameter beyond the safe integers; the largest returns everything', async () => {
      for (const path of PAGED) {
        // given
        const all = await t.rest<unknown[]>('GET', path);
        expect(all.status, path).toBe(200);
        expect(all.body.length, path).toBeGreaterThan(0);
        for (const param of ['firstResult', 'maxResults']) {
          // when
          const tooBig = await t.rest<Problem>('GET', `${path}?${param}=${TOO_BIG}`);
          // then
          expect(tooBig.status, `${path} ${param}`).toBe(400);
          expect(tooBig.body).toEqual({
            type: 'InvalidRequestException',
            message: `Query parameter '${param}' must be <= ${BIGGEST}`,
          });
        }
        // when
        const everything = await t.rest<unknown[]>('GET', `${path}?maxResults=${BIGGEST}`);
        const nothing = await t.rest<unknown[]>(
          'GET',
          `${path}?firstResult=${BIGGEST}&maxResults=${BIGGEST}`,
        );
        // then
        expect(everything.status, path).toBe(200);
        expect(everything.body, path).toEqual(all.body);
        expect(nothing.status, path).toBe(200);
        expect(nothing.body, path).toEqual([]);
      }
      // The POST twins take their paging from the query string too.
      const posted = await t.rest<Problem>('POST', `/process-instance?maxResults=${TOO_BIG}`, {});
      expect(posted.status).toBe(400);
      expect(posted.body.message).toBe(`Query parameter 'maxResults' must be <= ${BIGGEST}`);
    });

    it('answers 400 for sortBy without sortOrder and the reverse, on every list endpoint', async () => {
      // given
      const sorted = declaredEndpoints().filter(
        (e) => e.method === 'get' && e.query?.sortBy?.type === 'string' && e.query.sortOrder,
      );
      expect(sorted.map((e) => e.path)).toEqual(expect.arrayContaining(PAGED));
      for (const e of sorted) {
        const sortBy = e.query!.sortBy as { enum: readonly string[] };
        for (const query of [`sortBy=${sortBy.enum[0]}`, 'sortOrder=desc']) {
          // when
          const response = await t.rest<Problem>('GET', `${e.path}?${query}`);
          // then
          expect(response.status, `${e.path}?${query}`).toBe(400);
          expect(response.body).toEqual({
            type: 'InvalidRequestException',
            message: 'Only a single sorting parameter specified. sortBy and sortOrder required',
          });
        }
        // when
        const both = await t.rest('GET', `${e.path}?sortBy=${sortBy.enum[0]}&sortOrder=desc`);
        // then
        expect(both.status, e.path).toBe(200);
      }
    });

    it('answers unknown routes with a JSON 404 naming method and path', async () => {
      // when
      const cases = [
        ['GET', '/nope'],
        ['POST', '/process-instance/x/nope'],
        ['PATCH', '/task/x'],
        ['GET', '/'],
      ];
      for (const [method, path] of cases) {
        const response = await raw(method, path);
        // then
        expect(response.status, `${method} ${path}`).toBe(404);
        expect(response.body).toEqual({
          type: 'NotFoundException',
          message: `No resource for ${method} /engine-rest${path}`,
        });
      }
    });

    it('answers 400 "must be a JSON object" for JSON bodies that are no object, and starts nothing', async () => {
      // given
      const before = await runningCount();
      for (const body of ['true', '42', '"text"', 'null', '[1]', ' [1, 2] ']) {
        // when
        const response = await raw('POST', '/process-definition/key/review/start', body, 'application/json');
        // then
        expect(response.status, body).toBe(400);
        expect(response.body, body).toEqual({
          type: 'InvalidRequestException',
          message: 'The request body must be a JSON object',
        });
      }
      const broken = await raw(
        'POST',
        '/process-definition/key/review/start',
        '{"a": tru',
        'application/json',
      );
      expect(broken.status).toBe(400);
      expect(broken.body.message).toMatch(/^The request body is not valid JSON: /);
      expect(await runningCount()).toBe(before);
    });

    it('answers 415 for a non-empty body of another content type; no body needs no content type', async () => {
      // given
      const before = await runningCount();
      const task = (await t.rest<{ id: string }[]>('GET', '/task?taskDefinitionKey=reviewClaim')).body[0];
      // when
      const text = await raw('POST', '/process-definition/key/straight/start', 'hello', 'text/plain');
      const form = await raw(
        'POST',
        '/external-task/fetchAndLock',
        'workerId=w',
        'application/x-www-form-urlencoded',
      );
      const fetchDefault = await raw('PUT', `/task/${task.id}/variables/x`, '{"value": 1}');
      // then
      for (const response of [text, form, fetchDefault]) {
        expect(response.status).toBe(415);
        expect(response.body.type).toBe('NotSupportedException');
      }
      expect(text.body.message).toBe(
        "Content type 'text/plain' is not supported here: send the body as application/json",
      );
      expect(fetchDefault.body.message).toBe(
        "Content type 'text/plain;charset=UTF-8' is not supported here: send the body as application/json",
      );
      expect(await runningCount()).toBe(before);

      // when: no body and no content type
      const started = await raw('POST', '/process-definition/key/straight/start');
      const emptyText = await raw('POST', '/process-definition/key/straight/start', '', 'text/plain');
      const unclaimed = await raw('POST', `/task/${task.id}/unclaim`);
      // then
      expect(started.status).toBe(200);
      expect(emptyText.status).toBe(200);
      expect(unclaimed.status).toBe(204);
      expect(await runningCount()).toBe(before + 2);
    });
  });
}
