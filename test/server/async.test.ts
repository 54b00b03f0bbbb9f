import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type BatonServer } from '../../server/src/app.ts';
import { fixture } from '../support/harness.ts';
import { databaseKinds, freshDatabase } from './support.ts';

for (const kind of await databaseKinds()) {
  describe(`asynchronous continuations on ${kind}`, () => {
    let server: BatonServer | undefined;
    let drop: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await server?.close();
      await drop?.();
    });

    it('the start commits at the asyncBefore boundary; the job executor continues in its own transaction', async () => {
      // given
      const db = await freshDatabase(kind);
      drop = db.drop;
      server = await startServer({ databaseUrl: db.url, executor: false });
      await server.engine.deploy([{ name: 'async.bpmn', xml: fixture('async.bpmn') }]);
      // when
      const state = await server.engine.start(await server.engine.definitions.find('asyncFlow'));
      // then: committed waiting at the boundary, with its job
      expect(Object.values(state.elements).map((e) => e.wait?.kind)).toContain('continuation');
      expect(await server.db.knex('jobs').where({ kind: 'continuation' })).toHaveLength(1);
      // when
      await server.executor.runDue();
      // then
      const [task] = await server.db.knex('tasks').where({ instance_id: state.id });
      expect(task.element_id).toBe('approve');
      await server.engine.dispatch(state.id, { type: 'task.complete', key: String(task.id).split(':')[1] });
      expect(await server.db.knex('tasks').where({ instance_id: state.id })).toEqual([]);
      expect((await server.engine.state(state.id)).status).toBe('active');
      await server.executor.runDue();
      expect((await server.engine.state(state.id)).status).toBe('completed');
      expect(await server.db.knex('jobs')).toEqual([]);
    });
  });
}
