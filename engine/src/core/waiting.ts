/**
 * Why an instance waits: one readable explanation per waiting element instance (and per join that
 * holds tokens), from the instance state and its compiled process alone. What only a runtime's
 * storage knows (external task locks, job due dates, the instance a call activity started) comes in
 * as `WaitingFacts`; without them the sentences just leave those details out.
 */
import type { CompiledElement, CompiledProcess, ValueOrExpression } from '../protocol/definition.ts';
import type { WaitingExplanation, WaitingReason } from '../protocol/insight.ts';
import type { ElementInstance, InstanceState, Subscription, UserTaskData } from '../protocol/state.ts';
import { reachableFlows } from './reachability.ts';

/** What a runtime knows about one job (external task, handler job, asynchronous continuation). */
export interface WaitingJobFacts {
  /** `external`: a worker fetches it; `handler`: the engine runs it itself; others as stored. */
  kind?: string;
  lockedBy?: string;
  /** Epoch ms. */
  lockExpiresAt?: number;
  retries?: number;
  /** Epoch ms: when the job is (next) due. */
  dueAt?: number;
}

export interface WaitingFacts {
  /** By job id (`wait.job.id`, `wait.jobId`). */
  jobs?: Record<string, WaitingJobFacts>;
  /** Call activity element instance key -> id of the instance it called. */
  calledInstances?: Record<string, string>;
  /** The runtime's clock (epoch ms): a job due later is waiting for its retry. */
  now?: number;
}

/** Explains every wait of an active instance; an ended instance waits for nothing. */
export function explainWaiting(
  process: CompiledProcess,
  state: InstanceState,
  facts: WaitingFacts = {},
): WaitingExplanation[] {
  if (state.status !== 'active') return [];
  const x = new Explainer(process, state, facts);
  const out: WaitingExplanation[] = [];
  // Keys grow with creation order; numeric order reads top to bottom like the trace.
  const keys = Object.keys(state.elements).sort((a, b) => Number(a) - Number(b) || a.localeCompare(b));
  for (const key of keys) {
    const inst = state.elements[key];
    const explained = x.element(inst);
    if (explained) out.push(explained);
    out.push(...x.joins(inst));
  }
  return out;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The text of a value as written in the diagram. */
function written(value: ValueOrExpression): string {
  if ('literal' in value) return String(value.literal);
  if ('expression' in value)
    return value.expression.language === 'feel' ? `=${value.expression.source}` : value.expression.source;
  if ('list' in value) return `[${value.list.map(written).join(', ')}]`;
  return `{${Object.entries(value.map)
    .map(([k, v]) => `${k}: ${written(v)}`)
    .join(', ')}}`;
}

const TIMER_ATTRIBUTE = { date: 'timeDate', duration: 'timeDuration', cycle: 'timeCycle' } as const;

class Explainer {
  constructor(
    private readonly process: CompiledProcess,
    private readonly state: InstanceState,
    private readonly facts: WaitingFacts,
  ) {}

  private label(elementId: string): string {
    const el = this.process.elements[elementId];
    return `'${el?.name ?? elementId}'`;
  }

  private entry(inst: ElementInstance, reason: WaitingReason, sentence: string): WaitingExplanation {
    const el = this.process.elements[inst.elementId];
    return {
      key: inst.key,
      elementId: inst.elementId,
      elementType: el?.bpmnType ?? 'unknown',
      sentence,
      reason,
    };
  }

  /** The explanation of one element instance, or null when it is not waiting (running, a scope). */
  element(inst: ElementInstance): WaitingExplanation | null {
    const el = this.process.elements[inst.elementId];
    const incident = inst.incident ? this.state.incidents[inst.incident] : undefined;
    if (incident) {
      const what = el?.kind === 'process' ? 'The process' : `${this.label(inst.elementId)}`;
      return this.entry(
        inst,
        { kind: 'incident', incidentId: incident.id, message: incident.message },
        `${what} is stopped by incident ${incident.id} (${incident.type}): ${incident.message}${this.jobSuffix(inst)}`,
      );
    }
    if (el?.kind === 'adHocSubProcess' && !this.hasChildren(inst.key)) {
      return this.entry(
        inst,
        { kind: 'subProcess', detail: 'adHoc' },
        `Ad-hoc sub-process ${this.label(inst.elementId)} waits for one of its activities to be activated.`,
      );
    }
    if (inst.state !== 'waiting' || !inst.wait || !el) return null;
    const explained = this.wait(inst, el);
    if (!explained) return null;
    return { ...explained, sentence: explained.sentence + this.alsoListens(inst) + this.race(inst) };
  }

  private wait(inst: ElementInstance, el: CompiledElement): WaitingExplanation | null {
    const wait = inst.wait!;
    switch (wait.kind) {
      case 'task':
        return this.userTask(inst, wait.task);
      case 'job':
        return this.job(inst, wait.job.id, wait.job.type, wait.job.retries);
      case 'trigger':
      case 'event': {
        const own = this.subscriptions(inst).find((s) => s.elementId === inst.elementId);
        if (own) return this.subscription(inst, own);
        return this.entry(
          inst,
          { kind: 'receiveTask' },
          `${this.label(inst.elementId)} waits to be triggered.`,
        );
      }
      case 'call': {
        const calledInstanceId = this.facts.calledInstances?.[inst.key];
        const child = calledInstanceId
          ? `(instance ${calledInstanceId}) to end`
          : 'to start (the called instance is being created)';
        return this.entry(
          inst,
          { kind: 'callActivity', calledInstanceId },
          `Waits for called process '${wait.processId}' ${child}.`,
        );
      }
      case 'compensation':
        return this.entry(
          inst,
          { kind: 'other', detail: 'compensation' },
          `${this.label(el.id)} waits for its compensation handlers to finish.`,
        );
      case 'continuation': {
        const due = this.facts.jobs?.[wait.jobId]?.dueAt;
        const when = due === undefined ? '' : ` (job ${wait.jobId}, due at ${iso(due)})`;
        return this.entry(
          inst,
          { kind: 'other', detail: `async${wait.phase === 'before' ? 'Before' : 'After'}` },
          `${this.label(el.id)} waits for its asynchronous continuation ${wait.phase} the element${when}.`,
        );
      }
    }
  }

  private userTask(inst: ElementInstance, task: UserTaskData): WaitingExplanation {
    const candidateUsers = task.candidateUsers ?? [];
    const candidateGroups = task.candidateGroups ?? [];
    let who: string;
    if (task.assignee) who = `assigned to ${task.assignee}`;
    else if (candidateUsers.length + candidateGroups.length === 0)
      who = 'unassigned, and nobody is a candidate';
    else {
      const parts: string[] = [];
      if (candidateUsers.length > 0)
        parts.push(`${candidateUsers.length > 1 ? 'users' : 'user'} ${candidateUsers.join(', ')}`);
      if (candidateGroups.length > 0)
        parts.push(`${candidateGroups.length > 1 ? 'groups' : 'group'} ${candidateGroups.join(', ')}`);
      who = `any of ${parts.join(' or ')} may claim it`;
    }
    const name = task.name ?? this.process.elements[inst.elementId]?.name ?? inst.elementId;
    return this.entry(
      inst,
      { kind: 'userTask', taskId: task.id, assignee: task.assignee, candidateUsers, candidateGroups },
      `Waits for user task '${name}' (task ${task.id}): ${who}.`,
    );
  }

  private job(inst: ElementInstance, jobId: string, topic: string, stateRetries: number): WaitingExplanation {
    const f = this.facts.jobs?.[jobId];
    const retries = f?.retries ?? stateRetries;
    const reason: WaitingReason = { kind: 'externalTask', topic, retries };
    if (f?.lockedBy) reason.lockedBy = f.lockedBy;
    if (f?.lockExpiresAt !== undefined) reason.lockExpiresAt = iso(f.lockExpiresAt);
    if (f?.kind === 'handler') {
      return this.entry(
        inst,
        reason,
        `Waits for the engine's handler of job type '${topic}' (job ${jobId}).`,
      );
    }
    const lock =
      f?.lockedBy && f.lockExpiresAt !== undefined
        ? `locked by ${f.lockedBy} until ${iso(f.lockExpiresAt)}`
        : 'not locked by any worker yet';
    // A failed try waits for its retry interval before workers are offered the task again.
    const now = this.facts.now;
    const due =
      f?.dueAt !== undefined && !f.lockedBy && now !== undefined && f.dueAt > now
        ? `, next try at ${iso(f.dueAt)}`
        : '';
    return this.entry(
      inst,
      reason,
      `Waits for an external worker on topic '${topic}' (task ${jobId}): ${lock}, ${retries} ${retries === 1 ? 'retry' : 'retries'} left${due}.`,
    );
  }

  private subscription(inst: ElementInstance, sub: Subscription): WaitingExplanation {
    switch (sub.kind) {
      case 'message': {
        const name = sub.name ?? '';
        const key = sub.correlationKey === undefined ? '' : ` with correlation key '${sub.correlationKey}'`;
        return this.entry(
          inst,
          { kind: 'message', messageName: name, correlationKey: sub.correlationKey },
          `Waits for message '${name}'${key}.`,
        );
      }
      case 'signal':
        return this.entry(
          inst,
          { kind: 'signal', signalName: sub.name ?? '' },
          `Waits for signal '${sub.name ?? ''}'.`,
        );
      case 'timer': {
        const timer = this.process.elements[sub.elementId]?.event?.timer;
        const definition = timer ? written(timer.value) : undefined;
        const dueAt = sub.dueAt === undefined ? '' : iso(sub.dueAt);
        const how = timer ? ` (${TIMER_ATTRIBUTE[timer.type]} ${definition})` : '';
        return this.entry(
          inst,
          { kind: 'timer', dueAt, timer: definition },
          `Waits for timer ${this.label(sub.elementId)}${how} due at ${dueAt}.`,
        );
      }
      case 'conditional': {
        const condition = this.process.elements[sub.elementId]?.event?.condition?.source;
        return this.entry(
          inst,
          { kind: 'condition', condition },
          `Waits until the condition ${condition ? `'${condition}' ` : ''}of ${this.label(sub.elementId)} holds.`,
        );
      }
    }
  }

  private subscriptions(inst: ElementInstance): Subscription[] {
    return Object.values(this.state.subscriptions ?? {}).filter((s) => s.key === inst.key);
  }

  /** Boundary events (and event sub-process starts) that can end the wait early. */
  private alsoListens(inst: ElementInstance): string {
    const others = this.subscriptions(inst).filter((s) => s.elementId !== inst.elementId);
    if (others.length === 0) return '';
    const list = others.map((s) => {
      if (s.kind === 'timer')
        return `timer ${this.label(s.elementId)}${s.dueAt === undefined ? '' : ` (due at ${iso(s.dueAt)})`}`;
      if (s.kind === 'conditional') return `condition ${this.label(s.elementId)}`;
      const key = s.correlationKey === undefined ? '' : ` (correlation key '${s.correlationKey}')`;
      return `${s.kind} '${s.name ?? ''}'${key}`;
    });
    return ` It also listens for ${list.join(', ')}.`;
  }

  /** Targets of an event-based gateway race each other. */
  private race(inst: ElementInstance): string {
    if (inst.group === undefined) return '';
    const rivals = Object.values(this.state.elements).filter(
      (o) => o.group === inst.group && o.key !== inst.key,
    );
    if (rivals.length === 0) return '';
    return ` It races ${rivals.map((r) => this.label(r.elementId)).join(', ')} after an event-based gateway: the first to happen wins.`;
  }

  private jobSuffix(inst: ElementInstance): string {
    if (inst.wait?.kind !== 'job') return '';
    const { id, type } = inst.wait.job;
    const retries = this.facts.jobs?.[id]?.retries ?? inst.wait.job.retries;
    return ` (job type '${type}', task ${id}, ${retries} ${retries === 1 ? 'retry' : 'retries'} left)`;
  }

  private hasChildren(key: string): boolean {
    for (const k in this.state.elements) if (this.state.elements[k].parent === key) return true;
    return false;
  }

  /** Joining gateways of scope `scope` that hold tokens, and complex gateways awaiting reset. */
  joins(scope: ElementInstance): WaitingExplanation[] {
    const out: WaitingExplanation[] = [];
    for (const [gatewayId, arrivals] of Object.entries(scope.joins ?? {})) {
      const gateway = this.process.elements[gatewayId];
      if (!gateway) continue;
      const arrived = gateway.incoming.filter((f) => (arrivals[f] ?? 0) > 0);
      const empty = gateway.incoming.filter((f) => !arrived.includes(f));
      let waitingFor = empty;
      let sentence: string;
      const name = `${gatewayName(gateway)} ${this.label(gatewayId)}`;
      const has = arrived.length > 0 ? ` (arrived: ${this.flows(arrived)})` : '';
      if (gateway.kind === 'complexGateway' && gateway.activationCondition) {
        const count = Object.values(arrivals).reduce((a, b) => a + b, 0);
        sentence = `${name} holds ${count} ${count === 1 ? 'token' : 'tokens'}${has}; its activation condition '${gateway.activationCondition.source}' does not hold yet.`;
      } else if (gateway.kind === 'parallelGateway') {
        sentence = `${name} waits for ${this.flows(empty)}${has}.`;
      } else {
        // Inclusive semantics: only the empty flows some token can still reach are awaited.
        waitingFor = reachableFlows(this.process, this.state, scope, gateway, empty, arrived);
        sentence =
          waitingFor.length > 0
            ? `${name} waits for ${this.flows(waitingFor)}, which a token can still reach${has}.`
            : `${name} is about to fire${has}.`;
      }
      out.push({
        key: scope.key,
        elementId: gatewayId,
        elementType: gateway.bpmnType,
        sentence,
        reason: { kind: 'join', gatewayType: gateway.kind, arrived, waitingFor },
      });
    }
    for (const [gatewayId, awaiting] of Object.entries(scope.resets ?? {})) {
      const gateway = this.process.elements[gatewayId];
      if (!gateway || scope.joins?.[gatewayId]) continue;
      const delivered = gateway.incoming.filter((f) => !awaiting.includes(f));
      const waitingFor = reachableFlows(this.process, this.state, scope, gateway, awaiting, delivered);
      out.push({
        key: scope.key,
        elementId: gatewayId,
        elementType: gateway.bpmnType,
        sentence: `Complex gateway ${this.label(gatewayId)} fired and waits for its reset: ${this.flows(waitingFor.length > 0 ? waitingFor : awaiting)} may still deliver a token.`,
        reason: { kind: 'join', gatewayType: gateway.kind, arrived: delivered, waitingFor },
      });
    }
    return out;
  }

  /** "the branch from 'Pay'" (or the flow's name), joined. */
  private flows(ids: string[]): string {
    const parts = ids.map((id) => {
      const flow = this.process.flows[id];
      if (!flow) return `'${id}'`;
      return flow.name ? `flow '${flow.name}'` : `the branch from ${this.label(flow.source)}`;
    });
    if (parts.length <= 1) return parts[0] ?? 'nothing';
    return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  }
}

function gatewayName(gateway: CompiledElement): string {
  switch (gateway.kind) {
    case 'parallelGateway':
      return 'Parallel join';
    case 'inclusiveGateway':
      return 'Inclusive join';
    case 'complexGateway':
      return 'Complex gateway';
    default:
      return 'Join';
  }
}
