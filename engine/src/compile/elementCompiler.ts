/**
 * Compiles one BPMN flow node into a `CompiledElement`: its event definition, loop, mappings and
 * the dialect-specific configuration of its kind. Everything the core cannot run is reported here.
 */
import type { ScriptRunner } from '../script/types.ts';
import type {
  CompiledElement,
  ElementKind,
  EventDefinition,
  LoopDefinition,
  ScriptDefinition,
} from '../protocol/definition.ts';
import { SCRIPT_FORMATS } from '../protocol/definition.ts';
import { readAdHoc } from './adHoc.ts';
import type { DiagnosticSink, Subject } from './diagnosticSink.ts';
import type { ExtensionReader } from './extensions.ts';
import {
  EVENT_DEFINITION_KINDS,
  SUPPORTED_EVENTS,
  UNSUPPORTED_KINDS,
  cannotExecute,
  eventConstruct,
} from './kinds.ts';
import { attr, body, bool, child, extension, extensions, list, str, type ModdleElement } from './moddle.ts';
import type { ValueReader } from './values.ts';

const JOB_KINDS = new Set<ElementKind>(['serviceTask', 'sendTask', 'businessRuleTask']);

export class ElementCompiler {
  constructor(
    private readonly values: ValueReader,
    private readonly ext: ExtensionReader,
    private readonly sink: DiagnosticSink,
    private readonly scripts: ScriptRunner | undefined,
  ) {}

  compile(node: ModdleElement, id: string, kind: ElementKind, scope: string): CompiledElement {
    const subject: Subject = { id, type: node.$type };
    const el: CompiledElement = { id, kind, bpmnType: node.$type, scope, incoming: [], outgoing: [] };
    const name = str(node, 'name');
    if (name) el.name = name.trim();
    const unsupported = UNSUPPORTED_KINDS[kind];
    if (unsupported) this.sink.error(subject, 'element.unsupported', cannotExecute(unsupported));
    if (kind === 'subProcess' && bool(node, 'triggeredByEvent')) el.triggeredByEvent = true;
    if (kind === 'startEvent' && bool(node, 'isInterrupting') === false) el.interrupting = false;
    if (bool(node, 'isForCompensation')) el.isForCompensation = true;
    const event = this.eventDefinition(node, kind, subject);
    if (event) el.event = event;
    const loop = this.loop(node, subject);
    if (loop) el.loop = loop;
    if (kind !== 'callActivity') {
      const io = this.ext.io(node, subject);
      if (io) el.io = io;
    }
    const properties = this.ext.properties(node);
    if (properties) el.properties = properties;
    if (bool(node, 'camunda:asyncBefore') || bool(node, 'camunda:async')) el.asyncBefore = true;
    if (bool(node, 'camunda:asyncAfter')) el.asyncAfter = true;
    if (kind === 'boundaryEvent') el.cancelActivity = bool(node, 'cancelActivity') !== false;
    this.kindSpecific(node, el, subject);
    return el;
  }

  private kindSpecific(node: ModdleElement, el: CompiledElement, subject: Subject): void {
    if (JOB_KINDS.has(el.kind)) return this.jobLike(node, el, subject);
    // Message throw and end events publish through a worker, like send tasks.
    if ((el.kind === 'intermediateThrowEvent' || el.kind === 'endEvent') && el.event?.kind === 'message') {
      return this.jobLike(node, el, subject);
    }
    if (el.kind === 'receiveTask') {
      const message = child(node, 'messageRef');
      const name = str(message, 'name');
      if (name) {
        el.event = { kind: 'message', ref: name };
        const key = str(extension(message!, 'zeebe:Subscription'), 'correlationKey');
        const correlation = this.values.expression(key, subject, 'Correlation key');
        if (correlation) el.event.correlationKey = correlation;
      }
    }
    switch (el.kind) {
      case 'complexGateway': {
        const activation = body(attr(node, 'activationCondition'));
        const condition = this.values.expression(activation, subject, 'Activation condition');
        if (condition) el.activationCondition = condition;
        break;
      }
      case 'adHocSubProcess':
        el.adHoc = readAdHoc(node, this.values, this.sink, subject);
        break;
      case 'userTask': {
        el.userTask = this.ext.userTask(node, subject);
        // Camunda 7 evaluates expressions in task names (`My Task ${loopCounter}`).
        const name = el.name === undefined ? undefined : this.values.value(el.name, subject, 'Task name');
        if (name && 'expression' in name) el.userTask.name = name;
        break;
      }
      case 'scriptTask':
        this.script(node, el, subject);
        break;
      case 'callActivity': {
        const call = this.ext.call(node, subject);
        if (call) {
          el.call = call.call;
          const io = extension(node, 'zeebe:IoMapping') ? undefined : this.ext.io(node, subject);
          const outputs = [...(io?.outputs ?? []), ...call.outputs];
          if (io || outputs.length > 0) el.io = { inputs: io?.inputs ?? [], outputs };
        }
        break;
      }
    }
  }

  private jobLike(node: ModdleElement, el: CompiledElement, subject: Subject): void {
    if (
      el.kind === 'businessRuleTask' &&
      (str(node, 'camunda:decisionRef') || extension(node, 'zeebe:CalledDecision'))
    ) {
      this.sink.error(
        subject,
        'decision.unsupported',
        'DMN decisions are not supported yet; implement the rule as a job (camunda:type="external" or zeebe:taskDefinition)',
      );
      return;
    }
    const expression = str(node, 'camunda:expression');
    if (expression) {
      const parsed = this.values.expression(expression, subject, 'camunda:expression');
      if (parsed) {
        el.expressionTask = { expression: parsed };
        const result = str(node, 'camunda:resultVariable');
        if (result) el.expressionTask.resultVariable = result;
      }
      return;
    }
    const job = this.ext.job(node, subject);
    if (job) {
      el.job = job;
      return;
    }
    this.sink.error(
      subject,
      'task.no-implementation',
      'Service-like task has no implementation: set camunda:type="external" with camunda:topic, camunda:class, camunda:delegateExpression, camunda:expression, or zeebe:taskDefinition type',
    );
  }

  private script(node: ModdleElement, el: CompiledElement, subject: Subject): void {
    const zeebe = extension(node, 'zeebe:Script');
    let script: ScriptDefinition;
    if (zeebe) {
      const expression = this.values.expression(str(zeebe, 'expression'), subject, 'Script expression');
      if (!expression) return;
      script = { format: expression.language, source: expression.source };
      const result = str(zeebe, 'resultVariable');
      if (result) script.resultVariable = result;
    } else {
      const formatText = (str(node, 'scriptFormat') ?? '').trim().toLowerCase();
      const format = SCRIPT_FORMATS[formatText];
      if (!format) {
        this.sink.error(
          subject,
          'script.unsupported-format',
          formatText
            ? `Script format '${formatText}' is not supported; use javascript or feel`
            : 'Script task has no scriptFormat',
        );
        return;
      }
      if (str(node, 'camunda:resource')) {
        this.sink.error(
          subject,
          'script.external-resource',
          'Scripts loaded from camunda:resource are not supported; inline the script',
        );
        return;
      }
      const source = str(node, 'script') ?? '';
      script = { format, source };
      const result = str(node, 'camunda:resultVariable');
      if (result) script.resultVariable = result;
      if (format === 'feel') {
        const expression = this.values.expression(`=${source}`, subject, 'Script');
        if (!expression) return;
        script.source = expression.source;
      } else if (format === 'juel') {
        // A JUEL script is a template: plain text (`0`) evaluates to itself, as in Camunda 7.
        if (!this.values.checkJuel(source, subject, 'Script')) return;
      } else {
        const problem = this.scripts?.check(script) ?? null;
        if (problem) {
          this.sink.error(subject, 'script.syntax', `Script does not compile: ${problem}`);
          return;
        }
      }
    }
    el.script = script;
  }

  private eventDefinition(
    node: ModdleElement,
    kind: ElementKind,
    subject: Subject,
  ): EventDefinition | undefined {
    const defs = list(node, 'eventDefinitions');
    const supported = SUPPORTED_EVENTS[kind];
    if (defs.length === 0) {
      if (!supported) return undefined;
      return { kind: 'none' };
    }
    if (defs.length > 1) {
      this.sink.error(
        subject,
        'event.multiple',
        'Events with several event definitions (multiple / parallel multiple) are not supported',
      );
    }
    const def = defs[0];
    const eventKind = EVENT_DEFINITION_KINDS[def.$type];
    if (!eventKind) {
      this.sink.error(subject, 'event.unknown', `Unknown event definition ${def.$type}`);
      return undefined;
    }
    const event: EventDefinition = { kind: eventKind };
    this.eventDetails(def, event, subject);
    if (supported && !supported.includes(eventKind)) {
      this.sink.error(subject, 'element.unsupported', cannotExecute(eventConstruct(kind, eventKind)));
    }
    return event;
  }

  private eventDetails(def: ModdleElement, event: EventDefinition, subject: Subject): void {
    switch (event.kind) {
      case 'message':
      case 'signal':
      case 'error':
      case 'escalation': {
        const refName = {
          message: 'messageRef',
          signal: 'signalRef',
          error: 'errorRef',
          escalation: 'escalationRef',
        }[event.kind];
        const ref = child(def, refName);
        const code = str(
          ref,
          event.kind === 'error' ? 'errorCode' : event.kind === 'escalation' ? 'escalationCode' : 'name',
        );
        if (code) event.ref = code;
        if (
          event.kind === 'signal' &&
          extensions(def, 'camunda:In').some((m) => str(m, 'variables') === 'all')
        ) {
          event.allVariables = true;
        }
        if (event.kind === 'error') {
          const codeVariable = str(def, 'camunda:errorCodeVariable');
          if (codeVariable) event.codeVariable = codeVariable;
          const messageVariable = str(def, 'camunda:errorMessageVariable');
          if (messageVariable) event.messageVariable = messageVariable;
        }
        if (event.kind === 'message' && ref) {
          const key = str(extension(ref, 'zeebe:Subscription'), 'correlationKey');
          const correlation = this.values.expression(key, subject, 'Correlation key');
          if (correlation) event.correlationKey = correlation;
        }
        break;
      }
      case 'timer': {
        for (const [type, prop] of [
          ['date', 'timeDate'],
          ['duration', 'timeDuration'],
          ['cycle', 'timeCycle'],
        ] as const) {
          const text = body(attr(def, prop));
          if (text === undefined || text.trim() === '') continue;
          const value = this.values.value(text.trim(), subject, `Timer ${prop}`);
          if (value) event.timer = { type, value };
        }
        if (!event.timer)
          this.sink.error(
            subject,
            'timer.no-definition',
            'Timer event has no timeDate, timeDuration or timeCycle',
          );
        break;
      }
      case 'conditional': {
        const condition = this.values.expression(body(attr(def, 'condition')), subject, 'Condition');
        if (condition) event.condition = condition;
        else this.sink.error(subject, 'conditional.no-condition', 'Conditional event has no condition');
        break;
      }
      case 'link':
        if (str(def, 'name')) event.ref = str(def, 'name');
        break;
      case 'compensate': {
        const activity = child(def, 'activityRef');
        if (activity?.id) event.activityRef = activity.id;
        break;
      }
    }
  }

  private loop(node: ModdleElement, subject: Subject): LoopDefinition | undefined {
    const lc = child(node, 'loopCharacteristics');
    if (!lc) return undefined;
    if (lc.$type === 'bpmn:StandardLoopCharacteristics') {
      const loop: LoopDefinition = { kind: 'standardLoop', testBefore: bool(lc, 'testBefore') === true };
      const condition = this.values.expression(body(attr(lc, 'loopCondition')), subject, 'Loop condition');
      if (condition) loop.condition = condition;
      const max = attr(lc, 'loopMaximum');
      if (max !== undefined && max !== '') {
        const n = Number(max);
        if (Number.isInteger(n) && n >= 0) loop.maximum = n;
        else
          this.sink.error(subject, 'loop.maximum', `loopMaximum '${String(max)}' is not a whole number >= 0`);
      }
      return loop;
    }
    const zeebe = extension(lc, 'zeebe:LoopCharacteristics');
    const loop: LoopDefinition = {
      kind: 'multiInstance',
      sequential: bool(lc, 'isSequential') === true,
      style: zeebe ? 'zeebe' : 'camunda7',
    };
    const cardinalityText = body(attr(lc, 'loopCardinality'))?.trim();
    const cardinality =
      cardinalityText && /^\d+$/.test(cardinalityText)
        ? { language: 'juel' as const, source: `\${${cardinalityText}}` }
        : this.values.expression(cardinalityText, subject, 'Loop cardinality');
    if (cardinality) loop.cardinality = cardinality;
    const collection = str(zeebe, 'inputCollection') ?? str(lc, 'camunda:collection');
    const inputCollection = this.values.expression(collection, subject, 'Input collection', true);
    if (inputCollection) loop.inputCollection = inputCollection;
    const element = str(zeebe, 'inputElement') ?? str(lc, 'camunda:elementVariable');
    if (element) loop.inputElement = element;
    const outputCollection = str(zeebe, 'outputCollection');
    if (outputCollection) loop.outputCollection = outputCollection;
    const outputElement = this.values.expression(str(zeebe, 'outputElement'), subject, 'Output element');
    if (outputElement) loop.outputElement = outputElement;
    const completion = this.values.expression(
      body(attr(lc, 'completionCondition')),
      subject,
      'Completion condition',
    );
    if (completion) loop.completionCondition = completion;
    if (!loop.cardinality && !loop.inputCollection && !collection && !body(attr(lc, 'loopCardinality'))) {
      this.sink.error(
        subject,
        'loop.no-cardinality',
        'Multi-instance needs a loopCardinality or an input collection',
      );
    }
    return loop;
  }
}
