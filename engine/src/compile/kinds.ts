/**
 * Which BPMN element types exist, which the core executes, and why the others are refused. The
 * BPMN coverage document is checked against this table by a test, so the two cannot drift.
 */
import type { ElementKind, EventDefinitionKind } from '../protocol/definition.ts';

/** BPMN flow node types and the kind the core knows them by. */
export const FLOW_NODE_KINDS: Record<string, ElementKind> = {
  'bpmn:StartEvent': 'startEvent',
  'bpmn:EndEvent': 'endEvent',
  'bpmn:IntermediateCatchEvent': 'intermediateCatchEvent',
  'bpmn:IntermediateThrowEvent': 'intermediateThrowEvent',
  'bpmn:BoundaryEvent': 'boundaryEvent',
  'bpmn:Task': 'task',
  'bpmn:ManualTask': 'manualTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:SendTask': 'sendTask',
  'bpmn:BusinessRuleTask': 'businessRuleTask',
  'bpmn:ScriptTask': 'scriptTask',
  'bpmn:UserTask': 'userTask',
  'bpmn:ReceiveTask': 'receiveTask',
  'bpmn:ExclusiveGateway': 'exclusiveGateway',
  'bpmn:ParallelGateway': 'parallelGateway',
  'bpmn:InclusiveGateway': 'inclusiveGateway',
  'bpmn:EventBasedGateway': 'eventBasedGateway',
  'bpmn:ComplexGateway': 'complexGateway',
  'bpmn:SubProcess': 'subProcess',
  'bpmn:Transaction': 'transaction',
  'bpmn:AdHocSubProcess': 'adHocSubProcess',
  'bpmn:CallActivity': 'callActivity',
};

/** Flow elements that carry no token semantics and are skipped (data, artifacts). */
export const IGNORED_FLOW_ELEMENTS = new Set([
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
  'bpmn:DataInput',
  'bpmn:DataOutput',
]);

/** Why a construct is refused for now, completing "Baton cannot execute X yet: ...". */
const EVENTS_WORK =
  'it arrives with the engine events work (timers, messages, signals, errors, escalation, compensation)';

/** Element kinds the compiler refuses, named as the modeller would say them. */
export const UNSUPPORTED_KINDS: Partial<Record<ElementKind, string>> = {};

/** The sentence a refused construct gets, in diagnostics and in the coverage document. */
export function cannotExecute(what: string): string {
  return `Baton cannot execute ${what} yet: ${EVENTS_WORK}`;
}

/** Event definitions the core runs, per event position. */
export const SUPPORTED_EVENTS: Partial<Record<ElementKind, EventDefinitionKind[]>> = {
  // Error and escalation starts only inside event sub-processes (checked in validate.ts).
  startEvent: ['none', 'timer', 'message', 'signal', 'conditional', 'error', 'escalation', 'compensate'],
  endEvent: ['none', 'terminate', 'error', 'escalation', 'signal', 'message', 'compensate', 'cancel'],
  intermediateThrowEvent: ['none', 'signal', 'escalation', 'link', 'message', 'compensate'],
  intermediateCatchEvent: ['timer', 'message', 'signal', 'conditional', 'link'],
  boundaryEvent: ['timer', 'message', 'signal', 'conditional', 'error', 'escalation', 'compensate', 'cancel'],
};

/** Event kinds that wait on a subscription (timer, message, signal, condition). */
export const SUBSCRIBING_EVENTS: ReadonlySet<EventDefinitionKind> = new Set([
  'timer',
  'message',
  'signal',
  'conditional',
]);

export const EVENT_DEFINITION_KINDS: Record<string, EventDefinitionKind> = {
  'bpmn:TerminateEventDefinition': 'terminate',
  'bpmn:MessageEventDefinition': 'message',
  'bpmn:TimerEventDefinition': 'timer',
  'bpmn:SignalEventDefinition': 'signal',
  'bpmn:ErrorEventDefinition': 'error',
  'bpmn:EscalationEventDefinition': 'escalation',
  'bpmn:CompensateEventDefinition': 'compensate',
  'bpmn:ConditionalEventDefinition': 'conditional',
  'bpmn:LinkEventDefinition': 'link',
  'bpmn:CancelEventDefinition': 'cancel',
};

/** `timer` + `intermediateCatchEvent` -> "timer intermediate catch events". */
export function eventConstruct(kind: ElementKind, event: EventDefinitionKind): string {
  return `${event} ${kind.replace(/([A-Z])/g, ' $1').toLowerCase()}s`;
}
