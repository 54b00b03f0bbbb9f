import { describe, expect, it } from 'vitest';
import { bothModes, Harness } from '../support/harness.ts';

describe('script tasks', () => {
  it('runs JavaScript with execution.getVariable/setVariable and resultVariable, then FEEL', async () => {
    await bothModes(async (h) => {
      await h.deploy('scripts.bpmn');
      const { id } = h.engine.start('scripts', { variables: { amount: 1500, spin: false } });
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.engine.variables(id)).toEqual({
        amount: 1500,
        spin: false,
        risk: 'high',
        doubled: 3000,
        plusOne: 3001,
      });
    });
  });

  it('an endless script raises an incident instead of freezing the engine', async () => {
    // given
    const h = await Harness.create();
    await h.deploy('scripts.bpmn');
    // when
    const { id } = h.engine.start('scripts', { variables: { amount: 1, spin: true } });
    // then
    const [incident] = h.engine.incidents({ instanceId: id });
    expect(incident).toMatchObject({ elementId: 'spin', type: 'script' });
    expect(incident.message).toMatch(/time limit/);
    // and the engine still works
    const other = h.engine.start('scripts', { variables: { amount: 2, spin: false } });
    expect(h.engine.instance(other.id).status).toBe('completed');
  });
});

describe('receive tasks and the event-based gateway', () => {
  it('the first target to be triggered wins and the others are terminated', async () => {
    await bothModes(async (h) => {
      await h.deploy('receive-eventgateway.bpmn');
      const { id } = h.engine.start('race');
      await h.waitPoint();
      expect(h.active(id)).toEqual(['cancelled', 'paid']);
      h.engine.trigger(id, 'paid', { variables: { amount: 10 } });
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.trace(id)).toContain('terminated:cancelled');
      expect(h.engine.variables(id)).toEqual({ amount: 10 });
    });
  });

  it('triggering an element that is not waiting is a clear error', async () => {
    const h = await Harness.create();
    await h.deploy('receive-eventgateway.bpmn');
    const { id } = h.engine.start('race');
    expect(() => h.engine.trigger(id, 'end')).toThrow(/No waiting 'end'/);
  });
});
