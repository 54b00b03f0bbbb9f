import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';

for (const kind of await databaseKinds()) {
  describe(`server on ${kind}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(kind);
    });
    afterAll(async () => {
      await t.close();
    });

    it('answers GET /engine-rest/version', async () => {
      const { status, body } = await t.rest<{ version: string }>('GET', '/version');
      expect(status).toBe(200);
      expect(body.version).toMatch(/^7\./);
    });

    it('answers unknown routes and bad JSON with {type, message}', async () => {
      const response = await fetch(`${t.url}/engine-rest/version`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{bad',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ type: 'InvalidRequestException' });
    });
  });
}
