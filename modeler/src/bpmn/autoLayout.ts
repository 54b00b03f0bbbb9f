/**
 * Lays out a diagram that has no diagram interchange (bpmn-auto-layout). That library follows the
 * `incoming`/`outgoing` references of flow nodes, which many engine test files and generators
 * leave out (they give only sequenceFlow sourceRef/targetRef): those are filled in first, or every
 * node would land in one column with no connections drawn.
 */
// @ts-expect-error -- bpmn-moddle ships types only for 'bpmn-moddle/types', not for its main entry.
import { BpmnModdle as UntypedBpmnModdle } from 'bpmn-moddle';
import { layoutProcess } from 'bpmn-auto-layout';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import type { Flavor } from './flavor.ts';

interface Node {
  $type: string;
  flowElements?: Node[];
  rootElements?: Node[];
  sourceRef?: Node;
  targetRef?: Node;
  incoming?: Node[];
  outgoing?: Node[];
}

interface Moddle {
  fromXML(xml: string): Promise<{ rootElement: Node }>;
  toXML(root: Node): Promise<{ xml: string }>;
}
const BpmnModdle = UntypedBpmnModdle as new (packages: Record<string, unknown>) => Moddle;

function link(container: Node): void {
  for (const element of container.flowElements ?? []) {
    if (element.$type === 'bpmn:SequenceFlow') {
      const { sourceRef: source, targetRef: target } = element;
      if (source && !(source.outgoing ??= []).includes(element)) source.outgoing.push(element);
      if (target && !(target.incoming ??= []).includes(element)) target.incoming.push(element);
    }
    if (element.flowElements) link(element);
  }
}

export async function autoLayout(xml: string, flavor: Flavor): Promise<string> {
  const moddle = new BpmnModdle(flavor === 'camunda8' ? { zeebe: zeebeModdle } : { camunda: camundaModdle });
  const { rootElement } = await moddle.fromXML(xml);
  for (const root of rootElement.rootElements ?? []) if (root.$type === 'bpmn:Process') link(root);
  const { xml: linked } = await moddle.toXML(rootElement);
  return layoutProcess(linked);
}
