import { describe, expect, it } from 'vitest';
import { bothModes } from '../support/harness.ts';

describe('embedded sub-process and terminate end events', () => {
  it('a terminate end inside a sub-process ends only the sub-process; at the top it ends the instance', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('subprocess-terminate.bpmn');
      const { id } = h.engine.start('subTerminate');
      await h.waitPoint();
      expect(h.active(id)).toEqual(['outside', 'quick', 'slow', 'sub']);
      // sub-process input mappings are local to it
      const sub = Object.values(h.engine.state(id).elements).find((e) => e.elementId === 'sub')!;
      expect(sub.vars).toEqual({ local: 'inside' });
      // when
      h.engine.tasks.complete(h.taskId(id, 'quick'));
      await h.waitPoint();
      // then: slow was terminated, the sub-process left normally
      expect(h.trace(id)).toContain('terminated:slow');
      expect(h.active(id)).toEqual(['afterSub', 'outside']);
      expect(h.engine.variables(id)).toEqual({});
      // when
      h.engine.tasks.complete(h.taskId(id, 'afterSub'));
      // then: the top-level terminate end completes the instance and terminates `outside`
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.trace(id)).toContain('terminated:outside');
      expect(h.trace(id).at(-1)).toBe('instance.completed');
    });
  });

  it('cancelling an instance terminates every token inside out', async () => {
    await bothModes(async (h) => {
      await h.deploy('subprocess-terminate.bpmn');
      const { id } = h.engine.start('subTerminate');
      await h.waitPoint();
      h.engine.cancel(id, 'customer withdrew');
      expect(h.engine.instance(id).status).toBe('terminated');
      expect(h.engine.tasks.list()).toEqual([]);
      const terminated = h.trace(id).filter((t) => t.startsWith('terminated:'));
      expect(terminated.indexOf('terminated:slow')).toBeLessThan(terminated.indexOf('terminated:sub'));
      expect(terminated.at(-1)).toBe('terminated:subTerminate');
    });
  });
});

describe('call activity', () => {
  it('starts the latest child with camunda:in mappings, waits, and maps camunda:out back', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('call-child.bpmn', 'call-parent.bpmn');
      const { id } = h.engine.start('parent', { variables: { customer: 'C-42', amount: 100 } });
      await h.waitPoint();
      const [child] = h.engine.listInstances({ processId: 'kyc' });
      // then
      expect(child.businessKey).toBe('C-42');
      expect(h.engine.state(child.id).parent).toEqual({ instanceId: id, key: '3' });
      expect(h.engine.variables(child.id)).toEqual({ person: 'C-42', limit: 200 });
      // when
      h.engine.tasks.complete(h.taskId(child.id, 'verify'), { variables: { verdict: 'clean', extra: 1 } });
      // then
      expect(h.engine.instance(child.id).status).toBe('completed');
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.variables(id)).toEqual({ customer: 'C-42', amount: 100, kycResult: 'clean' });
    });
  });

  it('passes all variables in and out with a pinned version', async () => {
    await bothModes(async (h) => {
      await h.deploy('call-child.bpmn', 'call-parent.bpmn');
      const { id } = h.engine.start('parentAll', { variables: { customer: 'C-7' } });
      await h.waitPoint();
      const [child] = h.engine.listInstances({ processId: 'kyc' });
      expect(h.engine.variables(child.id)).toEqual({ customer: 'C-7' });
      h.engine.tasks.complete(h.taskId(child.id, 'verify'), { variables: { verdict: 'ok' } });
      expect(h.engine.variables(id)).toEqual({ customer: 'C-7', verdict: 'ok' });
    });
  });

  it('Camunda 8: FEEL called element, io mappings, only mapped outputs leave the child', async () => {
    await bothModes(async (h) => {
      await h.deploy('call-child.bpmn', 'call-parent.bpmn');
      const { id } = h.engine.start('parentZeebe', { variables: { customer: 'Z', childId: 'kyc' } });
      await h.waitPoint();
      const [child] = h.engine.listInstances({ processId: 'kyc' });
      expect(h.engine.variables(child.id)).toMatchObject({ person: 'Z', customer: 'Z' });
      h.engine.tasks.complete(h.taskId(child.id, 'verify'), { variables: { verdict: 'fine', noise: true } });
      expect(h.engine.variables(id)).toEqual({ customer: 'Z', childId: 'kyc', zeebeVerdict: 'fine' });
    });
  });

  it('raises an incident when the called process does not exist, and terminates the child with its parent', async () => {
    await bothModes(async (h) => {
      await h.deploy('call-child.bpmn', 'call-parent.bpmn');
      const bad = h.engine.start('parentZeebe', { variables: { childId: 'nope', customer: 'C' } });
      expect(h.engine.incidents({ instanceId: bad.id })[0].message).toMatch(
        /No process definition with key 'nope'/,
      );
      const { id } = h.engine.start('parent', { variables: { customer: 'C', amount: 1 } });
      await h.waitPoint();
      h.engine.cancel(id);
      const [child] = h.engine.listInstances({ processId: 'kyc' });
      expect(child.status).toBe('terminated');
    });
  });
});
