/**
 * /baton/process-definition/{id}/heatmap and /baton/dashboard on both databases, with the
 * server's injected clock: counts and durations per element, hourly buckets, what is open now.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dashboard, Heatmap } from '../../engine/src/index.ts';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';
import { deploy, start } from './runtimeSupport.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 09:30 UTC: the clock of the scenario's last steps. */
const T0 = Date.parse('2026-03-02T09:30:00.000Z');

for (const kind of await databaseKinds()) {
  describe(`/baton heatmap and dashboard on ${kind}`, () => {
    let t: TestServer;
    let now = T0;
    let definitionId: string;
    const complete = async (instanceId: string) => {
      const [task] = (await t.rest<{ id: string }[]>('GET', `/task?processInstanceId=${instanceId}`)).body;
      expect((await t.rest('POST', `/task/${task.id}/complete`, {})).status).toBe(204);
    };

    beforeAll(async () => {
      t = await startTestServer(kind, { executor: false, now: () => now });
      await deploy(t, ['insight-work.bpmn', 'insight-waits.bpmn']);
      definitionId = (await t.server.engine.definitions.find('insightWork')).id;
      // Eight days ago: outside the default heatmap week and the dashboard's hours.
      now = T0 - 8 * DAY;
      await complete(await start(t, 'insightWork'));
      // 08:15 two starts, one completed at 08:20 (5 minutes).
      now = T0 - HOUR - 15 * 60_000;
      const early = await start(t, 'insightWork');
      await start(t, 'insightWork');
      now += 5 * 60_000;
      await complete(early);
      // 09:00 ten starts, the i-th completed after i seconds (one left open).
      now = T0 - 30 * 60_000;
      const ids: string[] = [];
      for (let i = 0; i < 10; i++) ids.push(await start(t, 'insightWork'));
      for (let i = 1; i <= 9; i++) {
        now = T0 - 30 * 60_000 + i * 1000;
        await complete(ids[i - 1]);
      }
      // An instance with an incident and a task of group underwriters.
      now = T0;
      const joined = await start(t, 'insightJoin');
      const [locked] = (
        await t.rest<{ id: string }[]>('POST', '/external-task/fetchAndLock', {
          workerId: 'w',
          maxTasks: 1,
          topics: [{ topicName: 'score-risk', lockDuration: 1000, processInstanceId: joined }],
        })
      ).body;
      await t.rest('POST', `/external-task/${locked.id}/failure`, {
        workerId: 'w',
        errorMessage: 'down',
        retries: 0,
      });
    });
    afterAll(async () => {
      await t.close();
    });

    it('counts element instances of the last week with mean and p90 durations', async () => {
      // when
      const { status, body } = await t.rest<Heatmap>(
        'GET',
        `/baton/process-definition/${definitionId}/heatmap`,
      );
      // then
      expect(status).toBe(200);
      expect(body.definitionId).toBe(definitionId);
      expect(body.to).toBe(new Date(T0).toISOString());
      expect(body.from).toBe(new Date(T0 - 7 * DAY).toISOString());
      // work: 12 started; completed after 300 s once and 1..9 s nine times.
      const durations = [300_000, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000];
      const mean = Math.round(durations.reduce((a, b) => a + b, 0) / durations.length);
      expect(body.elements).toEqual([
        { elementId: 'end', count: 10, avgMs: 0, p90Ms: 0 },
        { elementId: 'start', count: 12, avgMs: 0, p90Ms: 0 },
        // nearest rank: the 9th of 10 sorted durations
        { elementId: 'work', count: 12, avgMs: mean, p90Ms: 9000 },
      ]);
    });

    it('takes an explicit period, and answers 400 / 404 for bad input', async () => {
      // when
      const base = `/baton/process-definition/${definitionId}/heatmap`;
      const from = new Date(T0 - 9 * DAY).toISOString();
      const to = new Date(T0 - 7 * DAY).toISOString();
      const old = await t.rest<Heatmap>('GET', `${base}?from=${from}&to=${to}`);
      const badFrom = await t.rest<{ type: string; message: string }>('GET', `${base}?from=yesterday`);
      const reversed = await t.rest<{ message: string }>('GET', `${base}?from=${to}&to=${from}`);
      const unknown = await t.rest<{ type: string }>('GET', '/baton/process-definition/nope/heatmap');
      // then
      expect(old.body.elements).toEqual([
        { elementId: 'end', count: 1, avgMs: 0, p90Ms: 0 },
        { elementId: 'start', count: 1, avgMs: 0, p90Ms: 0 },
        { elementId: 'work', count: 1, avgMs: 0, p90Ms: 0 },
      ]);
      expect(badFrom.status).toBe(400);
      expect(badFrom.body).toEqual({
        type: 'InvalidRequestException',
        message: "Query parameter 'from' must be an ISO date",
      });
      expect(reversed.status).toBe(400);
      expect(reversed.body.message).toContain("'from'");
      expect(unknown.status).toBe(404);
    });

    it('answers hourly buckets, cycle time and what is open now', async () => {
      // when
      const { status, body } = await t.rest<Dashboard>('GET', '/baton/dashboard?hours=3');
      // then
      expect(status).toBe(200);
      expect(body.from).toBe('2026-03-02T07:00:00.000Z');
      expect(body.to).toBe(new Date(T0).toISOString());
      expect(body.perHour).toEqual([
        { hour: '2026-03-02T07:00:00.000Z', started: 0, completed: 0 },
        { hour: '2026-03-02T08:00:00.000Z', started: 2, completed: 1 },
        { hour: '2026-03-02T09:00:00.000Z', started: 11, completed: 9 },
      ]);
      expect(body.avgCycleTimeMs).toBe(Math.round((300_000 + 45_000) / 10));
      expect(body.runningInstances).toBe(3);
      expect(body.openIncidents).toBe(1);
      expect(body.openTasks).toBe(3);
      expect(body.openTasksByGroup).toEqual({ clerks: 2, underwriters: 1 });
      expect(body.incidentsByDefinition).toEqual({ insightJoin: 1 });
    });

    it('defaults to 24 hours and refuses bad hours', async () => {
      // when
      const day = await t.rest<Dashboard>('GET', '/baton/dashboard');
      const zero = await t.rest<{ type: string; message: string }>('GET', '/baton/dashboard?hours=0');
      const text = await t.rest<{ message: string }>('GET', '/baton/dashboard?hours=many');
      // then
      expect(day.body.perHour).toHaveLength(24);
      expect(day.body.perHour.reduce((n, b) => n + b.started, 0)).toBe(13);
      expect(zero.status).toBe(400);
      expect(zero.body).toEqual({
        type: 'InvalidRequestException',
        message: "Query parameter 'hours' must be >= 1",
      });
      expect(text.status).toBe(400);
      expect(text.body.message).toContain("'hours'");
    });
  });
}
