import { describe, expect, it } from 'vitest';
import { bothModes } from '../support/harness.ts';

describe('inclusive gateway', () => {
  it('forks on every true condition and joins once, after the last taken branch', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('inclusive-diamond.bpmn');
      const { id } = h.engine.start('diamond', { variables: { a: true, b: true } });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['a', 'b']);
      // when
      h.engine.tasks.complete(h.taskId(id, 'a'));
      await h.waitPoint();
      // then: b can still reach the join
      expect(h.engine.instance(id).status).toBe('active');
      // when
      h.engine.tasks.complete(h.taskId(id, 'b'));
      // then
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.path(id).filter((e) => e === 'join')).toHaveLength(1);
    });
  });

  it('takes the default flow when no condition holds', async () => {
    await bothModes(async (h) => {
      await h.deploy('inclusive-diamond.bpmn');
      const { id } = h.engine.start('diamond', { variables: { a: false, b: false } });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['c']);
      h.engine.tasks.complete(h.taskId(id, 'c'));
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('does not wait for a branch that was not taken (the token went elsewhere)', async () => {
    await bothModes(async (h) => {
      // given: the second branch left through an exclusive gateway that bypasses the join
      await h.deploy('inclusive-not-taken.bpmn');
      const { id } = h.engine.start('notTaken', { variables: { toJoin: false } });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['a', 'elsewhere']);
      // when
      h.engine.tasks.complete(h.taskId(id, 'a'));
      // then: the join fires although another token is alive, because it cannot reach the join
      expect(h.active(id)).toEqual(['after', 'elsewhere']);
    });
  });

  it('waits for a branch that was taken towards the join', async () => {
    await bothModes(async (h) => {
      await h.deploy('inclusive-not-taken.bpmn');
      const { id } = h.engine.start('notTaken', { variables: { toJoin: true } });
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'a'));
      await h.waitPoint();
      expect(h.active(id)).toEqual(['b']);
      h.engine.tasks.complete(h.taskId(id, 'b'));
      expect(h.active(id)).toEqual(['after']);
    });
  });

  it('handles a loop inside a branch: waits while the looping token can still arrive', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('inclusive-loop.bpmn');
      const { id } = h.engine.start('orLoop');
      await h.waitPoint();
      // when: b arrives first, a loops back twice
      h.engine.tasks.complete(h.taskId(id, 'b'));
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'a'), { variables: { again: true } });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['a']);
      h.engine.tasks.complete(h.taskId(id, 'a'), { variables: { again: true } });
      await h.waitPoint();
      // then
      expect(h.engine.instance(id).status).toBe('active');
      h.engine.tasks.complete(h.taskId(id, 'a'), { variables: { again: false } });
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.path(id).filter((e) => e === 'join')).toHaveLength(1);
      expect(h.path(id).filter((e) => e === 'a')).toHaveLength(3);
    });
  });

  it('joins after nested gateways in an unbalanced graph', async () => {
    await bothModes(async (h) => {
      // given: the OR split opens one branch that a parallel gateway splits in two, both ending at the OR join
      await h.deploy('inclusive-nested.bpmn');
      const { id } = h.engine.start('nested', { variables: { useC: false } });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['a', 'b']);
      // when
      h.engine.tasks.complete(h.taskId(id, 'a'));
      await h.waitPoint();
      // then
      expect(h.active(id)).toEqual(['b']);
      h.engine.tasks.complete(h.taskId(id, 'b'));
      expect(h.active(id)).toEqual(['done']);
      expect(h.path(id).filter((e) => e === 'join')).toHaveLength(1);
    });
  });

  it('waits for all three branches of the nested graph when the third is taken', async () => {
    await bothModes(async (h) => {
      await h.deploy('inclusive-nested.bpmn');
      const { id } = h.engine.start('nested', { variables: { useC: true } });
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'c'));
      h.engine.tasks.complete(h.taskId(id, 'a'));
      await h.waitPoint();
      expect(h.active(id)).toEqual(['b']);
      h.engine.tasks.complete(h.taskId(id, 'b'));
      expect(h.active(id)).toEqual(['done']);
    });
  });

  it('sees the token of a join that just fired when deciding the next join', async () => {
    await bothModes(async (h) => {
      // given: join1 fires at once (a, b pass through); join2 must still wait for c
      await h.deploy('inclusive-chain.bpmn');
      const { id } = h.engine.start('chain');
      await h.waitPoint();
      expect(h.active(id)).toEqual(['c']);
      expect(h.trace(id)).toContain('arrived:join2:f6');
      // when
      h.engine.tasks.complete(h.taskId(id, 'c'));
      // then
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.path(id).filter((e) => e === 'join2')).toHaveLength(1);
    });
  });
});
