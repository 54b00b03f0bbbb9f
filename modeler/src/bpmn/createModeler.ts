/**
 * Builds the bpmn-js Modeler for a flavour: the properties panel with the matching provider and
 * behaviours (Camunda 7 or Camunda 8), lint while drawing, minimap, keyboard shortcuts.
 */
import BpmnModeler from 'bpmn-js/lib/Modeler';
import {
  BpmnPropertiesPanelModule,
  BpmnPropertiesProviderModule,
  CamundaPlatformPropertiesProviderModule,
  ZeebePropertiesProviderModule,
} from 'bpmn-js-properties-panel';
import camundaPlatformBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-platform';
import camundaCloudBehaviors from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import camundaModdle from 'camunda-bpmn-moddle/resources/camunda.json';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import lintModule from 'bpmn-js-bpmnlint';
import minimapModule from 'diagram-js-minimap';
import { lintConfig } from './lint/config.ts';
import type { Flavor } from './flavor.ts';

import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import 'diagram-js-minimap/assets/diagram-js-minimap.css';

export function createModeler(canvas: HTMLElement, panel: HTMLElement, flavor: Flavor): BpmnModeler {
  const flavorModules =
    flavor === 'camunda8'
      ? [ZeebePropertiesProviderModule, camundaCloudBehaviors]
      : [CamundaPlatformPropertiesProviderModule, camundaPlatformBehaviors];
  return new BpmnModeler({
    container: canvas,
    propertiesPanel: { parent: panel },
    linting: { bpmnlint: lintConfig, active: true },
    additionalModules: [
      BpmnPropertiesPanelModule,
      BpmnPropertiesProviderModule,
      ...flavorModules,
      lintModule,
      minimapModule,
    ],
    moddleExtensions: flavor === 'camunda8' ? { zeebe: zeebeModdle } : { camunda: camundaModdle },
  });
}
