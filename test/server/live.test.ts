/**
 * Live token positions over socket.io, on both databases: what a subscriber is pushed matches the
 * events table, late joiners and reconnecting clients end up exactly right, definition counts
 * move, and nothing is pushed for a step that did not commit.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LiveEvent, LiveInstanceSnapshot, LiveSnapshot } from '../../engine/src/index.ts';
import type { BatonServer } from '../../server/src/app.ts';
import { LiveClient } from './liveClient.ts';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://baton.dev/test">
  <bpmn:process id="order" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:userTask id="approve" name="Approve" /><bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="ship" />
    <bpmn:userTask id="ship" name="Ship" /><bpmn:sequenceFlow id="f3" sourceRef="ship" targetRef="charge" />
    <bpmn:serviceTask id="charge" camunda:type="external" camunda:topic="charge" /><bpmn:sequenceFlow id="f4" sourceRef="charge" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

/** The shown engine events of the events table, as (seq, type, element or flow). */
async function history(server: BatonServer, instanceId: string): Promise<string[]> {
  const rows = (await server.db
    .knex('events')
    .where({ instance_id: instanceId })
    .orderBy('seq')
    .select('seq', 'type', 'payload')) as { seq: number; type: string; payload: string }[];
  const out: string[] = [];
  for (const row of rows) {
    const e = JSON.parse(row.payload) as { elementId?: string; flowId?: string; wait?: { kind: string } };
    if (/^element\.(activated|completed|terminated)$/.test(row.type))
      out.push(`${row.seq} ${row.type} ${e.elementId}`);
    if (row.type === 'flow.taken') out.push(`${row.seq} flow.taken ${e.flowId}`);
    if (row.type === 'instance.completed') out.push(`${row.seq} instance.ended`);
  }
  return out;
}

function shown(events: LiveEvent[]): string[] {
  return events.flatMap((e) => {
    if (e.type.startsWith('element.') && 'elementId' in e) return [`${e.seq} ${e.type} ${e.elementId}`];
    if (e.type === 'flow.taken') return [`${e.seq} flow.taken ${e.flowId}`];
    if (e.type === 'instance.ended') return [`${e.seq} instance.ended`];
    return [];
  });
}

for (const kind of await databaseKinds()) {
  describe(`live feed on ${kind}`, () => {
    let t: TestServer;
    const clients: LiveClient[] = [];
    const connect = async () => {
      const c = await LiveClient.connect(t.url);
      clients.push(c);
      return c;
    };
    beforeEach(async () => {
      t = await startTestServer(kind);
      t.server.engine.registerHandler('charge', () => ({ variables: { charged: true } }));
      await t.server.engine.deploy([{ name: 'order.bpmn', xml: MODEL }]);
    });
    afterEach(async () => {
      for (const c of clients.splice(0)) c.close();
      await t.close();
    });

    const start = async () =>
      (await t.server.engine.start(await t.server.engine.definitions.find('order'))).id;
    const complete = async (instanceId: string, elementId: string) => {
      const [task] = (await t.server.db
        .knex('tasks')
        .where({ instance_id: instanceId, element_id: elementId })) as {
        id: string;
      }[];
      await t.server.engine.dispatch(instanceId, { type: 'task.complete', key: task.id.split(':')[1] });
    };
    const fresh = async (
      request: { instanceId: string } | { definitionId: string },
    ): Promise<LiveSnapshot> => {
      const reply = await (await connect()).subscribe(request);
      if (!reply.ok || reply.mode !== 'snapshot') throw new Error(JSON.stringify(reply));
      return reply.snapshot;
    };

    it('follows an instance to its end: the pushed events are the events table, after each commit', async () => {
      const id = await start();
      const client = await connect();
      const checks: Promise<void>[] = [];
      client.socket.on('batch', (batch) => {
        // Pushed only after the commit: another connection already sees the batch's events.
        checks.push(
          (async () => {
            const row = (await t.server.db
              .knex('events')
              .where({ instance_id: id })
              .max({ seq: 'seq' })
              .first()) as {
              seq: number | string;
            };
            expect(Number(row.seq)).toBeGreaterThanOrEqual(batch.seq);
          })(),
        );
      });
      const reply = await client.subscribe({ instanceId: id });
      expect(reply).toMatchObject({
        ok: true,
        mode: 'snapshot',
        snapshot: { status: 'active', active: { approve: 1 } },
      });
      const snapshot = client.snapshots.get(`instance:${id}`) as LiveInstanceSnapshot;
      const seq0 = snapshot.seq;
      expect(Object.values(snapshot.tasks)).toMatchObject([{ elementId: 'approve', name: 'Approve' }]);
      expect(snapshot.completed).toEqual({ start: 1 });
      expect(snapshot.flows).toEqual({ f1: 1 });

      await complete(id, 'approve');
      await complete(id, 'ship'); // the handler job then completes `charge` and the instance ends
      await client.until(() => snapshot.status === 'completed');
      await Promise.all(checks);

      expect(client.gaps).toEqual([]);
      expect(client.duplicates).toEqual([]);
      // Replayed from the start, the pushed events are exactly the events table's.
      const again = await connect();
      const replay = await again.subscribe({ instanceId: id, since: 0 });
      if (!replay.ok || replay.mode !== 'replay') throw new Error('expected a replay');
      expect(shown(replay.batch.events)).toEqual(await history(t.server, id));
      const pushed = client.batches.flatMap((b) => b.events);
      const all = await history(t.server, id);
      expect(shown(pushed)).toEqual(all.filter((line) => Number(line.split(' ')[0]) > seq0));
      expect(pushed.map((e) => e.type)).toContain('task.completed');
      expect(snapshot).toEqual(await fresh({ instanceId: id }));
      // The path matches the REST API's activity history.
      const activities = await t.rest<{ activityId: string; endTime: string | null; canceled: boolean }[]>(
        'GET',
        `/history/activity-instance?processInstanceId=${id}`,
      );
      expect(activities.status).toBe(200);
      const completed: Record<string, number> = {};
      for (const a of activities.body)
        if (a.endTime !== null && !a.canceled) completed[a.activityId] = (completed[a.activityId] ?? 0) + 1;
      const { order: _process, ...path } = snapshot.completed; // Camunda's history leaves out the process
      expect(path).toEqual(completed);
      expect(snapshot).toMatchObject({
        active: {},
        completed: { start: 1, approve: 1, ship: 1, charge: 1, end: 1, order: 1 },
        flows: { f1: 1, f2: 1, f3: 1, f4: 1 },
        tasks: {},
      });
    });

    it('a late joiner gets a snapshot and the rest with no gap; a reconnecting client replays from since', async () => {
      const id = await start();
      const early = await connect();
      await early.subscribe({ instanceId: id });
      await complete(id, 'approve');
      // Late joiner mid-instance.
      const late = await connect();
      const reply = await late.subscribe({ instanceId: id });
      expect(reply).toMatchObject({ ok: true, mode: 'snapshot', snapshot: { active: { ship: 1 } } });
      // A client that drops out and comes back with the last seq it saw.
      const flaky = await connect();
      await flaky.subscribe({ instanceId: id });
      const kept = flaky.snapshots.get(`instance:${id}`)!;
      flaky.close();
      await complete(id, 'ship');
      await early.until(
        () => (early.snapshots.get(`instance:${id}`) as LiveInstanceSnapshot).status === 'completed',
      );
      const back = await connect();
      back.snapshots.set(`instance:${id}`, structuredClone(kept));
      const replay = await back.subscribe({ instanceId: id, since: kept.seq });
      expect(replay).toMatchObject({ ok: true, mode: 'replay', batch: { from: kept.seq + 1 } });
      await late.until(
        () => (late.snapshots.get(`instance:${id}`) as LiveInstanceSnapshot).status === 'completed',
      );

      const final = await fresh({ instanceId: id });
      for (const c of [early, late, back]) {
        expect(c.gaps).toEqual([]);
        expect(c.duplicates).toEqual([]);
        expect(c.snapshots.get(`instance:${id}`)).toEqual(final);
      }
      // A `since` beyond what the server has falls back to a snapshot.
      const ahead = await (await connect()).subscribe({ instanceId: id, since: 10_000 });
      expect(ahead).toMatchObject({ ok: true, mode: 'snapshot', snapshot: final });
    });

    it('a definition subscription sees counts move, also when joining while commits race', async () => {
      const def = await t.server.engine.definitions.find('order');
      const watcher = await connect();
      const reply = await watcher.subscribe({ definitionId: def.id });
      expect(reply).toMatchObject({ ok: true, mode: 'snapshot', snapshot: { seq: 0, active: {} } });
      const name = `definition:${def.id}`;
      const ids = await Promise.all(Array.from({ length: 5 }, () => start()));
      await watcher.until(() => watcher.snapshots.get(name)!.seq === 5);
      expect(watcher.snapshots.get(name)).toMatchObject({
        active: { order: 5, approve: 5 },
        tasks: { approve: 5 },
      });
      await Promise.all(ids.slice(0, 2).map((id) => complete(id, 'approve')));
      await watcher.until(() => watcher.snapshots.get(name)!.seq === 7);
      expect(watcher.snapshots.get(name)).toMatchObject({
        active: { order: 5, approve: 3, ship: 2 },
        tasks: { approve: 3, ship: 2 },
      });

      // Late joiners while 40 commits race: each ends up where a fresh snapshot is.
      const joiners: LiveClient[] = [];
      const work = (async () => {
        const more = await Promise.all(Array.from({ length: 20 }, () => start()));
        await Promise.all([...more, ...ids.slice(2)].map((id) => complete(id, 'approve')));
      })();
      for (let i = 0; i < 6; i++) {
        const c = await connect();
        await c.subscribe({ definitionId: def.id });
        joiners.push(c);
        await new Promise((r) => setTimeout(r, 5));
      }
      await work;
      const final = (await fresh({ definitionId: def.id })) as LiveSnapshot;
      expect(final).toMatchObject({ active: { order: 25, ship: 25 }, tasks: { ship: 25 } });
      for (const c of [watcher, ...joiners]) {
        await c.until(() => c.snapshots.get(name)!.seq === final.seq);
        expect(c.gaps).toEqual([]);
        expect(c.snapshots.get(name)).toEqual(final);
      }
    });

    it('a commit seen out of order is caught up from the events table, without gap or duplicate', async () => {
      const id = await start();
      const client = await connect();
      await client.subscribe({ instanceId: id });
      const bus = t.server.engine.bus;
      const emit = bus.emit.bind(bus);
      let held: unknown;
      bus.emit = (name: string | symbol, ...args: unknown[]) => {
        const step = args[0] as { instanceId?: string } | undefined;
        if (name === 'committed' && step?.instanceId === id && held === undefined) {
          held = step; // the `approve` completion is seen late
          return true;
        }
        return emit(name, ...args);
      };
      try {
        await complete(id, 'approve');
        await complete(id, 'ship');
        await client.until(
          () => (client.snapshots.get(`instance:${id}`) as LiveInstanceSnapshot).status === 'completed',
        );
        emit('committed', held);
      } finally {
        bus.emit = emit;
      }
      await new Promise((r) => setTimeout(r, 100));
      expect(client.gaps).toEqual([]);
      expect(client.duplicates).toEqual([]);
      expect(client.batches[0].committedAt).toBe(0); // the catch-up batch
      expect(client.snapshots.get(`instance:${id}`)).toEqual(await fresh({ instanceId: id }));
    });

    it('pushes nothing for a step that did not commit', async () => {
      const id = await start();
      const client = await connect();
      await client.subscribe({ instanceId: id });
      const before = client.snapshots.get(`instance:${id}`)!.seq;
      const [task] = (await t.server.db.knex('tasks').where({ instance_id: id })) as { id: string }[];
      const key = task.id.split(':')[1];
      // The step is written, then its transaction rolls back.
      await expect(
        t.server.engine.dispatch(id, { type: 'task.complete', key }, async () => {
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');
      // A command the engine refuses.
      await expect(t.server.engine.dispatch(id, { type: 'task.complete', key: '999' })).rejects.toThrow();
      await new Promise((r) => setTimeout(r, 300));
      expect(client.batches).toEqual([]);
      await t.server.engine.dispatch(id, { type: 'task.complete', key });
      await client.until(() => client.batches.length === 1);
      expect(client.batches[0]).toMatchObject({ from: before + 1 });
      expect(client.gaps).toEqual([]);
    });

    it('answers bad and unknown subscriptions with {type, message}', async () => {
      const client = await connect();
      expect(await client.subscribe({ instanceId: 'nope' })).toMatchObject({
        ok: false,
        error: { type: 'NotFoundException' },
      });
      expect(await client.subscribe({ definitionId: 'nope' })).toMatchObject({
        ok: false,
        error: { type: 'NotFoundException' },
      });
      expect(await client.subscribe({} as { definitionId: string })).toMatchObject({
        ok: false,
        error: { type: 'InvalidRequestException' },
      });
      expect(t.server.live.hub.size).toBe(0);
    });
  });
}
