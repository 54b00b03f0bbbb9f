/**
 * Concurrency over REST, on both databases: 50 parallel completions of one task and 50 parallel
 * correlations of one message to one waiting subscription each apply exactly once; every loser
 * gets a clear 4xx `{type, message}`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds, startTestServer, type TestServer } from './support.ts';

const MODEL = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d" targetNamespace="http://baton.dev/test">
  <bpmn:message id="m" name="paid" />
  <bpmn:process id="race" isExecutable="true">
    <bpmn:startEvent id="start" /><bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="approve" />
    <bpmn:userTask id="approve" /><bpmn:sequenceFlow id="f2" sourceRef="approve" targetRef="waitPaid" />
    <bpmn:intermediateCatchEvent id="waitPaid"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f3" sourceRef="waitPaid" targetRef="ship" />
    <bpmn:userTask id="ship" /><bpmn:sequenceFlow id="f4" sourceRef="ship" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const PARALLEL = 50;

interface Outcome {
  status: number;
  body: { type?: string; message?: string } | undefined;
}

for (const kind of await databaseKinds()) {
  describe(`concurrency over REST on ${kind}`, () => {
    let t: TestServer;
    beforeAll(async () => {
      t = await startTestServer(kind);
      await t.server.engine.deploy([{ name: 'race.bpmn', xml: MODEL }]);
    });
    afterAll(async () => {
      await t.close();
    });

    const parallel = (call: () => Promise<Outcome>) => Promise.all(Array.from({ length: PARALLEL }, call));
    const completions = async (instanceId: string, elementId: string) =>
      Number(
        (
          (await t.server.db
            .knex('events')
            .where({ instance_id: instanceId, type: 'element.completed' })
            .andWhereLike('payload', `%"elementId":"${elementId}"%`)
            .count({ n: '*' })
            .first()) as { n: number | string }
        ).n,
      );
    const expectOneWinner = (outcomes: Outcome[], winner: number) => {
      const won = outcomes.filter((o) => o.status === winner);
      const lost = outcomes.filter((o) => o.status !== winner);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(PARALLEL - 1);
      for (const o of lost) {
        expect(o.status).toBeGreaterThanOrEqual(400);
        expect(o.status).toBeLessThan(500);
        expect(o.body).toMatchObject({ type: expect.any(String), message: expect.any(String) });
      }
      return lost;
    };

    it(`${PARALLEL} parallel completions of one task: one 204, the rest 4xx, advanced once`, async () => {
      const started = await t.rest<{ id: string }>('POST', '/process-definition/key/race/start', {});
      expect(started.status).toBe(200);
      const id = started.body.id;
      const tasks = await t.rest<{ id: string }[]>('GET', `/task?processInstanceId=${id}`);
      expect(tasks.body).toHaveLength(1);
      const outcomes = await parallel(() =>
        t.rest('POST', `/task/${tasks.body[0].id}/complete`, {
          variables: { approved: { value: true, type: 'Boolean' } },
        }),
      );
      const lost = expectOneWinner(outcomes, 204);
      expect(new Set(lost.map((o) => o.status))).not.toContain(409); // no retry exhaustion
      expect(await completions(id, 'approve')).toBe(1);
      const subscriptions = await t.server.db.knex('subscriptions').where({ instance_id: id });
      expect(subscriptions).toHaveLength(1);
    });

    it(`${PARALLEL} parallel correlations of one message: consumed once, the rest 400`, async () => {
      const started = await t.rest<{ id: string }>('POST', '/process-definition/key/race/start', {
        businessKey: 'order-7',
      });
      const id = started.body.id;
      const [task] = (await t.rest<{ id: string }[]>('GET', `/task?processInstanceId=${id}`)).body;
      expect((await t.rest('POST', `/task/${task.id}/complete`, {})).status).toBe(204);
      const outcomes = await parallel(() =>
        t.rest('POST', '/message', { messageName: 'paid', businessKey: 'order-7' }),
      );
      const lost = expectOneWinner(outcomes, 204);
      for (const o of lost) expect(o.status).toBe(400);
      expect(lost[0].body?.message).toMatch(/mismatch|correlat/i);
      expect(await completions(id, 'waitPaid')).toBe(1);
      const after = await t.rest<{ taskDefinitionKey: string }[]>('GET', `/task?processInstanceId=${id}`);
      expect(after.body.map((x) => x.taskDefinitionKey)).toEqual(['ship']);
    });
  });
}
