import { describe, expect, it } from 'vitest';
import { bothModes, Harness } from '../support/harness.ts';

describe('service task and exclusive gateway', () => {
  it('emits the full event trace of a straight-through run', async () => {
    // given
    const h = await Harness.create();
    await h.deploy('straight.bpmn');
    h.handle('check', () => ({ variables: { approved: true } }));
    // when
    const { id } = h.engine.start('straight', { variables: { amount: 5 } });
    // then
    expect(h.trace(id)).toEqual([
      'instance.created',
      'activated:straight',
      'var:amount=5',
      'activated:start',
      'completed:start',
      'flow:f1',
      'activated:check',
      'waiting:check:job',
      'var:approved=true',
      'completed:check',
      'flow:f2',
      'activated:decide',
      'completed:decide',
      'flow:fApproved',
      'activated:approved',
      'completed:approved',
      'completed:straight',
      'instance.completed',
    ]);
  });

  it('runs start -> external task -> exclusive gateway -> end, taking the true condition', async () => {
    const h = await bothModes(async (h) => {
      // given
      await h.deploy('straight.bpmn');
      const { id } = h.engine.start('straight', { variables: { amount: 5 } });
      await h.waitPoint();
      // when
      const [task] = h.engine.externalTasks.fetchAndLock('worker-1', 10, [
        { topicName: 'check', lockDuration: 10_000 },
      ]);
      expect(task.variables).toEqual({ amount: 5 });
      h.engine.externalTasks.complete(task.id, 'worker-1', { variables: { approved: true } });
      // then
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.path(id)).toEqual(['straight', 'start', 'check', 'decide', 'approved']);
    });
    expect(h.trace()).toContain('waiting:check:job');
  });

  it('takes the default flow when no condition holds, through an in-process handler', async () => {
    // given
    const h = await Harness.create();
    await h.deploy('straight.bpmn');
    h.handle('check', (job) => ({ variables: { approved: job.variables.amount === 1 } }));
    // when
    const { id } = h.engine.start('straight', { variables: { amount: 7 } });
    // then
    expect(h.engine.instance(id).status).toBe('completed');
    expect(h.path(id)).toContain('rejected');
    expect(h.engine.variables(id)).toEqual({ amount: 7, approved: false });
  });

  it('raises an incident when the condition cannot be evaluated, and retries once fixed', async () => {
    // given: the handler returns no `approved`, so ${approved} names an unknown variable
    const h = await Harness.create();
    await h.deploy('straight.bpmn');
    h.handle('check', () => ({}));
    const { id } = h.engine.start('straight');
    // then
    const [incident] = h.engine.incidents({ instanceId: id });
    expect(incident.elementId).toBe('decide');
    expect(incident.message).toMatch(/approved/);
    expect(h.active(id)).toEqual(['decide']);
    // when
    h.engine.setVariables(id, { variables: { approved: true } });
    h.engine.resolveIncident(id, incident.id);
    // then
    expect(h.engine.instance(id).status).toBe('completed');
    expect(h.path(id).at(-1)).toBe('approved');
  });

  it('retries a failing handler, then raises an incident that setJobRetries resolves', async () => {
    // given
    const h = await Harness.create();
    await h.deploy('straight.bpmn');
    let calls = 0;
    let fail = true;
    h.handle('check', () => {
      calls++;
      if (fail) throw new Error('core banking is down');
      return { variables: { approved: true } };
    });
    // when
    const { id } = h.engine.start('straight');
    // then
    expect(calls).toBe(3);
    const [incident] = h.engine.incidents({ instanceId: id });
    expect(incident).toMatchObject({
      elementId: 'check',
      type: 'failedJob',
      message: 'core banking is down',
    });
    // when
    fail = false;
    h.engine.setJobRetries(h.engine.jobs.list({ instanceId: id })[0].id, 1);
    // then
    expect(h.engine.instance(id).status).toBe('completed');
    expect(h.engine.incidents({ instanceId: id })).toEqual([]);
  });
});

describe('user tasks', () => {
  it('creates a Camunda 7 task with assignee, candidates, due date, priority and form fields', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('usertask-c7.bpmn');
      const { id } = h.engine.start('review', { variables: { initiator: 'carla', amount: 5000 } });
      await h.waitPoint();
      // when
      const [task] = h.engine.tasks.list({ processInstanceId: id });
      // then
      expect(task).toMatchObject({
        name: 'Review claim',
        taskDefinitionKey: 'reviewClaim',
        assignee: 'carla',
        candidateUsers: ['ann', 'bob'],
        candidateGroups: ['underwriters', 'seniors'],
        dueDate: '2026-02-01T12:00:00.000Z',
        priority: 80,
        formKey: 'embedded:app:forms/review.html',
      });
      expect(task.formFields?.map((f) => [f.id, f.type, f.required ?? false])).toEqual([
        ['approved', 'boolean', true],
        ['level', 'enum', false],
      ]);
      expect(h.engine.tasks.list({ candidateUser: 'dora', groups: ['seniors'] })).toHaveLength(1);
      expect(h.engine.tasks.list({ candidateUser: 'dora', groups: ['clerks'] })).toHaveLength(0);
      // when
      h.engine.tasks.unclaim(task.id);
      h.engine.tasks.claim(task.id, 'ann');
      await h.waitPoint();
      expect(() => h.engine.tasks.claim(task.id, 'bob')).toThrow(/already claimed by 'ann'/);
      h.engine.tasks.complete(task.id, { variables: { approved: true } });
      // then
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.variables(id)).toMatchObject({ approved: true });
      expect(h.engine.tasks.list()).toEqual([]);
    });
  });

  it('creates a Camunda 8 task with FEEL assignment, form, schedule, priority and io mappings', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('usertask-c8.bpmn');
      const { id } = h.engine.start('review8', {
        variables: { owner: 'dan', region: 'north', due: '2026-03-01T00:00:00Z', amount: 21 },
      });
      await h.waitPoint();
      const [task] = h.engine.tasks.list({ processInstanceId: id });
      // then
      expect(task).toMatchObject({
        assignee: 'dan',
        candidateGroups: ['underwriters', 'north'],
        formKey: 'review-form',
        dueDate: '2026-03-01T00:00:00.000Z',
        priority: 70,
      });
      expect(h.engine.variables(id, h.engine.state(id).elements[task.id.split(':')[1]].key)).toMatchObject({
        doubled: 42,
      });
      // when: the completion variables stay local; only the output mapping leaves the task
      h.engine.tasks.complete(task.id, { variables: { decision: 'yes' } });
      // then
      expect(h.engine.variables(id)).toEqual({
        owner: 'dan',
        region: 'north',
        due: '2026-03-01T00:00:00Z',
        amount: 21,
        approved: true,
      });
      expect(h.path(id).at(-1)).toBe('yes');
    });
  });
});

describe('parallel gateway', () => {
  it('forks to every branch and joins once all have arrived', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('parallel.bpmn');
      const { id } = h.engine.start('parallel');
      await h.waitPoint();
      expect(h.active(id)).toEqual(['a', 'b']);
      expect(h.trace(id)).toContain('arrived:join:jc');
      // when
      h.engine.tasks.complete(h.taskId(id, 'a'));
      await h.waitPoint();
      // then
      expect(h.engine.instance(id).status).toBe('active');
      // when
      h.engine.tasks.complete(h.taskId(id, 'b'));
      // then
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.path(id).filter((e) => e === 'join')).toHaveLength(1);
      expect(h.trace(id).slice(-11)).toEqual([
        'completed:b',
        'flow:jb',
        'arrived:join:jb',
        'joined:join',
        'activated:join',
        'completed:join',
        'flow:f9',
        'activated:end',
        'completed:end',
        'completed:parallel',
        'instance.completed',
      ]);
    });
  });
});
