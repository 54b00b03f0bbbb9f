import { describe, expect, it } from 'vitest';
import { parseBpmn } from '../../engine/src/compile/parse/index.ts';
import type { ModdleElement } from '../../engine/src/compile/parse/index.ts';
import { readCorpusFile } from './corpus.ts';
import { fixture } from './fixtures.ts';

const values = (element: ModdleElement): ModdleElement[] =>
  (element.extensionElements as { values: ModdleElement[] }).values;

describe('warnings', () => {
  it('reports unknown extensions of known namespaces and unresolved references, with positions', async () => {
    // given
    const xml = fixture('warnings.bpmn');

    // when
    const { warnings } = await parseBpmn(xml);

    // then
    expect(warnings).toEqual([
      {
        severity: 'warning',
        code: 'xml.unknown-attribute',
        message: 'Unknown attribute camunda:noSuchAttribute="x" on <bpmn:Task> is kept but not interpreted.',
        elementId: 'Task_1',
        elementType: 'bpmn:Task',
        processId: 'Process_w',
        line: 8,
        column: 28,
      },
      {
        severity: 'warning',
        code: 'xml.unknown-element',
        message: 'Unknown element <camunda:noSuchElement> is ignored.',
        elementId: 'Task_1',
        elementType: 'bpmn:Task',
        processId: 'Process_w',
        line: 11,
        column: 9,
      },
      {
        severity: 'warning',
        code: 'xml.unresolved-reference',
        message:
          "targetRef of <bpmn:SequenceFlow> refers to id 'Missing_1', which does not exist; the reference is dropped.",
        elementId: 'Flow_2',
        elementType: 'bpmn:SequenceFlow',
        processId: 'Process_w',
        line: 15,
        column: 55,
      },
    ]);
  });

  it('keeps extensions of unknown namespaces without warning', async () => {
    // when
    const { elementsById } = await parseBpmn(fixture('warnings.bpmn'));

    // then
    expect(elementsById.Process_w.$attrs).toMatchObject({ 'vendor:color': 'red' });
    expect(values(elementsById.Task_1).map((e) => e.$type)).toEqual(['vendor:anything']);
    expect(values(elementsById.Task_1)[0].foo).toBe('bar');
  });

  it('reports a duplicate id at the second element, naming the first', async () => {
    // given
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p">
    <bpmn:task id="a" />
    <bpmn:task id="a" name="second" />
  </bpmn:process>
</bpmn:definitions>`;

    // when
    const { warnings } = await parseBpmn(xml);

    // then
    expect(warnings).toEqual([
      expect.objectContaining({
        code: 'xml.duplicate-id',
        elementId: 'a',
        elementType: 'bpmn:Task',
        line: 4,
        column: 5,
      }),
    ]);
  });

  it('reports tolerated syntax slips such as a repeated attribute', async () => {
    // given
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">
  <bpmn:process id="p" name="a" name="b" />
</bpmn:definitions>`;

    // when
    const { warnings } = await parseBpmn(xml);

    // then
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'xml.syntax', elementId: 'p', line: 2, column: 3 }),
    ]);
  });
});

describe('QName references', () => {
  it('resolves a prefix bound to the targetNamespace', async () => {
    // when
    const { elementsById, warnings } = await parseBpmn(fixture('warnings.bpmn'));

    // then
    expect((elementsById.Med_1.messageRef as ModdleElement).id).toBe('Message_1');
    expect(warnings.filter((w) => w.elementId === 'Med_1')).toEqual([]);
  });

  it('resolves messageRef="tns:newInvoice" of the Camunda message start event test', async () => {
    // given
    const xml = readCorpusFile(
      'exec/camunda-bpm-platform/MessageStartEventTest.testMessageStartEventAndNoneStartEvent.bpmn20.xml',
    );

    // when
    const { elementsById, warnings } = await parseBpmn(xml);

    // then
    expect(warnings).toEqual([]);
    const [definition] = elementsById.messageStart.eventDefinitions as ModdleElement[];
    expect(definition.messageRef).toBe(elementsById.newInvoice);
  });

  it('resolves a prefix bound to the BPMN namespace (GenMyModel, Trisotech exports)', async () => {
    // when
    const { warnings } = await parseBpmn(readCorpusFile('miwg/tools/GenMyModel-0.47/A.1.0-export.bpmn'));

    // then
    expect(warnings).toEqual([]);
  });

  it('leaves a prefix bound to another namespace unresolved: it names an imported element', async () => {
    // given
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:other="http://example.com/other" id="d" targetNamespace="http://example.com/this">
  <bpmn:message id="m" />
  <bpmn:process id="p">
    <bpmn:startEvent id="s"><bpmn:messageEventDefinition id="med" messageRef="other:m" /></bpmn:startEvent>
  </bpmn:process>
</bpmn:definitions>`;

    // when
    const { elementsById, warnings } = await parseBpmn(xml);

    // then
    expect(elementsById.med.messageRef).toBeUndefined();
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'xml.unresolved-reference', elementId: 'med', line: 5, column: 67 }),
    ]);
  });

  it('leaves a reference to an element of the wrong type unresolved', async () => {
    // given: messageRef names a task
    const xml = `<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
    xmlns:tns="http://example.com/this" id="d" targetNamespace="http://example.com/this">
  <bpmn:process id="p">
    <bpmn:task id="t" />
    <bpmn:startEvent id="s"><bpmn:messageEventDefinition id="med" messageRef="tns:t" /></bpmn:startEvent>
  </bpmn:process>
</bpmn:definitions>`;

    // when
    const { elementsById, warnings } = await parseBpmn(xml);

    // then
    expect(elementsById.med.messageRef).toBeUndefined();
    expect(warnings.map((w) => w.code)).toEqual(['xml.unresolved-reference']);
  });
});
