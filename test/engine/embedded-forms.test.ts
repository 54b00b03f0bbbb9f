/**
 * Camunda 8 forms embedded in the process (`zeebe:userTaskForm`, referenced by
 * `formKey="camunda-forms:bpmn:<id>"`) compile to the same `FormField[]` as camunda:formData:
 * inputs mapped by type, layout skipped, groups flattened, and a diagnostic on the user task for a
 * body that is no form-js schema or a reference to a form the process does not have.
 */
import { describe, expect, it } from 'vitest';
import type { BatonError, CompiledDefinitions, Diagnostic } from '../../engine/src/index.ts';
import { compileBpmn, createExpressionEvaluator, Engine, isBatonError } from '../../engine/src/index.ts';
import { fixture } from '../support/harness.ts';

const expressions = createExpressionEvaluator();

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A one-task Camunda 8 process: `forms` go into the process's extension elements. */
function diagram(forms: Record<string, string>, formDefinition: string, nested = false): string {
  const userTasks = Object.entries(forms)
    .map(([id, body]) => `<zeebe:userTaskForm id="${id}">${escapeXml(body)}</zeebe:userTaskForm>`)
    .join('\n');
  const task = `<bpmn:userTask id="work"><bpmn:extensionElements>${formDefinition}</bpmn:extensionElements></bpmn:userTask>`;
  const body = nested
    ? `<bpmn:subProcess id="sub"><bpmn:startEvent id="s2" /><bpmn:sequenceFlow id="g1" sourceRef="s2" targetRef="work" />${task}<bpmn:sequenceFlow id="g2" sourceRef="work" targetRef="e2" /><bpmn:endEvent id="e2" /></bpmn:subProcess>`
    : task;
  const target = nested ? 'sub' : 'work';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="defs" targetNamespace="http://baton.dev/test">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:extensionElements>${userTasks}</bpmn:extensionElements>
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="${target}" />
    ${body}
    <bpmn:sequenceFlow id="f2" sourceRef="${target}" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;
}

const embedded = (id: string) => `<zeebe:formDefinition formKey="camunda-forms:bpmn:${id}" />`;
const compile = (xml: string) => compileBpmn(xml, { expressions });
const userTaskOf = (c: CompiledDefinitions) => c.processes[0].elements.work.userTask;
const codes = (c: CompiledDefinitions): [Diagnostic['severity'], string, string][] =>
  c.diagnostics.map((d) => [d.severity, d.elementId, d.code]);

describe('Camunda 8 embedded forms', () => {
  it('compiles the form-js inputs into typed form fields with their constraints', async () => {
    // when
    const compiled = await compile(fixture('embedded-form-c8.bpmn'));
    // then
    expect(compiled.diagnostics).toEqual([]);
    const task = compiled.processes[0].elements.decide.userTask;
    expect(task?.formKey).toBe('camunda-forms:bpmn:UserTaskForm_1');
    expect(task?.formFields).toEqual([
      {
        id: 'claimant',
        type: 'string',
        label: 'Claimant',
        required: true,
        validation: [
          { name: 'required' },
          { name: 'minlength', config: '2' },
          { name: 'maxlength', config: '20' },
          { name: 'pattern', config: '^[A-Z]' },
        ],
      },
      {
        id: 'amount',
        type: 'long',
        label: 'Amount',
        defaultValue: '100',
        required: true,
        validation: [{ name: 'required' }, { name: 'min', config: '1' }, { name: 'max', config: '1000' }],
      },
      {
        id: 'rate',
        type: 'double',
        label: 'Rate',
        validation: [
          { name: 'min', config: '0' },
          { name: 'max', config: '1' },
          { name: 'decimaldigits', config: '2' },
        ],
      },
      { id: 'approved', type: 'boolean', label: 'Approved', defaultValue: 'false' },
      {
        id: 'level',
        type: 'enum',
        label: 'Level',
        defaultValue: 'low',
        values: [
          { id: 'low', name: 'Low' },
          { id: 'high', name: 'High' },
        ],
      },
      // Options from a variable are only known at run time: any text passes.
      { id: 'channel', type: 'string', label: 'Channel' },
      {
        id: 'decidedOn',
        type: 'date',
        label: 'Decided on',
        required: true,
        validation: [{ name: 'required' }],
      },
      { id: 'reference', type: 'string', label: 'Reference', defaultValue: 'R-1', readonly: true },
    ]);
  });

  it('a task of the process carries the fields, like camunda:formData', async () => {
    // given
    const engine = await Engine.create();
    await engine.deploy(fixture('embedded-form-c8.bpmn'));
    // when
    const { id } = engine.start('embeddedForm');
    const [task] = engine.tasks.list({ processInstanceId: id });
    // then
    expect(task.formKey).toBe('camunda-forms:bpmn:UserTaskForm_1');
    expect(task.formFields?.map((f) => [f.id, f.type])).toEqual([
      ['claimant', 'string'],
      ['amount', 'long'],
      ['rate', 'double'],
      ['approved', 'boolean'],
      ['level', 'enum'],
      ['channel', 'string'],
      ['decidedOn', 'date'],
      ['reference', 'string'],
    ]);
  });

  it('flattens groups and pages, skips layout, and warns about fields it cannot check', async () => {
    // given
    const form = JSON.stringify({
      components: [
        { type: 'group', components: [{ type: 'group', components: [{ type: 'number', key: 'deep' }] }] },
        { type: 'page', components: [{ type: 'checkbox', key: 'onPage', disabled: true }] },
        { type: 'group', path: 'address', components: [{ type: 'textfield', key: 'street' }] },
        { type: 'dynamiclist', path: 'items', components: [{ type: 'textfield', key: 'name' }] },
        { type: 'checklist', key: 'tags', values: [{ label: 'A', value: 'a' }] },
        { type: 'expression', key: 'total', expression: '=1 + 1' },
        { type: 'html', content: '<b>hi</b>' },
        { type: 'textfield', key: 'deep', label: 'Again' },
        { type: 'textfield', key: 'mail', validate: { validationType: 'email' } },
        { type: 'textfield', key: 'odd', validate: { pattern: '([a-' } },
        { type: 'datetime', key: 'at', subtype: 'time', timeLabel: 'At', readonly: '=locked' },
        'not a component',
      ],
    });
    // when
    const compiled = await compile(diagram({ F: form }, embedded('F')));
    // then
    expect(userTaskOf(compiled)?.formFields).toEqual([
      { id: 'deep', type: 'double' },
      { id: 'onPage', type: 'boolean', readonly: true },
      { id: 'mail', type: 'string' },
      { id: 'odd', type: 'string' },
      // readonly as an expression depends on the data: the field stays editable.
      { id: 'at', type: 'string', label: 'At' },
    ]);
    expect(codes(compiled)).toEqual([
      ['warning', 'work', 'form.field-unsupported'],
      ['warning', 'work', 'form.field-unsupported'],
      ['warning', 'work', 'form.field-unsupported'],
      ['warning', 'work', 'form.duplicate-key'],
      ['warning', 'work', 'form.field-unsupported'],
      ['warning', 'work', 'form.pattern'],
    ]);
    const messages = compiled.diagnostics.map((d) => d.message);
    expect(messages[0]).toBe(
      "Embedded form 'F': field 'address.street' binds to a nested variable; only top-level variables are checked on submit",
    );
    expect(messages[1]).toMatch(/dynamic list 'items'/);
    expect(messages[2]).toMatch(/field 'tags' of type 'checklist' is not checked on submit/);
    expect(messages[4]).toMatch(/email check of field 'mail'/);
    expect(messages[5]).toMatch(/pattern of field 'odd' is not a regular expression/);
  });

  it('finds the form of the process for a task inside a sub-process', async () => {
    // when
    const compiled = await compile(
      diagram({ F: '{"components":[{"type":"textfield","key":"note"}]}' }, embedded('F'), true),
    );
    // then
    expect(compiled.diagnostics).toEqual([]);
    expect(userTaskOf(compiled)?.formFields).toEqual([{ id: 'note', type: 'string' }]);
  });

  it('a body that is not JSON is an error on the user task, and the deploy is refused', async () => {
    // given
    const xml = diagram({ F: '{"components": [ { "type": "textfield", ' }, embedded('F'));
    // when
    const compiled = await compile(xml);
    const error = await (await Engine.create()).deploy(xml).catch((e: unknown) => e);
    // then
    expect(codes(compiled)).toEqual([['error', 'work', 'form.invalid-json']]);
    expect(compiled.diagnostics[0]).toMatchObject({ elementType: 'bpmn:UserTask', processId: 'p' });
    expect(compiled.diagnostics[0].message).toMatch(
      /^The embedded form 'F' \(zeebe:userTaskForm\) is not valid JSON: /,
    );
    expect(userTaskOf(compiled)?.formFields).toBeUndefined();
    expect(isBatonError(error, 'BPMN_INVALID')).toBe(true);
    expect((error as BatonError).message).toMatch(/error bpmn:UserTask 'work'.*not valid JSON/);
  });

  it('JSON without a components list and an empty body are errors too', async () => {
    // when
    const noComponents = await compile(diagram({ F: '{"type":"default"}' }, embedded('F')));
    const empty = await compile(diagram({ F: '' }, embedded('F')));
    // then
    expect(codes(noComponents)).toEqual([['error', 'work', 'form.invalid-schema']]);
    expect(noComponents.diagnostics[0].message).toBe(
      `The embedded form 'F' (zeebe:userTaskForm) is not a form-js schema: it has no "components" list`,
    );
    expect(codes(empty)).toEqual([['error', 'work', 'form.invalid-json']]);
  });

  it('a formKey naming no zeebe:userTaskForm of the process is an error on the user task', async () => {
    // when
    const compiled = await compile(diagram({ Other: '{"components":[]}' }, embedded('Missing')));
    // then
    expect(codes(compiled)).toEqual([['error', 'work', 'form.not-found']]);
    expect(compiled.diagnostics[0].message).toBe(
      "formKey 'camunda-forms:bpmn:Missing' names the embedded form 'Missing', but the process has no zeebe:userTaskForm with that id",
    );
  });

  it('linked forms (formId) and other form keys stay references, without fields or diagnostics', async () => {
    // when
    const linked = await compile(diagram({}, '<zeebe:formDefinition formId="review-form" />'));
    const custom = await compile(diagram({}, '<zeebe:formDefinition formKey="my-app:review" />'));
    // then
    expect(linked.diagnostics).toEqual([]);
    expect(userTaskOf(linked)).toEqual({ formId: 'review-form' });
    expect(custom.diagnostics).toEqual([]);
    expect(userTaskOf(custom)).toEqual({ formKey: 'my-app:review' });
  });
});
