/**
 * The durable engine below the REST API, on both databases: commands commit state, projections
 * and jobs together; jobs (timers, handlers, call activities, signals, buffered messages) run
 * through the executor; everything is still there after the server restarts on the same database.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startServer, type BatonServer } from '../../server/src/app.ts';
import { correlateMessage, publishMessage } from '../../server/src/engine/correlation.ts';
import { fixture } from '../support/harness.ts';
import { databaseKinds, freshDatabase } from './support.ts';

for (const kind of await databaseKinds()) {
  describe(`durable engine on ${kind}`, () => {
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });

    async function boot(url?: string): Promise<{ server: BatonServer; url: string }> {
      let databaseUrl = url;
      if (!databaseUrl) {
        const db = await freshDatabase(kind);
        cleanups.push(db.drop);
        databaseUrl = db.url;
      }
      let now = Date.parse('2026-01-05T09:00:00Z');
      const server = await startServer({ databaseUrl, executor: false, now: () => now });
      (server as BatonServer & { advance(ms: number): void }).advance = (ms: number) => (now += ms);
      cleanups.push(() => server.close());
      return { server, url: databaseUrl };
    }

    async function deploy(server: BatonServer, ...names: string[]): Promise<void> {
      await server.engine.deploy(names.map((name) => ({ name, xml: fixture(name) })));
    }

    it('a user task round trip commits state, task row and history', async () => {
      // given
      const { server } = await boot();
      await deploy(server, 'usertask-c7.bpmn');
      const def = await server.engine.definitions.find('review');
      // when
      const state = await server.engine.start(def, { variables: { initiator: 'ann', amount: 2000 } });
      // then
      const tasks = await server.db.knex('tasks').where({ instance_id: state.id });
      expect(tasks).toHaveLength(1);
      expect(tasks[0]).toMatchObject({ assignee: 'ann', priority: 80, element_id: 'reviewClaim' });
      // when
      await server.engine.dispatch(state.id, {
        type: 'task.complete',
        key: String(tasks[0].id).split(':')[1],
        variables: { values: { approved: true } },
      });
      // then
      const row = await server.db.knex('instances').where({ id: state.id }).first();
      expect(row.status).toBe('completed');
      expect(await server.db.knex('tasks').where({ instance_id: state.id })).toEqual([]);
      const history = await server.db
        .knex('hist_activities')
        .where({ instance_id: state.id })
        .orderBy('started_at');
      expect(history.map((h: { element_id: string }) => h.element_id)).toEqual([
        'review',
        'start',
        'reviewClaim',
        'end',
      ]);
      const events = await server.db.knex('events').where({ instance_id: state.id }).orderBy('seq');
      expect(events.map((e: { seq: number }) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
    });

    it('two commands racing on one instance never both apply', async () => {
      const { server } = await boot();
      await deploy(server, 'usertask-c7.bpmn');
      const state = await server.engine.start(await server.engine.definitions.find('review'), {
        variables: { initiator: 'x', amount: 1 },
      });
      const [task] = await server.db.knex('tasks').where({ instance_id: state.id });
      const key = String(task.id).split(':')[1];
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => server.engine.dispatch(state.id, { type: 'task.complete', key })),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results.filter((r) => r.status === 'rejected')) {
        expect(String((r as PromiseRejectedResult).reason)).toMatch(/No waiting user task|already completed/);
      }
    });

    it('handlers, call activities and timers run through the job executor, and survive a restart', async () => {
      // given
      const { server, url } = await boot();
      await deploy(server, 'call-child.bpmn', 'call-parent.bpmn', 'timers.bpmn');
      const parent = await server.engine.start(await server.engine.definitions.find('parent'), {
        variables: { customer: 'C-1', amount: 3 },
      });
      await server.executor.runDue();
      const [child] = await server.db.knex('instances').where({ process_key: 'kyc' });
      expect(child.business_key).toBe('C-1');
      const reminders = await server.engine.start(await server.engine.definitions.find('reminders'), {
        variables: { sla: 'PT2H' },
      });
      // when: the server restarts on the same database
      await server.close();
      const { server: again } = await boot(url);
      const [task] = await again.db.knex('tasks').where({ instance_id: child.id });
      await again.engine.dispatch(child.id, {
        type: 'task.complete',
        key: String(task.id).split(':')[1],
        variables: { values: { verdict: 'ok' } },
      });
      await again.executor.runDue();
      // then: the parent continued with the child's result
      expect((await again.engine.state(parent.id)).status).toBe('completed');
      expect((await again.engine.variables(parent.id)).values).toMatchObject({ kycResult: 'ok' });
      // and the timers fire late rather than never
      (again as BatonServer & { advance(ms: number): void }).advance(3 * 3_600_000);
      await again.executor.runDue();
      const state = await again.engine.state(reminders.id);
      expect(Object.values(state.elements).map((e) => e.elementId)).toContain('escalate');
    });

    it('messages: correlation by business key, buffering with a time to live, start by message', async () => {
      const { server } = await boot();
      await deploy(server, 'messages.bpmn');
      expect(
        await publishMessage(server.engine, 'paymentReceived', {
          correlationKey: 'O-9',
          timeToLive: 60_000,
          variables: { paid: 1 },
        }),
      ).toEqual([]);
      const [started] = await correlateMessage(server.engine, 'orderPlaced', {
        businessKey: 'O-9',
        variables: { orderId: 'O-9' },
      });
      expect(started.resultType).toBe('ProcessDefinition');
      await server.executor.runDue();
      const state = await server.engine.state(started.processInstanceId);
      expect(Object.values(state.elements).map((e) => e.elementId)).toContain('ship');
      expect(await server.db.knex('message_buffer')).toEqual([]);
      await expect(
        correlateMessage(server.engine, 'orderCancelled', { businessKey: 'nobody' }),
      ).rejects.toThrow(/Cannot correlate/);
    });

    it('a failing handler is retried, then raises an incident that retries resolve', async () => {
      const { server } = await boot();
      let fail = true;
      server.engine.registerHandler('check', () => {
        if (fail) throw new Error('downstream unavailable');
        return { variables: { approved: true } };
      });
      await deploy(server, 'straight.bpmn');
      const state = await server.engine.start(await server.engine.definitions.find('straight'));
      await server.executor.runDue();
      const [incident] = await server.db.knex('incidents').where({ instance_id: state.id, open: true });
      expect(incident).toMatchObject({
        element_id: 'check',
        type: 'failedJob',
        message: 'downstream unavailable',
      });
      fail = false;
      const [job] = await server.db.knex('jobs').where({ instance_id: state.id });
      await server.externalTasks.setRetries(job.id, 1);
      await server.executor.runDue();
      expect((await server.engine.state(state.id)).status).toBe('completed');
    });
  });
}
