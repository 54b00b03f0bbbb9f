/** Graph-level rules a process must satisfy before it can run, each reported with its element. */
import type { CompiledElement, CompiledProcess } from '../protocol/definition.ts';
import type { DiagnosticSink } from './diagnosticSink.ts';

const CATCHES_AFTER_EVENT_GATEWAY = new Set(['intermediateCatchEvent', 'receiveTask']);

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
    if ((el.kind === 'exclusiveGateway' || el.kind === 'inclusiveGateway') && el.outgoing.length > 1) {
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
  }
}

function validateScope(process: CompiledProcess, scope: CompiledElement, sink: DiagnosticSink): void {
  const subject = { id: scope.id, type: scope.bpmnType };
  const children = scope.children!.map((id) => process.elements[id]);
  if (children.length === 0) {
    if (scope.kind === 'process') sink.error(subject, 'scope.empty', 'The process has no flow elements');
    return;
  }
  if ((scope.startEvents ?? []).length === 0) {
    const others = children.filter((el) => el.kind === 'startEvent');
    sink.error(
      subject,
      'scope.no-start',
      others.length > 0
        ? `No none start event: Baton cannot yet start this ${scope.kind === 'process' ? 'process' : 'sub-process'} at ${others.map((e) => `'${e.id}'`).join(', ')}`
        : 'No start event, and every element has an incoming sequence flow, so no token can enter',
    );
  }
  if (scope.kind === 'process') {
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

function validateEventGateway(process: CompiledProcess, el: CompiledElement, sink: DiagnosticSink): void {
  const subject = { id: el.id, type: el.bpmnType };
  if (el.outgoing.length < 2)
    sink.error(subject, 'event-gateway.too-few', 'An event-based gateway needs at least two outgoing flows');
  for (const flowId of el.outgoing) {
    const target = process.elements[process.flows[flowId].target];
    if (!CATCHES_AFTER_EVENT_GATEWAY.has(target.kind) || target.incoming.length > 1) {
      sink.error(
        { id: target.id, type: target.bpmnType },
        'event-gateway.target',
        `Targets of event-based gateway '${el.id}' must be intermediate catch events or receive tasks with that single incoming flow`,
      );
    }
  }
}
