/**
 * The BPMN coverage table (docs/bpmn-coverage.md), generated from the compiler's own tables so the
 * document cannot drift from what deploys: a test compares the file with this output.
 */
import type { ElementKind, EventDefinitionKind } from '../protocol/definition.ts';
import { BEHAVIORS } from '../core/registry.ts';
import {
  EVENT_DEFINITION_KINDS,
  FLOW_NODE_KINDS,
  SUPPORTED_EVENTS,
  UNSUPPORTED_KINDS,
  cannotExecute,
  eventConstruct,
} from './kinds.ts';

const EVENT_POSITIONS: ElementKind[] = [
  'startEvent',
  'intermediateCatchEvent',
  'intermediateThrowEvent',
  'endEvent',
  'boundaryEvent',
];

/** Which event definitions BPMN 2.0 allows in each position (spec tables 10.84-10.90). */
const ALLOWED: Record<string, EventDefinitionKind[]> = {
  startEvent: ['none', 'message', 'timer', 'signal', 'conditional', 'error', 'escalation', 'compensate'],
  intermediateCatchEvent: ['message', 'timer', 'signal', 'conditional', 'link'],
  intermediateThrowEvent: ['none', 'message', 'signal', 'escalation', 'compensate', 'link'],
  endEvent: ['none', 'message', 'signal', 'error', 'escalation', 'compensate', 'cancel', 'terminate'],
  boundaryEvent: ['message', 'timer', 'signal', 'conditional', 'error', 'escalation', 'compensate', 'cancel'],
};

const NOTES: Partial<Record<ElementKind, string>> = {
  serviceTask:
    'a job: in-process handler or external worker (camunda:topic, zeebe:taskDefinition, camunda:class / delegateExpression as topic); camunda:expression evaluated on the spot',
  sendTask: 'a job, like a service task',
  businessRuleTask: 'a job, like a service task; DMN (camunda:decisionRef, zeebe:calledDecision) is rejected',
  scriptTask: 'JavaScript in a QuickJS sandbox (time and memory limits), FEEL (zeebe:script), JUEL',
  userTask:
    'assignee, candidates, due/follow-up date, priority, form key / camunda:formData / zeebe form; forms embedded as zeebe:userTaskForm (form-js) give the same checked form fields, linked forms (formId) stay a reference',
  receiveTask: 'waits until triggered (message correlation arrives with the engine events work)',
  manualTask: 'passes through',
  task: 'passes through',
  exclusiveGateway: 'first true condition in document order, else default, else incident',
  inclusiveGateway:
    'forks on every true condition; the join waits only for tokens that can still arrive (BPMN 13.3.5)',
  parallelGateway: 'fork and join; conditions are ignored',
  eventBasedGateway: 'targets race; the first to complete terminates the others',
  complexGateway:
    'forks like an inclusive gateway; the join fires once when its activationCondition (reading `activationCount`, the tokens waiting) holds, then consumes the late tokens until every other branch arrived or can no longer arrive (BPMN 13.3.6); without a condition it joins like an inclusive gateway',
  adHocSubProcess:
    'inner elements without incoming flows start on demand: `engine.activateAdHoc` or Camunda 8 `zeebe:adHoc activeElementsCollection` (re-read after each inner completion: agent rounds); Parallel / Sequential ordering, completionCondition, cancelRemainingInstances; without a condition it completes when nothing runs after an activation',
  subProcess: 'embedded scope with local variables; event sub-processes are rejected for now',
  callActivity:
    'latest / version / versionTag / deployment binding; camunda:in/out, zeebe:calledElement + ioMapping',
};

function title(kind: string): string {
  return kind.replace(/([A-Z])/g, ' $1').replace(/^./, (c) => c.toUpperCase());
}

/** The whole markdown document. */
export function coverageMarkdown(): string {
  const lines: string[] = [
    '# BPMN 2.0 coverage',
    '',
    'Generated from `engine/src/compile/kinds.ts` and the behavior registry by `npm run docs:coverage`;',
    '`test/engine/coverage.test.ts` fails when this file and the code disagree. "rejected" means the',
    'deploy fails with a diagnostic naming the element and this reason: nothing passes silently.',
    '',
    '## Flow nodes',
    '',
    '| BPMN element | status | notes |',
    '| --- | --- | --- |',
  ];
  for (const [type, kind] of Object.entries(FLOW_NODE_KINDS)) {
    const reason = UNSUPPORTED_KINDS[kind];
    const executed = BEHAVIORS[kind] !== undefined && !reason;
    const status = executed ? 'executed' : 'rejected';
    const note = executed
      ? (NOTES[kind] ?? (EVENT_POSITIONS.includes(kind) ? 'see event definitions below' : ''))
      : cannotExecute(reason!);
    lines.push(`| \`${type}\` | ${status} | ${note} |`);
  }
  lines.push(
    '',
    '## Event definitions by position',
    '',
    '| position | event definition | status |',
    '| --- | --- | --- |',
  );
  for (const position of EVENT_POSITIONS) {
    for (const event of ALLOWED[position]) {
      const supported = SUPPORTED_EVENTS[position]?.includes(event) === true && !UNSUPPORTED_KINDS[position];
      const status = supported
        ? 'executed'
        : `rejected: ${cannotExecute(UNSUPPORTED_KINDS[position] ?? eventConstruct(position, event))}`;
      lines.push(`| ${title(position)} | ${event} | ${status} |`);
    }
  }
  lines.push(
    '',
    '## Other constructs',
    '',
    '| construct | status |',
    '| --- | --- |',
    '| multi-instance (parallel, sequential; cardinality, collection, completion condition, Zeebe output collection) | executed on every activity |',
    '| standard loop (`loopCondition`, `testBefore`, `loopMaximum`) | executed |',
    '| input/output mappings (`camunda:inputOutput` incl. list/map, `zeebe:ioMapping`) | executed |',
    '| conditional sequence flows out of activities, default flows | executed |',
    '| event sub-processes, compensation handlers (`isForCompensation`) | rejected until the engine events work |',
    '| `camunda:asyncBefore` / `asyncAfter` | executed: a transaction boundary; the server continues through a job, the in-memory engine right after the step |',
    `| event definition kinds known | ${Object.values(EVENT_DEFINITION_KINDS).join(', ')} |`,
    '',
  );
  return lines.join('\n');
}
