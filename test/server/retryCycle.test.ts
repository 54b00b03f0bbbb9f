import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type BatonServer } from '../../server/src/app.ts';
import { fixture } from '../support/harness.ts';
import { databaseKinds, freshDatabase } from './support.ts';

const MINUTE = 60_000;

for (const kind of await databaseKinds()) {
  describe(`camunda:failedJobRetryTimeCycle on ${kind}`, () => {
    let server: BatonServer | undefined;
    let drop: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await server?.close();
      await drop?.();
    });

    it('a failing handler waits the cycle between tries, then raises an incident', async () => {
      // given: PT1M,PT5M means three tries, a minute and then five minutes apart
      const db = await freshDatabase(kind);
      drop = db.drop;
      let now = Date.parse('2026-01-05T09:00:00Z');
      server = await startServer({ databaseUrl: db.url, executor: false, now: () => now });
      let attempts = 0;
      server.engine.registerHandler('com.acme.Charge', () => {
        attempts++;
        throw new Error('card declined');
      });
      await server.engine.deploy([{ name: 'retry-cycle.bpmn', xml: fixture('retry-cycle.bpmn') }]);
      const state = await server.engine.start(await server.engine.definitions.find('retrying'));
      // when / then
      await server.executor.runDue();
      expect(attempts).toBe(1);
      now += MINUTE - 1000;
      await server.executor.runDue();
      expect(attempts).toBe(1);
      now += 1000;
      await server.executor.runDue();
      expect(attempts).toBe(2);
      expect(await server.db.knex('incidents').where({ instance_id: state.id })).toEqual([]);
      now += 5 * MINUTE;
      await server.executor.runDue();
      expect(attempts).toBe(3);
      const incidents = await server.db.knex('incidents').where({ instance_id: state.id, open: true });
      expect(incidents).toHaveLength(1);
      expect(incidents[0]).toMatchObject({ element_id: 'charge', message: 'card declined' });
    });
  });
}
