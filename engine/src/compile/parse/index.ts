/**
 * Parse stage of the compiler: BPMN 2.0 XML to the bpmn-moddle object tree, with warnings as
 * Diagnostics and failures as `BatonError('BPMN_PARSE')`.
 */
export { parseBpmn } from './parse-bpmn.ts';
export type { BpmnDefinitionsElement, ModdleElement, ParsedDefinitions, ParseErrorDetails } from './types.ts';
export type { Dialect } from './namespaces.ts';
export { ACTIVITI_NS, BPMN_MODEL_NS, CAMUNDA_NS, ZEEBE_NS } from './namespaces.ts';
