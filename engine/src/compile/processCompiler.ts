/**
 * Compiles one executable process: walks its scopes, wires sequence flows, finds where each scope
 * starts, precomputes what the inclusive join needs, and validates the graph.
 */
import type {
  CompiledElement,
  CompiledFlow,
  CompiledProcess,
  ScriptDefinition,
} from '../protocol/definition.ts';
import type { DiagnosticSink, Subject } from './diagnosticSink.ts';
import type { ElementCompiler } from './elementCompiler.ts';
import type { ExtensionReader } from './extensions.ts';
import { adHocActivatable, inclusiveJoinReach, predecessorsOf, unreachable } from './graph.ts';
import { FLOW_NODE_KINDS, IGNORED_FLOW_ELEMENTS } from './kinds.ts';
import { body, child, list, str, type ModdleElement } from './moddle.ts';
import { validateProcess } from './validate.ts';
import type { ValueReader } from './values.ts';

interface PendingFlow {
  node: ModdleElement;
  id: string;
  scope: string;
}

export class ProcessCompiler {
  private elements: Record<string, CompiledElement> = {};
  private flows: Record<string, CompiledFlow> = {};
  private pending: PendingFlow[] = [];
  private defaults: [CompiledElement, ModdleElement, Subject][] = [];
  private generated = 0;

  constructor(
    private readonly elementCompiler: ElementCompiler,
    private readonly values: ValueReader,
    private readonly ext: ExtensionReader,
    private readonly sink: DiagnosticSink,
  ) {}

  compile(processNode: ModdleElement): CompiledProcess {
    const id = processNode.id || 'process';
    const name = str(processNode, 'name');
    if (!processNode.id) {
      // The id is the key: a process without one could not be started or told from the others.
      this.sink.error(
        { id, type: 'bpmn:Process' },
        'process.no-id',
        `The executable process${name ? ` '${name}'` : ''} has no id: the id is the key it is deployed and started by`,
      );
    }
    const root: CompiledElement = {
      id,
      kind: 'process',
      bpmnType: 'bpmn:Process',
      scope: null,
      incoming: [],
      outgoing: [],
    };
    if (name) root.name = name;
    this.elements[id] = root;
    this.walk(processNode, root);
    this.wireFlows();
    for (const [el, node, subject] of this.defaults) this.wireDefault(el, node, subject);
    for (const el of Object.values(this.elements)) if (el.children) this.findStarts(el);
    for (const el of Object.values(this.elements)) if (el.children) this.linkEvents(el);
    const predecessors = predecessorsOf(this.elements, this.flows);
    for (const el of Object.values(this.elements)) {
      if ((el.kind === 'inclusiveGateway' || el.kind === 'complexGateway') && el.incoming.length > 1) {
        el.join = { reach: inclusiveJoinReach(el, this.flows, predecessors) };
      }
    }
    const scripts: Record<string, ScriptDefinition> = {};
    for (const el of Object.values(this.elements))
      if (el.script?.format === 'javascript') scripts[el.id] = el.script;
    const process: CompiledProcess = {
      id,
      startEvents: root.startEvents ?? [],
      elements: this.elements,
      flows: this.flows,
      predecessors,
      scripts,
    };
    if (name) process.name = name;
    const versionTag =
      str(processNode, 'camunda:versionTag') ??
      str(this.firstExtension(processNode, 'zeebe:VersionTag'), 'value');
    if (versionTag) process.versionTag = versionTag;
    const properties = this.ext.properties(processNode);
    if (properties) process.properties = properties;
    validateProcess(process, this.sink);
    for (const el of unreachable(process)) {
      this.sink.warning(
        { id: el.id, type: el.bpmnType },
        'element.unreachable',
        'No token can reach this element from a start event',
      );
    }
    return process;
  }

  private firstExtension(node: ModdleElement, type: string): ModdleElement | undefined {
    return list(child(node, 'extensionElements'), 'values').find((v) => v.$type === type);
  }

  /** Compiles the flow nodes of one scope, recursing into sub-processes. */
  private walk(scopeNode: ModdleElement, scope: CompiledElement): void {
    scope.children = [];
    for (const node of list(scopeNode, 'flowElements')) {
      if (node.$type === 'bpmn:SequenceFlow') {
        this.pending.push({ node, id: node.id ?? this.generateId('SequenceFlow'), scope: scope.id });
        continue;
      }
      if (IGNORED_FLOW_ELEMENTS.has(node.$type)) continue;
      const kind = FLOW_NODE_KINDS[node.$type];
      const id = node.id ?? this.generateId(node.$type.replace('bpmn:', ''));
      if (!kind) {
        this.sink.error(
          { id, type: node.$type },
          'element.unknown',
          `Baton does not know the element type ${node.$type}`,
        );
        continue;
      }
      if (this.elements[id]) {
        this.sink.error(
          { id, type: node.$type },
          'element.duplicate-id',
          `Another element already has the id '${id}'`,
        );
        continue;
      }
      const el = this.elementCompiler.compile(node, id, kind, scope.id);
      this.elements[id] = el;
      scope.children.push(id);
      if (child(node, 'default')) this.defaults.push([el, node, { id, type: node.$type }]);
      if (kind === 'subProcess' || kind === 'transaction' || kind === 'adHocSubProcess') {
        if (el.triggeredByEvent) (scope.eventSubProcesses ??= []).push(id);
        this.walk(node, el);
      }
      if (kind === 'boundaryEvent') {
        const host = child(node, 'attachedToRef');
        if (!host?.id) {
          this.sink.error(
            { id, type: node.$type },
            'boundary.no-host',
            'Boundary event is not attached to an activity',
          );
        } else {
          el.attachedTo = host.id;
        }
      }
    }
    for (const id of scope.children) {
      const el = this.elements[id];
      if (el.attachedTo && this.elements[el.attachedTo])
        (this.elements[el.attachedTo].boundaries ??= []).push(id);
    }
    // Associations tie a compensation boundary event to its handler activity.
    for (const artifact of list(scopeNode, 'artifacts')) {
      if (artifact.$type !== 'bpmn:Association') continue;
      const source = child(artifact, 'sourceRef')?.id;
      const target = child(artifact, 'targetRef')?.id;
      const boundary = source ? this.elements[source] : undefined;
      if (boundary?.event?.kind === 'compensate' && target) boundary.compensationHandler = target;
    }
  }

  private generateId(type: string): string {
    return `_${type}_${++this.generated}`;
  }

  private wireFlows(): void {
    for (const { node, id, scope } of this.pending) {
      const subject = { id, type: 'bpmn:SequenceFlow' };
      const source = child(node, 'sourceRef')?.id;
      const target = child(node, 'targetRef')?.id;
      if (!source || !this.elements[source]) this.danglingRef(subject, 'sourceRef', source);
      if (!target || !this.elements[target]) this.danglingRef(subject, 'targetRef', target);
      if (!source || !target || !this.elements[source] || !this.elements[target]) continue;
      if (this.elements[source].scope !== scope || this.elements[target].scope !== scope) {
        this.sink.error(
          subject,
          'flow.crosses-scope',
          `Sequence flow from '${source}' to '${target}' crosses a sub-process boundary`,
        );
        continue;
      }
      const flow: CompiledFlow = { id, source, target };
      const name = str(node, 'name');
      if (name) flow.name = name;
      const conditionNode = child(node, 'conditionExpression');
      if (conditionNode) {
        const language = str(conditionNode, 'language');
        if (language && !/^(juel|feel|http:\/\/www\.omg\.org\/spec\/feel.*)$/i.test(language)) {
          this.sink.error(
            subject,
            'condition.language',
            `Condition language '${language}' is not supported; use \${...} (JUEL) or =... (FEEL)`,
          );
        } else {
          const condition = this.values.expression(body(conditionNode), subject, 'Condition');
          if (condition) flow.condition = condition;
        }
      }
      this.flows[id] = flow;
      this.elements[source].outgoing.push(id);
      this.elements[target].incoming.push(id);
    }
  }

  /** A sourceRef/targetRef that names no flow node; the parser's warning knows the id it named. */
  private danglingRef(subject: Subject, ref: 'sourceRef' | 'targetRef', id: string | undefined): void {
    const code = ref === 'sourceRef' ? 'flow.dangling-source' : 'flow.dangling-target';
    if (id) {
      this.sink.error(subject, code, `${ref} '${id}' names no flow node of this process`);
      return;
    }
    const parsed = this.sink.items.find(
      (d) => d.code === 'xml.unresolved-reference' && d.elementId === subject.id && d.message.startsWith(ref),
    );
    this.sink.error(
      subject,
      code,
      parsed ? parsed.message.replace('; the reference is dropped.', '') : `Sequence flow has no ${ref}`,
    );
  }

  private wireDefault(el: CompiledElement, node: ModdleElement, subject: Subject): void {
    const defaultId = child(node, 'default')?.id;
    if (!defaultId) return;
    if (!el.outgoing.includes(defaultId)) {
      this.sink.error(
        subject,
        'default.not-outgoing',
        `Default flow '${defaultId}' is not an outgoing flow of this element`,
      );
      return;
    }
    el.defaultFlow = defaultId;
    if (this.flows[defaultId].condition) {
      this.sink.warning(
        { id: defaultId, type: 'bpmn:SequenceFlow' },
        'default.has-condition',
        'The condition of a default flow is ignored',
      );
    }
  }

  /** Pairs each link throw event with the catch event of the same name in its scope. */
  private linkEvents(scope: CompiledElement): void {
    const children = scope.children!.map((id) => this.elements[id]);
    const catches = new Map<string, string>();
    for (const el of children) {
      if (el.kind !== 'intermediateCatchEvent' || el.event?.kind !== 'link') continue;
      const name = el.event.ref ?? el.name ?? '';
      if (catches.has(name)) {
        this.sink.error(
          { id: el.id, type: el.bpmnType },
          'link.duplicate',
          `Another link catch event in this scope is also named '${name}'`,
        );
      }
      catches.set(name, el.id);
    }
    for (const el of children) {
      if (el.kind !== 'intermediateThrowEvent' || el.event?.kind !== 'link') continue;
      const name = el.event.ref ?? el.name ?? '';
      const target = catches.get(name);
      if (target) el.linkTarget = target;
      else
        this.sink.error(
          { id: el.id, type: el.bpmnType },
          'link.no-catch',
          `No link catch event named '${name}' in the same scope`,
        );
    }
  }

  /** None start events of a scope; without any, every element with no incoming flow (BPMN 13.2). */
  private findStarts(scope: CompiledElement): void {
    const children = scope.children!.map((id) => this.elements[id]);
    if (scope.adHoc) {
      // No implicit starts: inner elements are activated on demand (core/adHoc.ts).
      scope.startEvents = [];
      scope.adHoc.activatable = adHocActivatable(children);
      return;
    }
    if (scope.triggeredByEvent) {
      scope.startEvents = children.filter((el) => el.kind === 'startEvent').map((el) => el.id);
      return;
    }
    const starts = children.filter((el) => el.kind === 'startEvent' && el.event?.kind === 'none');
    if (starts.length > 0 || children.some((el) => el.kind === 'startEvent')) {
      scope.startEvents = starts.map((el) => el.id);
      return;
    }
    scope.startEvents = children
      .filter(
        (el) => el.incoming.length === 0 && !el.attachedTo && !el.triggeredByEvent && !el.isForCompensation,
      )
      .map((el) => el.id);
  }
}
