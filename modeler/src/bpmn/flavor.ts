/**
 * A diagram is Camunda 7 flavoured (`camunda:` extension attributes) or Camunda 8 flavoured
 * (`zeebe:`): imported diagrams are detected from their namespaces and execution platform, new
 * ones start from the matching empty diagram.
 */
import type { DraftSummary } from '@baton/engine/protocol';

export type Flavor = DraftSummary['flavor'];

export const FLAVOR_LABEL: Record<Flavor, string> = {
  camunda7: 'Camunda 7 (camunda: attributes)',
  camunda8: 'Camunda 8 (zeebe: attributes)',
};

const ZEEBE_NS = 'http://camunda.org/schema/zeebe/1.0';

export function detectFlavor(xml: string): Flavor {
  if (xml.includes(ZEEBE_NS)) return 'camunda8';
  if (/executionPlatform="Camunda Cloud"/.test(xml)) return 'camunda8';
  return 'camunda7';
}

/** A new, empty diagram: one start event, ready to draw on. */
export function emptyDiagram(
  flavor: Flavor,
  processId = `Process_${Math.random().toString(36).slice(2, 9)}`,
): string {
  const platform =
    flavor === 'camunda8'
      ? 'xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" modeler:executionPlatform="Camunda Cloud" modeler:executionPlatformVersion="8.6.0"'
      : 'xmlns:camunda="http://camunda.org/schema/1.0/bpmn" modeler:executionPlatform="Camunda Platform" modeler:executionPlatformVersion="7.22.0"';
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:modeler="http://camunda.org/schema/modeler/1.0" ${platform} id="Definitions_${processId}" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="StartEvent_1" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="BPMNDiagram_1">
    <bpmndi:BPMNPlane id="BPMNPlane_1" bpmnElement="${processId}">
      <bpmndi:BPMNShape id="StartEvent_1_di" bpmnElement="StartEvent_1">
        <dc:Bounds x="180" y="160" width="36" height="36" />
      </bpmndi:BPMNShape>
    </bpmndi:BPMNPlane>
  </bpmndi:BPMNDiagram>
</bpmn:definitions>`;
}
