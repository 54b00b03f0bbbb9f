import { describe, expect, it } from 'vitest';
import { bothModes } from '../support/harness.ts';

describe('escalation across call activities, signals with variables, conditions', () => {
  it('an escalation in a called process reaches the caller non-interrupting; one nobody catches lets the token go on', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('escalation-signal-conditions.bpmn');
      const { id } = h.engine.start('caller');
      // then
      const [child] = h.engine.listInstances({ processId: 'helper' });
      expect(h.active(id)).toEqual(['assist', 'callHelper']);
      expect(h.active(child.id)).toEqual(['helperWork']);
      expect(h.engine.incidents()).toEqual([]);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'assist'));
      h.engine.tasks.complete(h.taskId(child.id, 'helperWork'));
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('a signal end event sends all variables; the event-based gateway takes the signal branch', async () => {
    await bothModes(async (h) => {
      await h.deploy('escalation-signal-conditions.bpmn');
      const watcher = h.engine.start('watcher', { variables: { size: 1 } }).id;
      const helper = h.engine.start('helper', { variables: { report: 'R-1' } }).id;
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(helper, 'helperWork'));
      expect(h.path(watcher)).toContain('we1');
      expect(h.engine.variables(watcher)).toMatchObject({ report: 'R-1' });
    });
  });

  it('the event-based gateway takes the conditional branch when its condition comes true', async () => {
    await bothModes(async (h) => {
      await h.deploy('escalation-signal-conditions.bpmn');
      const { id } = h.engine.start('watcher', { variables: { size: 1 } });
      await h.waitPoint();
      h.engine.setVariables(id, { variables: { size: 11 } });
      expect(h.path(id)).toContain('we2');
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('a signal starts an interrupting event sub-process', async () => {
    await bothModes(async (h) => {
      await h.deploy('escalation-signal-conditions.bpmn');
      const { id } = h.engine.start('watcher', { variables: { size: 1 } });
      await h.waitPoint();
      h.engine.broadcastSignal('stop');
      expect(h.path(id)).toContain('onStop');
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('conditional start events start the processes whose condition holds', async () => {
    await bothModes(async (h) => {
      await h.deploy('escalation-signal-conditions.bpmn');
      expect(() => h.engine.evaluateConditions({ total: 5 })).toThrow(/No conditional start event/);
      const [started] = h.engine.evaluateConditions({ total: 5000 }, { businessKey: 'ORD-1' });
      expect(started.processId).toBe('onLargeOrder');
      expect(h.active(started.id)).toEqual(['approveLarge']);
      expect(h.engine.variables(started.id)).toEqual({ total: 5000 });
      await h.waitPoint();
    });
  });
});
