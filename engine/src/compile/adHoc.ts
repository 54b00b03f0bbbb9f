/**
 * Reads the configuration of an ad-hoc sub-process: BPMN `ordering`, `completionCondition` and
 * `cancelRemainingInstances`, and Camunda 8 `zeebe:adHoc activeElementsCollection`; checks what is
 * inside. Which inner elements may be activated is filled in once flows are wired (graph.ts).
 */
import type { AdHocDefinition, CompiledElement } from '../protocol/definition.ts';
import type { DiagnosticSink, Subject } from './diagnosticSink.ts';
import { attr, body, bool, extension, str, type ModdleElement } from './moddle.ts';
import type { ValueReader } from './values.ts';

export function readAdHoc(
  node: ModdleElement,
  values: ValueReader,
  sink: DiagnosticSink,
  subject: Subject,
): AdHocDefinition {
  const ordering = str(node, 'ordering') ?? 'Parallel';
  if (ordering !== 'Parallel' && ordering !== 'Sequential') {
    sink.error(subject, 'adhoc.ordering', `Unknown ordering '${ordering}'; use Parallel or Sequential`);
  }
  const adHoc: AdHocDefinition = {
    ordering: ordering === 'Sequential' ? 'sequential' : 'parallel',
    cancelRemainingInstances: bool(node, 'cancelRemainingInstances') !== false,
    activatable: [],
  };
  const completion = values.expression(
    body(attr(node, 'completionCondition')),
    subject,
    'Completion condition',
  );
  if (completion) adHoc.completionCondition = completion;
  const zeebe = extension(node, 'zeebe:AdHoc');
  const collection = values.expression(
    str(zeebe, 'activeElementsCollection'),
    subject,
    'Active elements collection',
  );
  if (collection) adHoc.activeElementsCollection = collection;
  if (str(zeebe, 'outputCollection') || str(zeebe, 'outputElement')) {
    sink.error(
      subject,
      'adhoc.output-collection',
      'zeebe:adHoc outputCollection / outputElement are not supported yet; use output mappings on the inner elements',
    );
  }
  if (extension(node, 'zeebe:TaskDefinition')) {
    sink.error(
      subject,
      'adhoc.job-worker',
      'Ad-hoc sub-processes implemented by a job worker (zeebe:taskDefinition) are not supported yet; use activeElementsCollection or engine.activateAdHoc',
    );
  }
  return adHoc;
}

/** An ad-hoc sub-process starts nothing by itself: no start events, something to activate. */
export function validateAdHoc(
  scope: CompiledElement,
  children: CompiledElement[],
  sink: DiagnosticSink,
): void {
  for (const start of children.filter((el) => el.kind === 'startEvent')) {
    sink.error(
      { id: start.id, type: start.bpmnType },
      'adhoc.start-event',
      'An ad-hoc sub-process has no start events: its inner elements are activated on demand',
    );
  }
  if (scope.adHoc!.activatable.length === 0) {
    sink.error(
      { id: scope.id, type: scope.bpmnType },
      'adhoc.nothing-to-activate',
      'Every inner element has an incoming sequence flow, so none can be activated',
    );
  }
}
