import { describe, expect, it } from 'vitest';
import { bothModes, Harness } from '../support/harness.ts';

describe('multi-instance', () => {
  it('parallel over a collection: one task per element, completion condition ends the rest', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('multi-instance.bpmn');
      const { id } = h.engine.start('miParallel', { variables: { reviewers: ['ann', 'bob', 'cid'] } });
      await h.waitPoint();
      // then
      const tasks = h.engine.tasks.list({ processInstanceId: id });
      expect(tasks.map((t) => t.assignee)).toEqual(['ann', 'bob', 'cid']);
      const body = Object.values(h.engine.state(id).elements).find((e) => e.body === 'multiInstance')!;
      expect(body.vars).toEqual({ nrOfInstances: 3, nrOfActiveInstances: 3, nrOfCompletedInstances: 0 });
      const loopCounters = Object.values(h.engine.state(id).elements)
        .filter((e) => e.inner)
        .map((e) => e.vars?.loopCounter);
      expect(loopCounters).toEqual([0, 1, 2]);
      // when
      h.engine.tasks.complete(tasks[1].id);
      await h.waitPoint();
      expect(h.engine.tasks.list({ processInstanceId: id })).toHaveLength(2);
      h.engine.tasks.complete(tasks[0].id);
      // then: nrOfCompletedInstances >= 2 ends the body, cid's task is terminated
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.trace(id).filter((t) => t === 'terminated:review')).toHaveLength(1);
    });
  });

  it('sequential sub-process with a cardinality runs the iterations one after another', async () => {
    const h = await bothModes(async (h) => {
      await h.deploy('multi-instance.bpmn');
      const { id } = h.engine.start('miSequential');
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.variables(id)).toEqual({ seen: [0, 1, 2] });
    });
    expect(h.trace().filter((t) => t === 'activated:sub')).toHaveLength(3);
    expect(h.trace().filter((t) => t === 'activated:sub(body)')).toHaveLength(1);
  });

  it('Camunda 8: input element per job, output collection in order, zeebe counters', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('multi-instance.bpmn');
      const { id } = h.engine.start('miZeebe', { variables: { applicants: ['x', 'yy', 'zzz'] } });
      await h.waitPoint();
      const jobs = h.engine.externalTasks.fetchAndLock('w', 10, [{ topicName: 'score', lockDuration: 1000 }]);
      expect(jobs.map((j) => [j.variables.applicant, j.variables.loopCounter])).toEqual([
        ['x', 1],
        ['yy', 2],
        ['zzz', 3],
      ]);
      // when: completed out of order
      for (const job of [jobs[2], jobs[0], jobs[1]]) {
        h.engine.externalTasks.complete(job.id, 'w', {
          variables: { result: String(job.variables.applicant).length },
        });
      }
      // then
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.variables(id)).toMatchObject({ scores: [1, 2, 3] });
    });
  });

  it('an empty collection completes the activity without iterations', async () => {
    const h = await Harness.create();
    await h.deploy('multi-instance.bpmn');
    const { id } = h.engine.start('miParallel', { variables: { reviewers: [] } });
    expect(h.engine.instance(id).status).toBe('completed');
  });

  it('a collection that is not a list raises an incident naming the expression', async () => {
    const h = await Harness.create();
    await h.deploy('multi-instance.bpmn');
    const { id } = h.engine.start('miParallel', { variables: { reviewers: 'ann' } });
    expect(h.engine.incidents({ instanceId: id })[0].message).toMatch(
      /input collection must be a list.*\$\{reviewers\}/,
    );
  });
});

describe('standard loop', () => {
  it('repeats while the loop condition holds (test after)', async () => {
    await bothModes(async (h) => {
      await h.deploy('loop.bpmn');
      const { id } = h.engine.start('standardLoop', { variables: { goal: 3 } });
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.variables(id)).toEqual({ goal: 3, tries: 3 });
    });
  });

  it('stops at loopMaximum', async () => {
    const h = await Harness.create();
    await h.deploy('loop.bpmn');
    const { id } = h.engine.start('standardLoop', { variables: { goal: 100 } });
    expect(h.engine.variables(id)).toEqual({ goal: 100, tries: 10 });
  });
});
