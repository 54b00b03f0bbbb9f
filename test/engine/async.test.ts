import { describe, expect, it } from 'vitest';
import { bothModes } from '../support/harness.ts';

describe('asynchronous continuations', () => {
  it('asyncBefore and asyncAfter stop at a transaction boundary and go on through a job', async () => {
    const h = await bothModes(async (h) => {
      // given
      await h.deploy('async.bpmn');
      // when: in memory the continuation job runs right after the step that reached it
      const { id } = h.engine.start('asyncFlow');
      // then
      expect(h.engine.variables(id)).toEqual({ prepared: true });
      expect(h.active(id)).toEqual(['approve']);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'approve'), { variables: { ok: true } });
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.tasks.list()).toEqual([]);
    });
    expect(h.trace()).toEqual(
      expect.arrayContaining([
        'waiting:prepare:continuation',
        'waiting:approve:task',
        'waiting:approve:continuation',
      ]),
    );
    const trace = h.trace();
    expect(trace.indexOf('waiting:prepare:continuation')).toBeLessThan(trace.indexOf('var:prepared=true'));
  });
});
