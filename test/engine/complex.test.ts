import { describe, expect, it } from 'vitest';
import { bothModes, type Harness } from '../support/harness.ts';

const fired = (h: Harness, id: string, gateway: string) => h.path(id).filter((e) => e === gateway).length;

describe('complex gateway', () => {
  it('fires once when two of three branches arrived, consumes the third at reset, and cycles again', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('complex.bpmn');
      const { id } = h.engine.start('complexLoop');
      await h.waitPoint();
      // when: the first branch arrives
      h.engine.tasks.complete(h.taskId(id, 'a'));
      await h.waitPoint();
      // then: one token is not enough
      expect(h.active(id)).toEqual(['b', 'c']);
      // when: the second arrives
      h.engine.tasks.complete(h.taskId(id, 'b'));
      await h.waitPoint();
      // then: fired once; waiting for reset until c arrives
      expect(fired(h, id, 'join')).toBe(1);
      expect(h.active(id)).toEqual(['after', 'c']);
      expect(h.engine.state(id).elements[h.engine.state(id).root].resets).toEqual({ join: ['jc'] });
      // when: the third arrives
      h.engine.tasks.complete(h.taskId(id, 'c'));
      await h.waitPoint();
      // then: consumed silently, the gateway is reset
      expect(fired(h, id, 'join')).toBe(1);
      expect(h.active(id)).toEqual(['after']);
      expect(h.engine.state(id).elements[h.engine.state(id).root].resets).toBeUndefined();
      // when: a second cycle, in another order
      h.engine.tasks.complete(h.taskId(id, 'after'), { variables: { again: true } });
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'c'));
      h.engine.tasks.complete(h.taskId(id, 'a'));
      await h.waitPoint();
      // then
      expect(fired(h, id, 'join')).toBe(2);
      expect(h.active(id)).toEqual(['after', 'b']);
      h.engine.tasks.complete(h.taskId(id, 'b'));
      h.engine.tasks.complete(h.taskId(id, 'after'), { variables: { again: false } });
      expect(h.engine.instance(id).status).toBe('completed');
      expect(fired(h, id, 'join')).toBe(2);
    });
  });

  it('the fired gateway holds activationCount, so outgoing conditions can read it', async () => {
    await bothModes(async (h) => {
      await h.deploy('complex.bpmn');
      const { id } = h.engine.start('complexLoop');
      h.engine.tasks.complete(h.taskId(id, 'c'));
      h.engine.tasks.complete(h.taskId(id, 'b'));
      await h.waitPoint();
      expect(h.trace(id)).toContain('var:activationCount=2');
    });
  });

  it('a branch that can never arrive does not block the reset (FEEL, diverging complex split)', async () => {
    await bothModes(async (h) => {
      // given: the split takes two of three branches
      await h.deploy('complex.bpmn');
      const { id } = h.engine.start('complexSkip', { variables: { a: true, b: true, c: false } });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['ta', 'tb']);
      // when
      h.engine.tasks.complete(h.taskId(id, 'tb'));
      h.engine.tasks.complete(h.taskId(id, 'ta'));
      await h.waitPoint();
      // then: fired, and reset at once: no token can reach the third branch
      expect(h.active(id)).toEqual(['next']);
      expect(h.trace(id).filter((t) => t === 'complex.awaiting')).toHaveLength(2);
      expect(h.engine.state(id).elements[h.engine.state(id).root].resets).toBeUndefined();
      h.engine.tasks.complete(h.taskId(id, 'next'));
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('the diverging side raises an incident when no condition holds', async () => {
    await bothModes(async (h) => {
      await h.deploy('complex.bpmn');
      const { id } = h.engine.start('complexSkip', { variables: { a: false, b: false, c: false } });
      expect(h.engine.incidents({ instanceId: id })[0].message).toMatch(
        /No outgoing sequence flow of complex gateway 'split' has a true condition/,
      );
    });
  });

  it('without an activation condition it joins like an inclusive gateway', async () => {
    await bothModes(async (h) => {
      await h.deploy('complex.bpmn');
      const { id } = h.engine.start('complexPlain');
      h.engine.tasks.complete(h.taskId(id, 'pa'));
      await h.waitPoint();
      expect(h.active(id)).toEqual(['pb']);
      h.engine.tasks.complete(h.taskId(id, 'pb'));
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.path(id).filter((e) => e === 'all')).toHaveLength(1);
    });
  });

  it('an activation condition that fails raises an incident on the gateway; resolving evaluates again', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('complex.bpmn');
      const { id } = h.engine.start('complexBroken');
      // when: `limit` is missing
      h.engine.tasks.complete(h.taskId(id, 'xa'));
      await h.waitPoint();
      // then
      const [incident] = h.engine.incidents({ instanceId: id });
      expect(incident.elementId).toBe('limited');
      expect(incident.message).toMatch(/Activation condition of complex gateway 'limited' failed/);
      // when: fixed; one token is not enough for limit 2, so the gateway does not fire
      h.engine.setVariables(id, { variables: { limit: 2 } });
      h.engine.resolveIncident(id, incident.id);
      await h.waitPoint();
      expect(h.active(id)).toEqual(['xb']);
      // when: the second token arrives
      h.engine.tasks.complete(h.taskId(id, 'xb'));
      // then
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });
});
