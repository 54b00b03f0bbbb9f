/**
 * /baton/draft on both databases: create, list newest first, read, update, delete, and 400 / 404
 * naming the field or id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Draft, DraftSummary } from '../../engine/src/index.ts';
import { fixture } from '../support/harness.ts';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';

type ErrorBody = { type: string; message: string };
const T0 = Date.parse('2026-04-01T10:00:00.000Z');

for (const kind of await databaseKinds()) {
  describe(`/baton/draft on ${kind}`, () => {
    let t: TestServer;
    let now = T0;
    const xml = fixture('insight-work.bpmn');

    beforeAll(async () => {
      t = await startTestServer(kind, { executor: false, now: () => now });
    });
    afterAll(async () => {
      await t.close();
    });

    it('creates, lists newest first, reads, updates and deletes drafts', async () => {
      // when
      const first = await t.rest<Draft>('POST', '/baton/draft', { name: 'Claim', flavor: 'camunda7', xml });
      now += 1000;
      const second = await t.rest<Draft>('POST', '/baton/draft', {
        name: 'Order',
        flavor: 'camunda8',
        xml: '<x/>',
      });
      // then
      expect(first.status).toBe(201);
      expect(first.body).toEqual({
        id: expect.any(String),
        name: 'Claim',
        flavor: 'camunda7',
        updated: '2026-04-01T10:00:00.000Z',
        xml,
      });
      const list = await t.rest<DraftSummary[]>('GET', '/baton/draft');
      expect(list.body).toEqual([
        { id: second.body.id, name: 'Order', flavor: 'camunda8', updated: '2026-04-01T10:00:01.000Z' },
        { id: first.body.id, name: 'Claim', flavor: 'camunda7', updated: '2026-04-01T10:00:00.000Z' },
      ]);

      // when: the older one is edited, it comes first
      now += 1000;
      const renamed = await t.rest<Draft>('PUT', `/baton/draft/${first.body.id}`, { name: 'Claim v2' });
      const read = await t.rest<Draft>('GET', `/baton/draft/${first.body.id}`);
      // then
      expect(renamed.status).toBe(200);
      expect(renamed.body).toEqual({ ...first.body, name: 'Claim v2', updated: '2026-04-01T10:00:02.000Z' });
      expect(read.body).toEqual(renamed.body);
      expect((await t.rest<DraftSummary[]>('GET', '/baton/draft')).body.map((d) => d.name)).toEqual([
        'Claim v2',
        'Order',
      ]);

      // when
      const deleted = await t.rest('DELETE', `/baton/draft/${second.body.id}`);
      // then
      expect(deleted.status).toBe(204);
      expect((await t.rest('GET', `/baton/draft/${second.body.id}`)).status).toBe(404);
      expect((await t.rest<DraftSummary[]>('GET', '/baton/draft')).body).toHaveLength(1);
    });

    it('answers 400 naming the field and 404 for unknown ids', async () => {
      // given
      const post = (body: unknown) => t.rest<ErrorBody>('POST', '/baton/draft', body);
      const { body: draft } = await post({ name: 'A', flavor: 'camunda7', xml: '<a/>' });
      // when
      const noXml = await post({ name: 'A', flavor: 'camunda7', xml: '' });
      const noName = await post({ flavor: 'camunda7', xml: '<a/>' });
      const badFlavor = await post({ name: 'A', flavor: 'bpmn.io', xml: '<a/>' });
      const tooBig = await post({ name: 'A', flavor: 'camunda7', xml: 'x'.repeat(10 * 1024 * 1024 + 1) });
      const badPut = await t.rest<ErrorBody>('PUT', `/baton/draft/${(draft as unknown as Draft).id}`, {
        name: '',
      });
      const unknownPut = await t.rest<ErrorBody>('PUT', '/baton/draft/nope', { name: 'B' });
      const unknownGet = await t.rest<ErrorBody>('GET', '/baton/draft/nope');
      const unknownDelete = await t.rest<ErrorBody>('DELETE', '/baton/draft/nope');
      // then
      expect(noXml).toEqual({
        status: 400,
        body: { type: 'InvalidRequestException', message: "Request body field 'xml' must not be empty" },
      });
      expect(noName.body.message).toBe("Request body field 'name' is required");
      expect(badFlavor.status).toBe(400);
      expect(badFlavor.body.message).toContain("'flavor' must be one of 'camunda7', 'camunda8'");
      expect(tooBig).toEqual({
        status: 400,
        body: { type: 'InvalidRequestException', message: "Request body field 'xml' must be at most 10 MB" },
      });
      expect(badPut.status).toBe(400);
      expect(badPut.body.message).toContain("'name' must not be empty");
      expect(unknownPut.status).toBe(404);
      expect(unknownGet).toEqual({
        status: 404,
        body: { type: 'NotFoundException', message: "No draft with id 'nope'", code: 'NOT_FOUND' },
      });
      expect(unknownDelete.status).toBe(404);
    });
  });
}
