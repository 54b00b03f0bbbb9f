import { describe, expect, it } from 'vitest';
import { bothModes, Harness } from '../support/harness.ts';

describe('jobs, mappings and variables', () => {
  it('runs expression, send (Camunda 8 job) and business rule (Camunda 7 class) tasks, then a multi-instance call activity', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('call-child.bpmn', 'jobs.bpmn');
      const { id } = h.engine.start('jobs', {
        businessKey: 'B-9',
        variables: { amount: 7, channel: 'mail', people: ['ann', 'bob'] },
      });
      await h.waitPoint();
      // then: camunda:expression ran on the spot; the send task is a job of an evaluated type
      expect(h.engine.variables(id)).toMatchObject({ tripled: 21 });
      const [notify] = h.engine.externalTasks.fetchAndLock('w', 5, [
        { topicName: 'notify-mail', lockDuration: 60_000 },
      ]);
      expect(notify).toMatchObject({
        activityId: 'notify',
        retries: 5,
        headers: { template: 'welcome' },
        businessKey: 'B-9',
      });
      h.engine.externalTasks.complete(notify.id, 'w');
      await h.waitPoint();
      // the business rule task's class is its topic; list/map inputs are local to it
      const [rules] = h.engine.externalTasks.fetchAndLock('w', 5, [
        { topicName: 'com.acme.RiskRules', lockDuration: 60_000 },
      ]);
      expect(rules.variables).toMatchObject({ limits: [7, '100'], meta: { who: 'B-9' } });
      h.engine.externalTasks.complete(rules.id, 'w', { variables: { score: 9 } });
      await h.waitPoint();
      // the output mapping leaves, the worker's local result does not
      expect(h.engine.variables(id)).toMatchObject({ verdict: 'accept' });
      expect(h.engine.variables(id)).not.toHaveProperty('score');
      expect(h.engine.variables(id)).not.toHaveProperty('limits');
      // when: one called instance per person
      const children = h.engine.listInstances({ processId: 'kyc', status: 'active' });
      expect(children.map((c) => h.engine.variables(c.id).person)).toEqual(['ann', 'bob']);
      for (const child of children) {
        h.engine.tasks.complete(h.taskId(child.id, 'verify'), {
          variables: { verdict: `ok-${String(h.engine.variables(child.id).person)}` },
        });
        await h.waitPoint();
      }
      // then
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.variables(id).lastVerdict).toMatch(/^ok-/);
    });
  });

  it('external task failure with retries left is retried after the timeout; at zero it becomes an incident', async () => {
    const h = await Harness.create();
    await h.deploy('straight.bpmn');
    const { id } = h.engine.start('straight');
    const fetch = () =>
      h.engine.externalTasks.fetchAndLock('w', 1, [{ topicName: 'check', lockDuration: 1000 }]);
    // when
    const [first] = fetch();
    h.engine.externalTasks.handleFailure(first.id, 'w', {
      errorMessage: 'timeout',
      retries: 1,
      retryTimeout: 5000,
    });
    // then: not fetchable until the retry timeout passed
    expect(fetch()).toEqual([]);
    h.advance(5001);
    const [second] = fetch();
    expect(second.retries).toBe(1);
    // when
    h.engine.externalTasks.handleFailure(second.id, 'w', { errorMessage: 'still down', retries: 0 });
    // then
    expect(h.engine.incidents({ instanceId: id })).toMatchObject([
      { type: 'failedJob', message: 'still down', elementId: 'check' },
    ]);
    expect(fetch()).toEqual([]);
    // when the operator gives it retries again
    h.engine.setJobRetries(second.id, 2);
    const [third] = fetch();
    h.engine.externalTasks.complete(third.id, 'w', { variables: { approved: true } });
    expect(h.engine.instance(id).status).toBe('completed');
  });

  it('a worker cannot complete a task locked by another worker, nor after its lock expired', async () => {
    const h = await Harness.create();
    await h.deploy('straight.bpmn');
    h.engine.start('straight');
    const [task] = h.engine.externalTasks.fetchAndLock('w1', 1, [{ topicName: 'check', lockDuration: 1000 }]);
    expect(() => h.engine.externalTasks.complete(task.id, 'w2')).toThrow(/not locked by worker 'w2'/);
    h.advance(1001);
    expect(() => h.engine.externalTasks.complete(task.id, 'w1')).toThrow(/not locked/);
    const [again] = h.engine.externalTasks.fetchAndLock('w2', 1, [
      { topicName: 'check', lockDuration: 1000 },
    ]);
    expect(again.id).toBe(task.id);
  });

  it('keeps Camunda variable types: Long, Double, Date and Json round-trip with their type', async () => {
    await bothModes(async (h) => {
      await h.deploy('usertask-c7.bpmn');
      const { id } = h.engine.start('review', {
        variables: {
          initiator: 'x',
          amount: 5,
          big: 42,
          ratio: 2,
          when: '2026-01-01T00:00:00.000Z',
          doc: { a: [1, 2] },
        },
        variableTypes: { big: 'Long', ratio: 'Double', when: 'Date' },
      });
      await h.waitPoint();
      expect(h.engine.variableTypes(id)).toEqual({ big: 'Long', ratio: 'Double', when: 'Date' });
      expect(h.engine.variables(id)).toMatchObject({ big: 42, ratio: 2, doc: { a: [1, 2] } });
      h.engine.setVariables(id, { variables: { big: 43 } });
      expect(h.engine.variableTypes(id)).toEqual({ ratio: 'Double', when: 'Date' });
    });
  });

  it('refuses variable names that reach into object internals', async () => {
    const h = await Harness.create();
    await h.deploy('straight.bpmn');
    expect(() =>
      h.engine.start('straight', {
        variables: JSON.parse('{"__proto__": {"x": 1}}') as Record<string, unknown>,
      }),
    ).toThrow(/'__proto__' cannot be used as a variable name/);
    expect(() => h.engine.start('straight', { variables: { constructor: 1 } })).toThrow(/cannot be used/);
  });

  it('sets and deletes variables from outside, locally or by propagation', async () => {
    const h = await Harness.create();
    await h.deploy('usertask-c7.bpmn');
    const { id } = h.engine.start('review', { variables: { initiator: 'x', amount: 1 } });
    h.engine.setVariables(id, { variables: { note: 'hi' } });
    h.engine.deleteVariables(id, ['amount']);
    expect(h.engine.variables(id)).toEqual({ initiator: 'x', note: 'hi' });
  });
});
