import { describe, expect, it } from 'vitest';
import type { BatonError } from '../../engine/src/index.ts';
import {
  assertDeployable,
  compileBpmn,
  createExpressionEvaluator,
  createScriptRunner,
  Engine,
  isBatonError,
} from '../../engine/src/index.ts';
import { fixture } from '../support/harness.ts';

const expressions = createExpressionEvaluator();

describe('compiling', () => {
  it('produces a frozen, JSON-serialisable graph with flows, scopes and normalised extensions', async () => {
    // given
    const compiled = await compileBpmn(fixture('usertask-c8.bpmn'), { expressions });
    // then
    const [process] = compiled.processes;
    expect(Object.isFrozen(process.elements.reviewClaim)).toBe(true);
    expect(JSON.parse(JSON.stringify(compiled))).toEqual(compiled);
    expect(compiled.dialects).toEqual(['camunda7', 'camunda8']);
    expect(process.elements.reviewClaim).toMatchObject({
      kind: 'userTask',
      scope: 'review8',
      incoming: ['f1'],
      outgoing: ['f2'],
      userTask: { assignee: { expression: { language: 'feel', source: 'owner' } }, formId: 'review-form' },
      io: { inputs: [{ target: 'doubled' }], outputs: [{ target: 'approved' }] },
    });
    expect(process.flows.fYes.condition).toEqual({ language: 'feel', source: 'approved' });
    expect(process.elements.gw.defaultFlow).toBe('fNo');
    expect(process.startEvents).toEqual(['start']);
  });

  it('reports every problem at once, each with element id, type and a sentence', async () => {
    // given
    const scripts = await createScriptRunner();
    // when
    const compiled = await compileBpmn(fixture('broken.bpmn'), { expressions, scripts });
    // then
    const found = compiled.diagnostics.map((d) => [d.severity, d.elementId, d.elementType, d.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        ['error', 'fA', 'bpmn:SequenceFlow', 'expression.syntax'],
        ['error', 'decide', 'bpmn:ExclusiveGateway', 'gateway.flow-without-condition'],
        ['error', 'fGhost', 'bpmn:SequenceFlow', 'flow.dangling-target'],
        ['error', 'callIt', 'bpmn:CallActivity', 'call.no-called-element'],
        ['error', 'serve', 'bpmn:ServiceTask', 'task.no-implementation'],
        ['error', 'groovy', 'bpmn:ScriptTask', 'script.unsupported-format'],
        ['error', 'badJs', 'bpmn:ScriptTask', 'script.syntax'],
        ['error', 'wait', 'bpmn:IntermediateCatchEvent', 'timer.no-definition'],
        ['error', 'complex', 'bpmn:ComplexGateway', 'expression.syntax'],
        ['warning', 'orphan', 'bpmn:UserTask', 'element.unreachable'],
      ]),
    );
    for (const d of compiled.diagnostics) expect(d.message.length).toBeGreaterThan(10);
    expect(compiled.diagnostics.find((d) => d.code === 'flow.dangling-target')?.message).toMatch(/'nowhere'/);
    scripts.dispose();
  });

  it('a deploy of a broken file throws BPMN_INVALID listing the diagnostics, and keeps nothing', async () => {
    // given
    const engine = await Engine.create();
    // when
    const error = await engine.deploy(fixture('broken.bpmn')).catch((e: unknown) => e);
    // then
    expect(isBatonError(error, 'BPMN_INVALID')).toBe(true);
    expect((error as BatonError).message).toMatch(/error bpmn:ServiceTask 'serve'/);
    expect(((error as BatonError).details as unknown[]).length).toBeGreaterThanOrEqual(10);
    expect(engine.repository.list()).toEqual([]);
  });

  it('an executable process without an id is an error naming it, not a process with the key ""', async () => {
    // given
    const xml = (process: string) =>
      `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="defs">${process}<bpmn:startEvent id="s" /></bpmn:process></bpmn:definitions>`;
    // when
    const empty = await compileBpmn(xml('<bpmn:process id="" name="Nameless" isExecutable="true">'), {
      expressions,
    });
    const missing = await compileBpmn(xml('<bpmn:process isExecutable="true">'), { expressions });
    // then
    expect(empty.diagnostics).toEqual([
      expect.objectContaining({
        severity: 'error',
        code: 'process.no-id',
        elementId: 'process',
        elementType: 'bpmn:Process',
        message:
          "The executable process 'Nameless' has no id: the id is the key it is deployed and started by",
      }),
    ]);
    expect(missing.diagnostics).toEqual([
      {
        severity: 'error',
        code: 'process.no-id',
        elementId: 'process',
        elementType: 'bpmn:Process',
        message: 'The executable process has no id: the id is the key it is deployed and started by',
      },
    ]);
    expect(() => assertDeployable(empty)).toThrow(
      /error bpmn:Process 'process': The executable process 'Nameless' has no id/,
    );
  });

  it('malformed XML is a BPMN_PARSE error with line and column, not a trace', async () => {
    const error = await compileBpmn(
      '<?xml version="1.0"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">\n  <bpmn:process id="p">\n</bpmn:definitions>',
      {
        expressions,
      },
    ).catch((e: unknown) => e);
    expect(isBatonError(error, 'BPMN_PARSE')).toBe(true);
    expect((error as BatonError).message).toMatch(/line \d+/);
  });

  it('redeploying an unchanged process keeps its version; a changed one becomes version 2', async () => {
    const engine = await Engine.create();
    const first = await engine.deploy(fixture('straight.bpmn'));
    const again = await engine.deploy(fixture('straight.bpmn'));
    expect(again.definitions[0].id).toBe(first.definitions[0].id);
    const changed = await engine.deploy(fixture('straight.bpmn').replace('name="Check"', 'name="Check it"'));
    expect(changed.definitions[0].version).toBe(2);
    expect(engine.repository.find('straight').version).toBe(2);
    expect(engine.repository.find('straight', { version: 1 }).id).toBe(first.definitions[0].id);
  });
});
