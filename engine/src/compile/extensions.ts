/**
 * Extension data from both dialects, normalised into one shape: Camunda 7 (`camunda:` attributes
 * and elements) and Camunda 8 (`zeebe:` elements) describe the same things differently.
 */
import type {
  CallActivityDefinition,
  FormField,
  IoMapping,
  JobDefinition,
  UserTaskDefinition,
  ValueOrExpression,
  VariableMapping,
} from '../protocol/definition.ts';
import { firstDue, parseTimer } from '../timers/index.ts';
import type { DiagnosticSink, Subject } from './diagnosticSink.ts';
import { EMBEDDED_FORM_PREFIX, FormJsReader } from './formJs.ts';
import { attr, bool, extension, extensions, list, str, type ModdleElement } from './moddle.ts';
import type { ValueReader } from './values.ts';

export class ExtensionReader {
  constructor(
    private readonly values: ValueReader,
    private readonly sink: DiagnosticSink,
  ) {}

  /** Service-like implementation as a job, or undefined when the element has none. */
  job(el: ModdleElement, subject: Subject): JobDefinition | undefined {
    const job = this.jobImplementation(el, subject);
    const cycle = this.retryCycle(el, subject);
    if (job && cycle) job.retryCycle = cycle;
    return job;
  }

  /** `camunda:failedJobRetryTimeCycle`: `R5/PT5M` or a list of durations `PT1M,PT5M`. */
  private retryCycle(el: ModdleElement, subject: Subject): JobDefinition['retryCycle'] {
    const text = str(extension(el, 'camunda:FailedJobRetryTimeCycle'), 'body')?.trim();
    if (!text) return undefined;
    const toMs = (duration: string): number => firstDue(parseTimer('duration', duration), 0)!;
    try {
      const repeating = /^R(\d+)\/(.+)$/.exec(text);
      if (repeating) return { retries: Number(repeating[1]), intervalsMs: [toMs(repeating[2])] };
      const intervalsMs = text.split(',').map((d) => toMs(d.trim()));
      // A list gives one retry per interval after the first try, as in Camunda 7.
      return { retries: intervalsMs.length + 1, intervalsMs };
    } catch (error) {
      this.sink.error(
        subject,
        'job.retry-cycle',
        `camunda:failedJobRetryTimeCycle '${text}' is neither R<n>/<duration> nor a list of durations: ${(error as Error).message}`,
      );
      return undefined;
    }
  }

  private jobImplementation(el: ModdleElement, subject: Subject): JobDefinition | undefined {
    const headers = this.headers(el);
    const taskDefinition = extension(el, 'zeebe:TaskDefinition');
    if (taskDefinition) {
      const type = this.values.value(str(taskDefinition, 'type'), subject, 'Job type');
      if (!type) return undefined;
      const retries = this.values.value(str(taskDefinition, 'retries'), subject, 'Job retries');
      return { type, source: 'zeebe:taskDefinition', retries, headers };
    }
    const camundaType = str(el, 'camunda:type');
    const topic = str(el, 'camunda:topic');
    if (camundaType === 'external' || topic) {
      const type = this.values.value(topic, subject, 'External task topic');
      if (!type) {
        this.sink.error(subject, 'task.no-topic', `camunda:type="external" needs a camunda:topic`);
        return undefined;
      }
      return { type, source: 'camunda:topic', headers };
    }
    const className = str(el, 'camunda:class');
    if (className) return { type: { literal: className }, source: 'camunda:class', headers };
    const delegate = str(el, 'camunda:delegateExpression');
    if (delegate) {
      // `${orderService}` subscribes as `orderService`; anything more complex keeps its text.
      const simple = /^[$#]\{\s*([\w.]+)\s*\}$/.exec(delegate.trim());
      return {
        type: { literal: simple ? simple[1] : delegate },
        source: 'camunda:delegateExpression',
        headers,
      };
    }
    const connector = extension(el, 'camunda:Connector');
    const connectorId = str(connector, 'connectorId');
    if (connectorId) return { type: { literal: connectorId }, source: 'camunda:connector', headers };
    const implementation = str(el, 'implementation');
    if (implementation && !implementation.startsWith('##')) {
      return { type: { literal: implementation }, source: 'implementation', headers };
    }
    return undefined;
  }

  private headers(el: ModdleElement): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    // Camunda 7 field injection (`camunda:field`) reaches handlers and workers as headers.
    for (const field of extensions(el, 'camunda:Field')) {
      const value = str(field, 'stringValue') ?? str(field, 'string') ?? str(field, 'expression');
      if (value !== undefined) out[str(field, 'name') ?? ''] = value;
    }
    for (const headers of extensions(el, 'zeebe:TaskHeaders')) {
      for (const h of list(headers, 'values')) out[str(h, 'key') ?? ''] = str(h, 'value') ?? '';
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  /** Camunda 7 `camunda:properties` and Zeebe `zeebe:properties`. */
  properties(el: ModdleElement): Record<string, string> | undefined {
    const out: Record<string, string> = {};
    for (const type of ['camunda:Properties', 'zeebe:Properties']) {
      for (const props of extensions(el, type)) {
        for (const p of list(props, 'values')) out[str(p, 'name') ?? ''] = str(p, 'value') ?? '';
      }
    }
    return Object.keys(out).length > 0 ? out : undefined;
  }

  userTask(el: ModdleElement, subject: Subject): UserTaskDefinition {
    const v = (text: unknown, what: string): ValueOrExpression | undefined =>
      this.values.value(text, subject, what);
    const assignment = extension(el, 'zeebe:AssignmentDefinition');
    const schedule = extension(el, 'zeebe:TaskSchedule');
    const priority = extension(el, 'zeebe:PriorityDefinition');
    const form = extension(el, 'zeebe:FormDefinition');
    const formKey = str(form, 'formKey') ?? str(el, 'camunda:formKey') ?? str(el, 'camunda:formRef');
    const def: UserTaskDefinition = {
      assignee: v(str(assignment, 'assignee') ?? str(el, 'camunda:assignee'), 'Assignee'),
      candidateUsers: v(
        str(assignment, 'candidateUsers') ?? str(el, 'camunda:candidateUsers'),
        'Candidate users',
      ),
      candidateGroups: v(
        str(assignment, 'candidateGroups') ?? str(el, 'camunda:candidateGroups'),
        'Candidate groups',
      ),
      dueDate: v(str(schedule, 'dueDate') ?? str(el, 'camunda:dueDate'), 'Due date'),
      followUpDate: v(str(schedule, 'followUpDate') ?? str(el, 'camunda:followUpDate'), 'Follow-up date'),
      priority: v(str(priority, 'priority') ?? str(el, 'camunda:priority'), 'Priority'),
      formKey,
      formId: str(form, 'formId') ?? str(form, 'externalReference'),
      formFields: this.formFields(el) ?? this.embeddedFormFields(el, str(form, 'formKey'), subject),
    };
    for (const key of Object.keys(def) as (keyof UserTaskDefinition)[])
      if (def[key] === undefined) delete def[key];
    return def;
  }

  private formFields(el: ModdleElement): FormField[] | undefined {
    const data = extension(el, 'camunda:FormData');
    if (!data) return undefined;
    return list(data, 'fields').map((f) => {
      const field: FormField = { id: str(f, 'id') ?? '', type: str(f, 'type') ?? 'string' };
      const label = str(f, 'label');
      if (label) field.label = label;
      const defaultValue = str(f, 'defaultValue');
      if (defaultValue !== undefined) field.defaultValue = defaultValue;
      const constraints = list(attr(f, 'validation') as ModdleElement | undefined, 'constraints');
      if (constraints.length > 0) {
        field.validation = constraints.map((c) => {
          const config = str(c, 'config');
          return config === undefined
            ? { name: str(c, 'name') ?? '' }
            : { name: str(c, 'name') ?? '', config };
        });
        if (field.validation.some((c) => c.name === 'required')) field.required = true;
        if (field.validation.some((c) => c.name === 'readonly')) field.readonly = true;
      }
      const values = list(f, 'values');
      if (values.length > 0)
        field.values = values.map((e) => ({ id: str(e, 'id') ?? '', name: str(e, 'name') ?? '' }));
      return field;
    });
  }

  /**
   * The fields of a Camunda 8 form embedded in the process (`formKey="camunda-forms:bpmn:<id>"`
   * naming a `zeebe:userTaskForm`). A missing form or a body that is no form-js schema is an error:
   * the task could be neither rendered nor checked. Linked forms (`formId`) stay a form key only.
   */
  private embeddedFormFields(
    el: ModdleElement,
    formKey: string | undefined,
    subject: Subject,
  ): FormField[] | undefined {
    if (!formKey?.startsWith(EMBEDDED_FORM_PREFIX)) return undefined;
    const formId = formKey.slice(EMBEDDED_FORM_PREFIX.length);
    let process = el.$parent;
    while (process && process.$type !== 'bpmn:Process') process = process.$parent;
    const form = process && extensions(process, 'zeebe:UserTaskForm').find((f) => str(f, 'id') === formId);
    if (!form) {
      this.sink.error(
        subject,
        'form.not-found',
        `formKey '${formKey}' names the embedded form '${formId}', but the process has no zeebe:userTaskForm with that id`,
      );
      return undefined;
    }
    return FormJsReader.read(str(form, 'body') ?? '', formId, this.sink, subject);
  }

  /** `camunda:inputOutput` or `zeebe:ioMapping`; undefined when the element has neither. */
  io(el: ModdleElement, subject: Subject): IoMapping | undefined {
    const zeebe = extension(el, 'zeebe:IoMapping');
    const camunda = extension(el, 'camunda:InputOutput');
    if (!zeebe && !camunda) return undefined;
    const inputs: VariableMapping[] = [];
    const outputs: VariableMapping[] = [];
    if (zeebe) {
      for (const p of list(zeebe, 'inputParameters')) inputs.push(this.zeebeMapping(p, subject, 'Input'));
      for (const p of list(zeebe, 'outputParameters')) outputs.push(this.zeebeMapping(p, subject, 'Output'));
    }
    if (camunda) {
      for (const p of list(camunda, 'inputParameters'))
        inputs.push(this.camundaParameter(p, subject, 'Input'));
      for (const p of list(camunda, 'outputParameters'))
        outputs.push(this.camundaParameter(p, subject, 'Output'));
    }
    return { inputs, outputs };
  }

  private zeebeMapping(p: ModdleElement, subject: Subject, what: string): VariableMapping {
    const target = str(p, 'target') ?? '';
    if (target === '') this.sink.error(subject, 'mapping.no-target', `${what} mapping without a target`);
    const source = this.values.value(str(p, 'source'), subject, `${what} mapping '${target}'`);
    return source ? { target, source } : { target, source: { literal: null } };
  }

  private camundaParameter(p: ModdleElement, subject: Subject, what: string): VariableMapping {
    const target = str(p, 'name') ?? '';
    if (target === '') this.sink.error(subject, 'mapping.no-target', `${what} parameter without a name`);
    const definition = attr(p, 'definition') as ModdleElement | undefined;
    const source = definition
      ? this.definitionValue(definition, subject, `${what} parameter '${target}'`)
      : this.values.value(str(p, 'value'), subject, `${what} parameter '${target}'`);
    return { target, source: source ?? { literal: null } };
  }

  /** `camunda:list`, `camunda:map`, `camunda:script` inside an input/output parameter. */
  private definitionValue(def: ModdleElement, subject: Subject, what: string): ValueOrExpression | undefined {
    switch (def.$type) {
      case 'camunda:List':
        return {
          list: list(def, 'items').map(
            (item) => this.definitionValue(item, subject, what) ?? { literal: null },
          ),
        };
      case 'camunda:Map': {
        const map: Record<string, ValueOrExpression> = {};
        for (const entry of list(def, 'entries')) {
          const inner = attr(entry, 'definition') as ModdleElement | undefined;
          map[str(entry, 'key') ?? ''] = (inner
            ? this.definitionValue(inner, subject, what)
            : this.values.value(str(entry, 'value'), subject, what)) ?? {
            literal: null,
          };
        }
        return { map };
      }
      case 'camunda:Value':
        return this.values.value(str(def, 'value'), subject, what);
      default:
        this.sink.error(
          subject,
          'mapping.unsupported',
          `${what}: ${def.$type} values are not supported; use an expression`,
        );
        return undefined;
    }
  }

  /** Call activity: called element, binding, in-mappings; out-mappings go to `io.outputs`. */
  call(
    el: ModdleElement,
    subject: Subject,
  ): { call: CallActivityDefinition; outputs: VariableMapping[] } | undefined {
    const zeebe = extension(el, 'zeebe:CalledElement');
    const calledText = zeebe ? str(zeebe, 'processId') : str(el, 'calledElement');
    const calledElement = this.values.value(calledText, subject, 'Called element');
    if (!calledElement) {
      this.sink.error(
        subject,
        'call.no-called-element',
        'Call activity has no called element (calledElement / zeebe:calledElement processId)',
      );
      return undefined;
    }
    if (zeebe) return this.zeebeCall(el, zeebe, calledElement, subject);
    const bindingText = str(el, 'camunda:calledElementBinding') ?? 'latest';
    if (!['latest', 'deployment', 'version', 'versionTag'].includes(bindingText)) {
      this.sink.error(subject, 'call.binding', `Unknown camunda:calledElementBinding '${bindingText}'`);
    }
    const binding = bindingText as CallActivityDefinition['binding'];
    const version = this.values.value(
      str(el, 'camunda:calledElementVersion'),
      subject,
      'Called element version',
    );
    if (binding === 'version' && !version) {
      this.sink.error(
        subject,
        'call.no-version',
        'calledElementBinding="version" needs camunda:calledElementVersion',
      );
    }
    const call: CallActivityDefinition = { calledElement, binding, inputs: [], inAll: false, outAll: false };
    if (version) call.version = version;
    const tag = str(el, 'camunda:calledElementVersionTag');
    if (tag) call.versionTag = tag;
    const outputs: VariableMapping[] = [];
    for (const m of extensions(el, 'camunda:In')) {
      if (str(m, 'variables') === 'all') call.inAll = true;
      const businessKey = str(m, 'businessKey');
      if (businessKey) call.businessKey = this.values.value(businessKey, subject, 'Business key');
      const mapping = this.inOut(m, subject, 'camunda:in');
      if (mapping) call.inputs.push(mapping);
    }
    for (const m of extensions(el, 'camunda:Out')) {
      if (str(m, 'variables') === 'all') call.outAll = true;
      const mapping = this.inOut(m, subject, 'camunda:out');
      if (mapping) outputs.push(mapping);
    }
    return { call, outputs };
  }

  private zeebeCall(
    el: ModdleElement,
    zeebe: ModdleElement,
    calledElement: ValueOrExpression,
    subject: Subject,
  ): { call: CallActivityDefinition; outputs: VariableMapping[] } {
    const io = this.io(el, subject);
    const bindingText = str(zeebe, 'bindingType') ?? 'latest';
    const binding = (
      ['latest', 'deployment', 'versionTag'].includes(bindingText) ? bindingText : 'latest'
    ) as CallActivityDefinition['binding'];
    const outputs = io?.outputs ?? [];
    const call: CallActivityDefinition = {
      calledElement,
      binding,
      inputs: io?.inputs ?? [],
      inAll: bool(zeebe, 'propagateAllParentVariables') !== false,
      // With output mappings only the mapped variables leave the child, as in Zeebe.
      outAll: bool(zeebe, 'propagateAllChildVariables') !== false && outputs.length === 0,
    };
    const tag = str(zeebe, 'versionTag');
    if (tag) call.versionTag = tag;
    return { call, outputs };
  }

  private inOut(m: ModdleElement, subject: Subject, what: string): VariableMapping | undefined {
    const target = str(m, 'target');
    const source = str(m, 'source');
    const sourceExpression = str(m, 'sourceExpression');
    if (!target) {
      if (source || sourceExpression)
        this.sink.error(subject, 'mapping.no-target', `${what} without a target`);
      return undefined;
    }
    const mapping: VariableMapping = { target };
    if (sourceExpression)
      mapping.source = this.values.value(sourceExpression, subject, `${what} '${target}'`);
    else if (source) mapping.variable = source;
    if (bool(m, 'local')) mapping.local = true;
    return mapping;
  }
}
