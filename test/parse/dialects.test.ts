import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../engine/src/compile/parse/index.ts';
import type { ModdleElement } from '../../engine/src/compile/parse/index.ts';
import { moddleReader } from '../../engine/src/compile/parse/moddle-instances.ts';
import { readCorpusFile } from './corpus.ts';
import { fixture } from './fixtures.ts';

/** `element.get(name)`: moddle's accessor for typed properties and raw `$attrs` alike. */
function read(element: ModdleElement, name: string): unknown {
  return element.get?.(name);
}

describe('extension dialects', () => {
  it('reads a Camunda 7 file with camunda:modelerTemplate typed', async () => {
    // given
    const xml = fixture('camunda7-template.bpmn');

    // when
    const { dialects, elementsById, warnings } = await parseBpmn(xml);

    // then
    expect(dialects).toEqual(['camunda7']);
    expect(warnings).toEqual([]);
    const task = elementsById.Mail;
    expect(task.$type).toBe('bpmn:ServiceTask');
    expect(task.modelerTemplate).toBe('com.example.mail');
    expect(task.modelerTemplateVersion).toBe(3);
    expect(task.class).toBe('com.example.MailDelegate');
    expect(task.asyncBefore).toBe(true);
    expect(read(task, 'camunda:modelerTemplate')).toBe('com.example.mail');
    expect(elementsById.Start.initiator).toBe('starter');
  });

  it('reads a Camunda 8 file with zeebe:modelerTemplate typed', async () => {
    // given
    const xml = fixture('camunda8-template.bpmn');

    // when
    const { dialects, elementsById, warnings } = await parseBpmn(xml);

    // then
    expect(dialects).toEqual(['camunda8']);
    expect(warnings).toEqual([]);
    const task = elementsById.Mail;
    expect(task.modelerTemplate).toBe('io.camunda.connectors.SendGrid.v2');
    expect(task.modelerTemplateVersion).toBe(2);
    expect(task.modelerTemplateIcon).toBe('data:image/svg+xml,icon');
    const extensions = (task.extensionElements as { values: ModdleElement[] }).values;
    expect(extensions.map((e) => e.$type)).toEqual(['zeebe:TaskDefinition', 'zeebe:IoMapping']);
    expect(extensions[0]).toMatchObject({ type: 'io.camunda:sendgrid:1', retries: '3' });
  });

  it('keeps both camunda: and zeebe: template attributes in a file using both namespaces', async () => {
    // given: the zeebe namespace bound to an unusual prefix, the two template attributes side by side
    const xml = fixture('mixed-dialects.bpmn');

    // when
    const { dialects, elementsById, warnings, definitions } = await parseBpmn(xml);

    // then: neither dialect owns the clashing slot; both values are kept, under their qualified names
    expect(dialects).toEqual(['camunda7', 'camunda8']);
    expect(warnings).toEqual([]);
    const task = elementsById.Mail;
    expect(task.modelerTemplate).toBeUndefined();
    expect(task.$attrs).toMatchObject({
      'camunda:modelerTemplate': 'com.example.mail',
      'camunda:modelerTemplateVersion': '3',
      'zeebe:modelerTemplate': 'io.camunda.connectors.SendGrid.v2',
      'zeebe:modelerTemplateVersion': '2',
    });
    expect(read(task, 'camunda:modelerTemplate')).toBe('com.example.mail');
    expect(read(task, 'zeebe:modelerTemplate')).toBe('io.camunda.connectors.SendGrid.v2');
    expect(read(elementsById.Process_mixed, 'camunda:modelerTemplate')).toBe('com.example.process');
    expect(read(elementsById.Process_mixed, 'zeebe:modelerTemplate')).toBe('io.example.process');
    // and everything that does not clash stays typed, for both dialects
    expect(task.class).toBe('com.example.MailDelegate');
    expect(task.modelerTemplateIcon).toBe('data:image/svg+xml,icon');
    const extensions = (task.extensionElements as { values: ModdleElement[] }).values;
    expect(extensions.map((e) => e.$type)).toEqual(['zeebe:TaskDefinition', 'camunda:InputOutput']);
    expect(elementsById.Start.initiator).toBe('starter');
    expect(definitions.get('diagramRelationId')).toBe('rel-1');
  });

  it('reads the MIWG Camunda 8 reference, which also declares the Camunda 7 namespace', async () => {
    // given
    const xml = readCorpusFile('miwg/reference/C.9.0.bpmn');

    // when
    const { dialects, warnings, elementsById } = await parseBpmn(xml);

    // then
    expect(dialects).toEqual(['camunda7', 'camunda8']);
    expect(warnings).toEqual([]);
    const templated = Object.values(elementsById).filter(
      (e) => read(e, 'zeebe:modelerTemplate') !== undefined,
    );
    expect(templated).toHaveLength(2);
  });

  it('reports no dialect for a file without Camunda namespaces', async () => {
    // given
    const xml = readCorpusFile('miwg/reference/A.1.0.bpmn');

    // when
    const { dialects } = await parseBpmn(xml);

    // then
    expect(dialects).toEqual([]);
  });

  it('does not take a Camunda targetNamespace for a declaration', async () => {
    // given
    const xml = `<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d"
      targetNamespace="http://camunda.org/schema/1.0/bpmn"><process id="p" /></definitions>`;

    // when
    const { dialects } = await parseBpmn(xml);

    // then
    expect(dialects).toEqual([]);
  });
});

describe('the legacy Activiti namespace', () => {
  it('reads camunda: bound to http://activiti.org/bpmn as Camunda 7 (Camunda test file)', async () => {
    // given
    const xml = readCorpusFile(
      'exec/camunda-bpm-platform/ExclusiveGatewayTest.testLoopWithManyIterations.bpmn',
    );

    // when
    const { dialects, elementsById, warnings } = await parseBpmn(xml);

    // then
    expect(dialects).toEqual(['camunda7']);
    expect(warnings).toEqual([]);
    expect(elementsById.ManualTask_1.resultVariable).toBe('i');
    expect(elementsById.ScriptTask_1.resultVariable).toBe('i');
    expect(elementsById.ManualTask_1.$attrs).toEqual({});
  });

  it('reads the activiti: prefix the same way', async () => {
    // given
    const xml = fixture('activiti-prefix.bpmn');

    // when
    const { dialects, elementsById, warnings } = await parseBpmn(xml);

    // then
    expect(dialects).toEqual(['camunda7']);
    expect(warnings).toEqual([]);
    expect(elementsById.Start.initiator).toBe('starter');
    expect(elementsById.Review).toMatchObject({ assignee: '${starter}', candidateGroups: 'management' });
  });

  it('reads the MIWG invoice reference (camunda: bound to Activiti) with its Camunda extensions', async () => {
    // given
    const xml = readCorpusFile('miwg/reference/C.1.0.bpmn');

    // when
    const { dialects, elementsById } = await parseBpmn(xml);

    // then
    expect(dialects).toEqual(['camunda7']);
    const userTasks = Object.values(elementsById).filter((e) => e.$type === 'bpmn:UserTask');
    expect(userTasks.some((task) => typeof task.assignee === 'string')).toBe(true);
    expect(userTasks.some((task) => typeof task.formKey === 'string')).toBe(true);
  });
});

describe('moddle instances', () => {
  it('are built once per descriptor set and reused', async () => {
    // given
    const before = moddleReader('camunda8').moddle;

    // when
    await parseBpmn(fixture('camunda8-template.bpmn'));
    await parseBpmn(fixture('camunda8-template.bpmn'));

    // then
    expect(moddleReader('camunda8').moddle).toBe(before);
    expect(moddleReader('combined').moddle).not.toBe(before);
  });
});
