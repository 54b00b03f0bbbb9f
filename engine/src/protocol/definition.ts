/**
 * The compiled form of a BPMN process: a frozen, JSON-serialisable graph the core runs.
 * Produced once per deployment by `compile/`, never mutated afterwards.
 */
import type { Diagnostic } from './diagnostics.ts';
import type { JsonValue } from './variables.ts';

/** `juel` for Camunda 7 style `${...}` / `#{...}` (possibly mixed with text), `feel` for `=...`. */
export type ExpressionLanguage = 'juel' | 'feel';

/** An expression as written, with its language. Parsed forms are cached by the evaluator. */
export interface Expression {
  language: ExpressionLanguage;
  /** For juel the whole text including `${}`; for feel the text after the leading `=`. */
  source: string;
}

/**
 * A value as a mapping or attribute gives it: a literal, an expression, or (Camunda 7
 * `camunda:list` / `camunda:map`) a list or map whose entries are values themselves.
 */
export type ValueOrExpression =
  | { literal: JsonValue }
  | { expression: Expression }
  | { list: ValueOrExpression[] }
  | { map: Record<string, ValueOrExpression> };

export type ElementKind =
  | 'process'
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'task'
  | 'manualTask'
  | 'serviceTask'
  | 'sendTask'
  | 'businessRuleTask'
  | 'scriptTask'
  | 'userTask'
  | 'receiveTask'
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'complexGateway'
  | 'subProcess'
  | 'transaction'
  | 'adHocSubProcess'
  | 'callActivity';

export type EventDefinitionKind =
  | 'none'
  | 'terminate'
  | 'message'
  | 'timer'
  | 'signal'
  | 'error'
  | 'escalation'
  | 'compensate'
  | 'conditional'
  | 'link'
  | 'cancel';

export interface EventDefinition {
  kind: EventDefinitionKind;
  /** message/signal/error/escalation name or code, link name. */
  ref?: string;
  /** Timer: which of timeDate/timeDuration/timeCycle and its value. */
  timer?: { type: 'date' | 'duration' | 'cycle'; value: ValueOrExpression };
  /** Conditional events. */
  condition?: Expression;
  /** Camunda 8 `zeebe:subscription correlationKey`. */
  correlationKey?: Expression;
  /** Compensation `activityRef`. */
  activityRef?: string;
  /** Signal throws: send every visible variable (Camunda 7 `camunda:in variables="all"`). */
  allVariables?: boolean;
  /** Camunda 7 `camunda:errorCodeVariable` / `camunda:errorMessageVariable` on error catches. */
  codeVariable?: string;
  messageVariable?: string;
}

/** One entry of an input/output mapping: `target` receives the value of `source`. */
export interface VariableMapping {
  target: string;
  /** Absent (and no `variable`) means "the variable of the target's name", or null. */
  source?: ValueOrExpression;
  /** Camunda 7 `source="x"`: the value of variable x, or null when there is none. */
  variable?: string;
  /** Camunda 7 `camunda:in local="true"`. */
  local?: boolean;
}

export interface IoMapping {
  inputs: VariableMapping[];
  outputs: VariableMapping[];
}

export interface JobDefinition {
  /** The topic (Camunda 7 external task) or job type (Camunda 8); workers and handlers subscribe by it. */
  type: ValueOrExpression;
  /** Where the type came from, for messages. */
  source:
    | 'camunda:topic'
    | 'zeebe:taskDefinition'
    | 'camunda:class'
    | 'camunda:delegateExpression'
    | 'camunda:connector'
    | 'implementation';
  retries?: ValueOrExpression;
  /** Camunda 8 task headers / Camunda 7 extension properties. */
  headers?: Record<string, string>;
  /** Camunda 7 `camunda:resultVariable` on an expression-style task. */
  resultVariable?: string;
  /**
   * Camunda 7 `camunda:failedJobRetryTimeCycle` (`R5/PT5M`, or a list `PT1M,PT5M,PT10M`): how
   * many tries, and the wait before each retry (the last repeats).
   */
  retryCycle?: { retries: number; intervalsMs: number[] };
}

/**
 * A form field: a `camunda:formField`, or an input of a Camunda 8 form embedded in the process
 * (form-js `textfield`/`textarea` -> string, `number` -> long or double, `checkbox` -> boolean,
 * `select`/`radio` -> enum, `datetime` -> date), its `validate` rules as `validation` constraints.
 */
export interface FormField {
  id: string;
  label?: string;
  /** `string`, `long`, `double`, `boolean`, `date`, `enum`, or a custom Camunda 7 type. */
  type: string;
  defaultValue?: string;
  required?: boolean;
  readonly?: boolean;
  /** Enum values `{id: name}`. */
  values?: { id: string; name: string }[];
  validation?: { name: string; config?: string }[];
}

export interface UserTaskDefinition {
  /** Only when the name holds an expression; a plain name is the element's `name`. */
  name?: ValueOrExpression;
  assignee?: ValueOrExpression;
  candidateUsers?: ValueOrExpression;
  candidateGroups?: ValueOrExpression;
  dueDate?: ValueOrExpression;
  followUpDate?: ValueOrExpression;
  priority?: ValueOrExpression;
  formKey?: string;
  /** Camunda 8 linked form id or embedded form key. */
  formId?: string;
  formFields?: FormField[];
}

/** `scriptFormat` values Baton runs (lower case), and how: shared with the modeler's lint rule. */
export const SCRIPT_FORMATS: Readonly<Record<string, ScriptDefinition['format']>> = {
  javascript: 'javascript',
  js: 'javascript',
  ecmascript: 'javascript',
  'application/javascript': 'javascript',
  'text/javascript': 'javascript',
  feel: 'feel',
  juel: 'juel',
};

export interface ScriptDefinition {
  /** `javascript` runs in the QuickJS sandbox; `feel` and `juel` are evaluated as expressions. */
  format: 'javascript' | 'feel' | 'juel';
  source: string;
  resultVariable?: string;
}

export interface CallActivityDefinition {
  calledElement: ValueOrExpression;
  binding: 'latest' | 'version' | 'deployment' | 'versionTag';
  version?: ValueOrExpression;
  versionTag?: string;
  /**
   * Camunda 7 `camunda:in` / Zeebe input mappings: evaluated in the parent, they become the
   * child's variables. Out-mappings (`camunda:out`, Zeebe outputs) are compiled into the element's
   * `io.outputs`: they are evaluated inside the call activity, where the child's variables are local.
   */
  inputs: VariableMapping[];
  /** `camunda:in variables="all"` / Camunda 8 propagateAllParentVariables. */
  inAll: boolean;
  /** `camunda:out variables="all"` / Camunda 8 propagateAllChildVariables. */
  outAll: boolean;
  businessKey?: ValueOrExpression;
}

export interface MultiInstanceDefinition {
  kind: 'multiInstance';
  sequential: boolean;
  cardinality?: Expression;
  inputCollection?: Expression;
  inputElement?: string;
  outputCollection?: string;
  outputElement?: Expression;
  completionCondition?: Expression;
  /** Camunda 7 counters (`nrOf...`, 0-based loopCounter) or Zeebe's (`numberOf...`, 1-based). */
  style: 'camunda7' | 'zeebe';
}

export interface StandardLoopDefinition {
  kind: 'standardLoop';
  condition?: Expression;
  testBefore: boolean;
  maximum?: number;
}

export type LoopDefinition = MultiInstanceDefinition | StandardLoopDefinition;

export interface CompiledElement {
  id: string;
  kind: ElementKind;
  /** BPMN type as in the XML, e.g. `bpmn:UserTask`. */
  bpmnType: string;
  name?: string;
  /** Id of the containing scope element (process or sub-process). Null for the process itself. */
  scope: string | null;
  incoming: string[];
  outgoing: string[];
  defaultFlow?: string;
  /** Boundary events: the activity they are attached to, and whether they interrupt it. */
  attachedTo?: string;
  cancelActivity?: boolean;
  /** Activities: ids of attached boundary events. */
  boundaries?: string[];
  event?: EventDefinition;
  loop?: LoopDefinition;
  io?: IoMapping;
  job?: JobDefinition;
  /** Camunda 7 `camunda:expression` service-like task: evaluated on the spot. */
  expressionTask?: { expression: Expression; resultVariable?: string };
  userTask?: UserTaskDefinition;
  script?: ScriptDefinition;
  call?: CallActivityDefinition;
  /** Scopes (process, sub-processes): direct children, none start events, event sub-processes. */
  children?: string[];
  startEvents?: string[];
  eventSubProcesses?: string[];
  /** A sub-process with triggeredByEvent="true". */
  triggeredByEvent?: boolean;
  /** Start events of event sub-processes: false for isInterrupting="false". */
  interrupting?: boolean;
  /** Link throw events: the catch event of the same name in the same scope. */
  linkTarget?: string;
  /** Compensation boundary events: the handler activity associated with them. */
  compensationHandler?: string;
  isForCompensation?: boolean;
  asyncBefore?: boolean;
  asyncAfter?: boolean;
  /** Inclusive and complex joins: predecessors for the reachability check (see core/reachability.ts). */
  join?: InclusiveJoinInfo;
  /** Complex gateways: when the converging side fires (BPMN 13.3.6; reads `activationCount`). */
  activationCondition?: Expression;
  /** Ad-hoc sub-processes: ordering, completion, and how inner elements are started. */
  adHoc?: AdHocDefinition;
  /** Camunda 7 `camunda:properties` / Camunda 8 task headers, kept for handlers and the UI. */
  properties?: Record<string, string>;
}

/** An ad-hoc sub-process (BPMN 13.3.5; Camunda 8 `zeebe:adHoc`). See core/adHoc.ts. */
export interface AdHocDefinition {
  /** `sequential`: at most one inner path runs at a time; further activations queue in order. */
  ordering: 'parallel' | 'sequential';
  /** Evaluated after every inner element completes; true completes the sub-process. */
  completionCondition?: Expression;
  /** Default true: inner elements still running when the condition holds are terminated. */
  cancelRemainingInstances: boolean;
  /** Camunda 8: the ids of the inner elements to activate, re-read after each inner completion. */
  activeElementsCollection?: Expression;
  /** Inner elements that may be activated: no incoming flow, not a boundary or event sub-process. */
  activatable: string[];
}

/**
 * Precomputed for every inclusive or complex gateway with more than one incoming flow: for each
 * incoming flow, the nodes (in the gateway's scope) from which a token can still reach that flow
 * without passing through the gateway itself.
 */
export interface InclusiveJoinInfo {
  reach: Record<string, string[]>;
}

export interface CompiledFlow {
  id: string;
  source: string;
  target: string;
  name?: string;
  condition?: Expression;
}

export interface CompiledProcess {
  id: string;
  name?: string;
  versionTag?: string;
  /** Process-level none start events first, then other start events. */
  startEvents: string[];
  elements: Record<string, CompiledElement>;
  flows: Record<string, CompiledFlow>;
  /** For reachability: node id -> ids of nodes with an edge into it (flows and boundary attachment). */
  predecessors: Record<string, string[]>;
  /** Scripts by element id, compiled once per definition by the script runner. */
  scripts: Record<string, ScriptDefinition>;
  /** Default history time to live etc. from extensions. */
  properties?: Record<string, string>;
}

export interface CompiledDefinitions {
  /** Id of the `bpmn:Definitions` element. */
  id: string;
  /** Which extension dialects the file uses. */
  dialects: ('camunda7' | 'camunda8')[];
  /** Executable processes only. */
  processes: CompiledProcess[];
  /** Message, signal, error and escalation declarations by id. */
  messages: Record<string, { name: string }>;
  signals: Record<string, { name: string }>;
  errors: Record<string, { name?: string; code?: string }>;
  escalations: Record<string, { name?: string; code?: string }>;
  diagnostics: Diagnostic[];
}
