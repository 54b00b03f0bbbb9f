import { describe, expect, it } from 'vitest';
import { compileBpmn, createExpressionEvaluator, type JsonValue } from '../../engine/src/index.ts';
import { bothModes, fixture, Harness } from '../support/harness.ts';

const count = (h: Harness, id: string, elementId: string) => h.path(id).filter((e) => e === elementId).length;

describe('ad-hoc sub-process (compiling)', () => {
  it('has no implicit start: no start error, no unreachable warning, the activatable elements listed', async () => {
    // when
    const compiled = await compileBpmn(fixture('adhoc-c8.bpmn'), {
      expressions: createExpressionEvaluator(),
    });
    // then
    expect(compiled.diagnostics).toEqual([]);
    const tools = compiled.processes[1].elements.tools;
    expect(tools.startEvents).toEqual([]);
    expect(tools.adHoc).toMatchObject({
      ordering: 'parallel',
      cancelRemainingInstances: true,
      activatable: ['searchKyc', 'scoreRisk', 'draftLetter'],
      activeElementsCollection: { language: 'feel', source: 'toolCalls' },
      completionCondition: { language: 'feel', source: 'decision != null' },
    });
  });

  it('refuses start events inside and Camunda 8 output collections, each with a sentence', async () => {
    // given
    const xml = fixture('adhoc.bpmn')
      .replace('<bpmn:userTask id="a" />', '<bpmn:startEvent id="inner" />')
      .replace(
        '<bpmn:adHocSubProcess id="queue" ordering="Sequential">',
        '<bpmn:adHocSubProcess id="queue" ordering="Sequential"><bpmn:extensionElements><zeebe:adHoc outputCollection="out" /></bpmn:extensionElements>',
      )
      .replace('xmlns:camunda=', 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda=');
    // when
    const compiled = await compileBpmn(xml, { expressions: createExpressionEvaluator() });
    // then
    const errors = compiled.diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.elementId, d.code])).toEqual([
      ['inner', 'adhoc.start-event'],
      ['queue', 'adhoc.output-collection'],
    ]);
  });
});

describe('ad-hoc sub-process (activated through the API)', () => {
  it('parallel: waits for activations, runs them side by side, completes when nothing runs', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('adhoc.bpmn');
      const { id } = h.engine.start('adhocParallel');
      await h.waitPoint();
      // then: nothing starts by itself
      expect(h.active(id)).toEqual(['work']);
      // when
      h.engine.activateAdHoc(id, 'work', ['a', 'b', 'a'], { variables: { topic: 'kyc' } });
      await h.waitPoint();
      // then: any element, any number of times, with local variables
      expect(h.active(id)).toEqual(['a', 'a', 'b', 'work']);
      const a = Object.values(h.engine.state(id).elements).find((e) => e.elementId === 'a')!;
      expect(a.vars).toEqual({ topic: 'kyc' });
      // when
      for (const task of h.engine.tasks.list({ processInstanceId: id, taskDefinitionKey: 'a' }))
        h.engine.tasks.complete(task.id);
      await h.waitPoint();
      expect(h.active(id)).toEqual(['b', 'work']);
      h.engine.tasks.complete(h.taskId(id, 'b'));
      // then
      expect(h.active(id)).toEqual(['after']);
    });
  });

  it('an activated element with a successor inside: the successor runs before the sub-process ends', async () => {
    await bothModes(async (h) => {
      await h.deploy('adhoc.bpmn');
      const { id } = h.engine.start('adhocParallel');
      h.engine.activateAdHoc(id, 'work', ['c']);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'c'));
      await h.waitPoint();
      expect(h.active(id)).toEqual(['c2', 'work']);
      h.engine.tasks.complete(h.taskId(id, 'c2'));
      expect(h.active(id)).toEqual(['after']);
    });
  });

  it('refuses ids that are not inner elements, or that have incoming flows, naming each', async () => {
    const h = await Harness.create();
    await h.deploy('adhoc.bpmn');
    const { id } = h.engine.start('adhocParallel');
    expect(() => h.engine.activateAdHoc(id, 'work', ['a', 'nope', 'c2', 'after'])).toThrow(
      /Cannot activate "nope" \(not an element of this ad-hoc sub-process\), "c2" \(has incoming sequence flows; its predecessors start it\), "after" \(not an element.*\) in ad-hoc sub-process 'work'/,
    );
    expect(() => h.engine.activateAdHoc(id, 'after', ['a'])).toThrow(/No active 'after'/);
    // then: nothing happened
    expect(h.active(id)).toEqual(['work']);
  });

  it('sequential: one inner path at a time, in the order asked (successors included)', async () => {
    await bothModes(async (h) => {
      // given
      await h.deploy('adhoc.bpmn');
      const { id } = h.engine.start('adhocSequential');
      // when
      h.engine.activateAdHoc(id, 'queue', ['sc', 'sa']);
      await h.waitPoint();
      h.engine.activateAdHoc(id, 'queue', ['sb']);
      await h.waitPoint();
      // then
      expect(h.active(id)).toEqual(['queue', 'sc']);
      h.engine.tasks.complete(h.taskId(id, 'sc'));
      await h.waitPoint();
      expect(h.active(id)).toEqual(['queue', 'sc2']);
      h.engine.tasks.complete(h.taskId(id, 'sc2'));
      await h.waitPoint();
      expect(h.active(id)).toEqual(['queue', 'sa']);
      h.engine.tasks.complete(h.taskId(id, 'sa'));
      await h.waitPoint();
      expect(h.active(id)).toEqual(['queue', 'sb']);
      h.engine.tasks.complete(h.taskId(id, 'sb'));
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('completion condition: the first element that makes it true ends the sub-process and cancels the rest', async () => {
    await bothModes(async (h) => {
      await h.deploy('adhoc.bpmn');
      const { id } = h.engine.start('adhocCancel', { variables: { done: false } });
      h.engine.activateAdHoc(id, 'race', ['ra', 'rb']);
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 'rb'));
      await h.waitPoint();
      // then: false: still open, and (with a condition) waiting for more even when nothing runs
      expect(h.active(id)).toEqual(['ra', 'race']);
      h.engine.tasks.complete(h.taskId(id, 'ra'), { variables: { done: false } });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['race']);
      h.engine.activateAdHoc(id, 'race', ['ra', 'rb']);
      await h.waitPoint();
      // when
      h.engine.tasks.complete(h.taskId(id, 'ra'), { variables: { done: true } });
      // then
      expect(h.engine.instance(id).status).toBe('completed');
      expect(h.trace(id)).toContain('terminated:rb');
    });
  });

  it('cancelRemainingInstances="false": the rest runs to its end, nothing new starts', async () => {
    await bothModes(async (h) => {
      await h.deploy('adhoc.bpmn');
      const { id } = h.engine.start('adhocKeep', { variables: { done: false } });
      h.engine.activateAdHoc(id, 'keep', ['ka', 'kb']);
      await h.waitPoint();
      // when
      h.engine.tasks.complete(h.taskId(id, 'ka'), { variables: { done: true } });
      await h.waitPoint();
      // then
      expect(h.active(id)).toEqual(['kb', 'keep']);
      expect(() => h.engine.activateAdHoc(id, 'keep', ['ka'])).toThrow(/is completing/);
      h.engine.tasks.complete(h.taskId(id, 'kb'));
      expect(h.active(id)).toEqual(['afterKeep']);
      expect(h.trace(id)).not.toContain('terminated:kb');
    });
  });
});

describe('ad-hoc sub-process (Camunda 8 activeElementsCollection)', () => {
  it('activates the listed elements on entry and completes when they are done', async () => {
    await bothModes(async (h) => {
      await h.deploy('adhoc-c8.bpmn');
      const { id } = h.engine.start('adhocCollection', { variables: { tools: ['t1', 't3'] } });
      await h.waitPoint();
      expect(h.active(id)).toEqual(['pick', 't1', 't3']);
      h.engine.tasks.complete(h.taskId(id, 't3'));
      await h.waitPoint();
      h.engine.tasks.complete(h.taskId(id, 't1'));
      expect(h.engine.instance(id).status).toBe('completed');
    });
  });

  it('a collection naming something else raises an incident on the sub-process', async () => {
    const h = await Harness.create();
    await h.deploy('adhoc-c8.bpmn');
    const { id } = h.engine.start('adhocCollection', { variables: { tools: ['t1', 'nope'] } });
    const [incident] = h.engine.incidents({ instanceId: id });
    expect(incident.elementId).toBe('pick');
    expect(incident.message).toMatch(/active elements collection lists "nope"/);
    h.engine.setVariables(id, { variables: { tools: ['t2'] } });
    h.engine.resolveIncident(id, incident.id);
    expect(h.active(id)).toEqual(['pick', 't2']);
  });

  it('an AI agent picks tools in rounds from the results so far, until it decides', async () => {
    for (const flagged of [true, false]) {
      const h = await bothModes(async (h) => {
        // given: a scripted agent and one handler per tool
        const rounds: JsonValue[] = [];
        h.handle('agent', (job) => {
          const { kyc, risk, letter } = job.variables as Record<string, JsonValue | undefined>;
          let result: Record<string, JsonValue>;
          if (kyc === undefined) result = { toolCalls: ['searchKyc'] };
          else if (letter === undefined)
            result = {
              toolCalls: (kyc as { flags: string[] }).flags.length
                ? ['scoreRisk', 'draftLetter']
                : ['draftLetter'],
            };
          else result = { decision: Number(risk ?? 0) > 70 ? 'decline' : 'approve' };
          rounds.push(result.toolCalls ?? result.decision);
          return { variables: result };
        });
        h.handle('searchKyc', () => ({ variables: { kyc: { flags: flagged ? ['pep'] : [] } } }));
        h.handle('scoreRisk', () => ({ variables: { risk: 80 } }));
        h.handle('draftLetter', (job) => ({
          variables: { letter: `Dear ${String(job.variables.customer)}` },
        }));
        await h.deploy('adhoc-c8.bpmn');
        // when
        const { id } = h.engine.start('kycAgent', { variables: { customer: 'ACME' } });
        await h.waitPoint();
        // then: two rounds ran; a human approves the letter
        expect(h.active(id)).toEqual(['approveLetter', 'tools']);
        expect(h.engine.variables(id)).toMatchObject({ letter: 'Dear ACME' });
        // when
        h.engine.tasks.complete(h.taskId(id, 'approveLetter'));
        // then: the agent decided, the completion condition ended the loop
        expect(h.engine.instance(id).status).toBe('completed');
        expect(h.engine.variables(id)).toMatchObject({ decision: flagged ? 'decline' : 'approve' });
        expect(rounds).toEqual([
          ['searchKyc'],
          flagged ? ['scoreRisk', 'draftLetter'] : ['draftLetter'],
          flagged ? 'decline' : 'approve',
        ]);
      });
      const id = h.engine.listInstances()[0].id;
      expect(count(h, id, 'think')).toBe(2);
      expect(count(h, id, 'scoreRisk')).toBe(flagged ? 1 : 0);
    }
  });
});
