/**
 * The modeler's lint configuration (bpmnlint recommended + Baton's rules) run in node with
 * bpmnlint's own Linter, on diagrams of both flavours: each Baton rule reports what it should,
 * on the element it should, and stays quiet on a runnable diagram.
 */
// @ts-expect-error -- bpmn-moddle ships types only for 'bpmn-moddle/types', not for its main entry.
import { BpmnModdle as UntypedBpmnModdle } from 'bpmn-moddle';
import camunda from 'camunda-bpmn-moddle/resources/camunda.json' with { type: 'json' };
import zeebe from 'zeebe-bpmn-moddle/resources/zeebe.json' with { type: 'json' };
// @ts-expect-error -- bpmnlint's Linter has no type declarations.
import UntypedLinter from 'bpmnlint/lib/linter.js';
import { describe, expect, it } from 'vitest';
import { lintConfig } from '../../modeler/src/bpmn/lint/config.ts';

interface Moddle {
  fromXML(xml: string): Promise<{ rootElement: unknown }>;
}
const BpmnModdle = UntypedBpmnModdle as new (packages: Record<string, unknown>) => Moddle;
const Linter = UntypedLinter as new (options: { config: unknown; resolver: unknown }) => {
  lint(root: unknown): Promise<unknown>;
};

type Reports = Record<string, { id?: string; message: string; category: string }[]>;

async function lint(body: string, flavor: 'camunda7' | 'camunda8' = 'camunda7'): Promise<Reports> {
  const ns =
    flavor === 'camunda7'
      ? 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn"'
      : 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0"';
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" ${ns} id="d" targetNamespace="t">
  ${body}
</bpmn:definitions>`;
  const moddle = new BpmnModdle(flavor === 'camunda7' ? { camunda } : { zeebe });
  const { rootElement } = await moddle.fromXML(xml);
  const linter = new Linter({ config: lintConfig.config, resolver: lintConfig.resolver });
  return (await linter.lint(rootElement)) as Reports;
}

/** A runnable process with `middle` between start and end. */
function process(middle: string, extra = ''): string {
  return `<bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="start"><bpmn:outgoing>f1</bpmn:outgoing></bpmn:startEvent>
    ${middle.replace('><', '><bpmn:incoming>f1</bpmn:incoming><bpmn:outgoing>f2</bpmn:outgoing><')}
    <bpmn:endEvent id="end"><bpmn:incoming>f2</bpmn:incoming></bpmn:endEvent>
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="x" />
    <bpmn:sequenceFlow id="f2" sourceRef="x" targetRef="end" />
  </bpmn:process>${extra}`;
}

const baton = (reports: Reports) =>
  Object.fromEntries(Object.entries(reports).filter(([rule]) => rule.startsWith('baton/')));

describe('modeler lint rules', () => {
  it('accepts runnable Camunda 7 and Camunda 8 service tasks', async () => {
    expect(
      baton(
        await lint(
          process('<bpmn:serviceTask id="x" camunda:type="external" camunda:topic="t"></bpmn:serviceTask>'),
        ),
      ),
    ).toEqual({});
    expect(
      baton(
        await lint(
          process(
            '<bpmn:serviceTask id="x"><bpmn:extensionElements><zeebe:taskDefinition type="t" /></bpmn:extensionElements></bpmn:serviceTask>',
          ),
          'camunda8',
        ),
      ),
    ).toEqual({});
  });

  it('reports a service task without an implementation on the task', async () => {
    const reports = await lint(process('<bpmn:serviceTask id="x"></bpmn:serviceTask>'));
    expect(reports['baton/service-task-implementation']).toEqual([
      expect.objectContaining({
        id: 'x',
        category: 'error',
        message: expect.stringContaining('no implementation'),
      }),
    ]);
  });

  it('reports a timer with no date, duration or cycle, and one with two', async () => {
    const none = await lint(
      process(
        '<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition /></bpmn:intermediateCatchEvent>',
      ),
    );
    expect(none['baton/timer-definition']).toEqual([
      expect.objectContaining({ id: 'x', message: 'Timer has no date, duration or cycle' }),
    ]);
    const two = await lint(
      process(
        '<bpmn:intermediateCatchEvent id="x"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration><bpmn:timeCycle>R3/PT1H</bpmn:timeCycle></bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>',
      ),
    );
    expect(two['baton/timer-definition']?.[0].message).toContain('timeDuration and timeCycle');
  });

  it('reports a message catch without a named message', async () => {
    const reports = await lint(
      process(
        '<bpmn:intermediateCatchEvent id="x"><bpmn:messageEventDefinition messageRef="m" /></bpmn:intermediateCatchEvent>',
        '<bpmn:message id="m" />',
      ),
    );
    expect(reports['baton/message-reference']).toEqual([
      expect.objectContaining({ id: 'x', message: 'Message m has no name to correlate by' }),
    ]);
    const receive = await lint(process('<bpmn:receiveTask id="x"></bpmn:receiveTask>'));
    expect(receive['baton/message-reference']?.[0].message).toContain('no message');
  });

  it('reports script formats Baton does not run and accepts the ones it does', async () => {
    const groovy = await lint(
      process('<bpmn:scriptTask id="x" scriptFormat="groovy"><bpmn:script>1</bpmn:script></bpmn:scriptTask>'),
    );
    expect(groovy['baton/script-format']?.[0]).toMatchObject({
      id: 'x',
      message: expect.stringContaining("'groovy'"),
    });
    for (const format of ['javascript', 'JavaScript', 'feel', 'juel'])
      expect(
        baton(
          await lint(
            process(
              `<bpmn:scriptTask id="x" scriptFormat="${format}"><bpmn:script>1</bpmn:script></bpmn:scriptTask>`,
            ),
          ),
        ),
      ).toEqual({});
  });

  it('warns about a process that is not executable', async () => {
    const reports = await lint(
      process('<bpmn:task id="x"></bpmn:task>').replace('isExecutable="true"', 'isExecutable="false"'),
    );
    expect(reports['baton/executable-process']).toEqual([
      expect.objectContaining({ id: 'p', category: 'warn' }),
    ]);
  });

  it('allows inclusive and complex gateways, which Baton executes', async () => {
    const reports = await lint(process('<bpmn:inclusiveGateway id="x"></bpmn:inclusiveGateway>'));
    expect(reports['no-inclusive-gateway']).toBeUndefined();
    expect(reports['no-complex-gateway']).toBeUndefined();
  });
});
