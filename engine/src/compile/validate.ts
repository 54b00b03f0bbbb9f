/** Graph-level rules a process must satisfy before it can run, each reported with its element. */
import type { CompiledElement, CompiledProcess } from '../protocol/definition.ts';
import { validateAdHoc } from './adHoc.ts';
import type { DiagnosticSink } from './diagnosticSink.ts';

const CATCHES_AFTER_EVENT_GATEWAY = new Set(['intermediateCatchEvent', 'receiveTask']);
const DECIDING_GATEWAYS = new Set(['exclusiveGateway', 'inclusiveGateway', 'complexGateway']);
const ACTIVITIES = new Set([
  'task',
  'manualTask',
  'serviceTask',
  'sendTask',
  'businessRuleTask',
  'scriptTask',
  'userTask',
  'receiveTask',
  'subProcess',
  'transaction',
  'adHocSubProcess',
  'callActivity',
]);

export function validateProcess(process: CompiledProcess, sink: DiagnosticSink): void {
  for (const el of Object.values(process.elements)) {
    const subject = { id: el.id, type: el.bpmnType };
    if (el.children) validateScope(process, el, sink);
    if (el.kind === 'startEvent' && el.incoming.length > 0) {
      sink.error(subject, 'start.incoming', 'A start event cannot have incoming sequence flows');
    }
    if (el.kind === 'endEvent' && el.outgoing.length > 0) {
      sink.error(subject, 'end.outgoing', 'An end event cannot have outgoing sequence flows');
    }
    if (DECIDING_GATEWAYS.has(el.kind) && el.outgoing.length > 1) {
      for (const flowId of el.outgoing) {
        if (flowId !== el.defaultFlow && !process.flows[flowId].condition) {
          sink.error(
            subject,
            'gateway.flow-without-condition',
            `Outgoing sequence flow '${flowId}' has no condition and is not the default flow`,
          );
        }
      }
    }
    if (el.kind === 'parallelGateway' || el.kind === 'eventBasedGateway') {
      for (const flowId of el.outgoing) {
        if (process.flows[flowId].condition) {
          sink.warning(
            { id: flowId, type: 'bpmn:SequenceFlow' },
            'flow.condition-ignored',
            `Conditions after a ${el.kind === 'parallelGateway' ? 'parallel' : 'event-based'} gateway are ignored`,
          );
        }
      }
    }
    if (el.kind === 'eventBasedGateway') validateEventGateway(process, el, sink);
    if (el.event) validateCatch(process, el, sink);
    if (el.attachedTo) {
      const host = process.elements[el.attachedTo];
      if (!host || !ACTIVITIES.has(host.kind)) {
        sink.error(
          subject,
          'boundary.host',
          `Boundary events attach to activities; '${el.attachedTo}' is not one`,
        );
      }
    }
  }
}

function validateScope(process: CompiledProcess, scope: CompiledElement, sink: DiagnosticSink): void {
  const subject = { id: scope.id, type: scope.bpmnType };
  const children = scope.children!.map((id) => process.elements[id]);
  if (children.length === 0) {
    if (scope.kind === 'process') sink.error(subject, 'scope.empty', 'The process has no flow elements');
    return;
  }
  if (scope.triggeredByEvent) return validateEventSubProcess(scope, children, sink);
  if (scope.adHoc) return validateAdHoc(scope, children, sink);
  const eventStarts = children.filter((el) => el.kind === 'startEvent' && el.event?.kind !== 'none');
  if ((scope.startEvents ?? []).length === 0 && (scope.kind !== 'process' || eventStarts.length === 0)) {
    sink.error(
      subject,
      'scope.no-start',
      'No start event, and every element has an incoming sequence flow, so no token can enter',
    );
  }
  if (scope.kind === 'process') {
    for (const start of eventStarts) {
      if (
        start.event?.kind === 'error' ||
        start.event?.kind === 'escalation' ||
        start.event?.kind === 'compensate'
      ) {
        sink.error(
          { id: start.id, type: start.bpmnType },
          'start.only-in-event-subprocess',
          `${start.event.kind} start events belong in event sub-processes`,
        );
      }
    }
    const noneStarts = children.filter((el) => el.kind === 'startEvent' && el.event?.kind === 'none');
    if (noneStarts.length > 1) {
      sink.error(
        subject,
        'process.multiple-none-starts',
        `A process can have only one none start event, found ${noneStarts.map((e) => `'${e.id}'`).join(', ')}`,
      );
    }
  } else {
    for (const start of children.filter((el) => el.kind === 'startEvent' && el.event?.kind !== 'none')) {
      if (!scope.triggeredByEvent) {
        sink.error(
          { id: start.id, type: start.bpmnType },
          'subprocess.start-event',
          'A sub-process can only have none start events',
        );
      }
    }
  }
}

function validateEventSubProcess(
  scope: CompiledElement,
  children: CompiledElement[],
  sink: DiagnosticSink,
): void {
  const subject = { id: scope.id, type: scope.bpmnType };
  const starts = children.filter((el) => el.kind === 'startEvent');
  if (starts.length !== 1 || starts[0].event?.kind === 'none') {
    sink.error(
      subject,
      'event-subprocess.start',
      'An event sub-process needs exactly one start event with an event definition',
    );
  }
  if (scope.incoming.length > 0 || scope.outgoing.length > 0) {
    sink.error(
      subject,
      'event-subprocess.flows',
      'An event sub-process cannot have incoming or outgoing sequence flows',
    );
  }
  const start = starts[0];
  if (start?.event?.kind === 'error' && start.interrupting === false) {
    sink.error(
      { id: start.id, type: start.bpmnType },
      'error.non-interrupting',
      'An error start event always interrupts',
    );
  }
}

/** Event definitions that need more than their element: names, handlers, targets, a transaction. */
function validateCatch(process: CompiledProcess, el: CompiledElement, sink: DiagnosticSink): void {
  const subject = { id: el.id, type: el.bpmnType };
  const kind = el.event?.kind;
  const throwing = el.kind === 'endEvent' || el.kind === 'intermediateThrowEvent';
  if ((kind === 'message' && !throwing) || kind === 'signal') {
    if (!el.event?.ref)
      sink.error(
        subject,
        `${kind}.no-name`,
        `The ${kind} event definition references no ${kind} with a name`,
      );
  }
  if (el.kind === 'boundaryEvent' && kind === 'compensate') {
    const handler = el.compensationHandler ? process.elements[el.compensationHandler] : undefined;
    if (!handler || !handler.isForCompensation) {
      sink.error(
        subject,
        'compensation.no-handler',
        'A compensation boundary event needs an association to an activity with isForCompensation="true"',
      );
    }
  }
  if (kind === 'compensate' && el.event?.activityRef && el.kind !== 'boundaryEvent') {
    const target = process.elements[el.event.activityRef];
    if (!target || target.scope !== el.scope) {
      sink.error(
        subject,
        'compensation.activity-ref',
        `activityRef '${el.event.activityRef}' is not an activity in the same scope`,
      );
    }
  }
  if (kind === 'cancel') {
    const host = el.kind === 'boundaryEvent' ? el.attachedTo : el.scope;
    if (!host || process.elements[host]?.kind !== 'transaction') {
      sink.error(
        subject,
        'cancel.outside-transaction',
        'Cancel events belong to transaction sub-processes only',
      );
    } else if (
      el.kind === 'endEvent' &&
      !(process.elements[host].boundaries ?? []).some((b) => process.elements[b].event?.kind === 'cancel')
    ) {
      sink.error(
        subject,
        'cancel.no-boundary',
        `Transaction '${host}' has a cancel end event but no cancel boundary event`,
      );
    }
  }
  if (el.kind === 'boundaryEvent') {
    if (kind === 'error' && el.cancelActivity === false) {
      sink.error(
        subject,
        'error.non-interrupting',
        'An error boundary event always interrupts (cancelActivity must be true)',
      );
    }
  }
}

function validateEventGateway(process: CompiledProcess, el: CompiledElement, sink: DiagnosticSink): void {
  const subject = { id: el.id, type: el.bpmnType };
  if (el.outgoing.length < 2)
    sink.error(subject, 'event-gateway.too-few', 'An event-based gateway needs at least two outgoing flows');
  for (const flowId of el.outgoing) {
    const target = process.elements[process.flows[flowId].target];
    const catching =
      target.kind === 'receiveTask' || (target.event?.kind !== undefined && target.event.kind !== 'link');
    if (!CATCHES_AFTER_EVENT_GATEWAY.has(target.kind) || !catching || target.incoming.length > 1) {
      sink.error(
        { id: target.id, type: target.bpmnType },
        'event-gateway.target',
        `Targets of event-based gateway '${el.id}' must be intermediate catch events or receive tasks with that single incoming flow`,
      );
    }
  }
}
