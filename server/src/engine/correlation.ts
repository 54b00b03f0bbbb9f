/**
 * Messages and signals across instances, from the subscriptions and start-events tables:
 * Camunda 7 correlation (exactly one, or all), Camunda 8 publication with buffering, signal
 * broadcast.
 */
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  BatonError,
  ScopeView,
  toInput,
  type InstanceState,
  type JsonValue,
  type VariableType,
} from '@baton/engine';
import type { DurableEngine } from './durableEngine.ts';

export interface CorrelateOptions {
  businessKey?: string;
  processInstanceId?: string;
  correlationKeys?: Record<string, unknown>;
  /** Values the waiting element instance must hold as its own (local) variables. */
  localCorrelationKeys?: Record<string, unknown>;
  correlationKey?: string;
  variables?: Record<string, unknown>;
  /** Explicit types of `variables` where they differ from the inferred type. */
  variableTypes?: Record<string, VariableType>;
  all?: boolean;
}

export interface CorrelationResult {
  resultType: 'Execution' | 'ProcessDefinition';
  processInstanceId: string;
  /** The catching element (Execution results). */
  activityId?: string;
}

interface SubscriptionRow {
  instance_id: string;
  subscription_id: string;
  element_id: string;
  correlation_key: string | null;
}

interface StartRow {
  definition_id: string;
  element_id: string;
}

export async function deliverToSubscription(
  engine: DurableEngine,
  instanceId: string,
  subscriptionId: string,
  variables: Record<string, unknown> | undefined,
  within?: (trx: Knex.Transaction) => Promise<void>,
  variableTypes?: Record<string, VariableType>,
): Promise<void> {
  await engine.dispatch(
    instanceId,
    { type: 'subscription.trigger', subscriptionId, variables: toInput({ variables, variableTypes }) },
    within,
  );
}

async function waiting(
  engine: DurableEngine,
  kind: 'message' | 'signal',
  name: string,
): Promise<SubscriptionRow[]> {
  return (await engine
    .knex('subscriptions')
    .where({ kind, name })
    .select('instance_id', 'subscription_id', 'element_id', 'correlation_key')) as SubscriptionRow[];
}

async function starts(engine: DurableEngine, kind: 'message' | 'signal', name: string): Promise<StartRow[]> {
  return (await engine
    .knex('start_events')
    .where({ kind, name })
    .select('definition_id', 'element_id')) as StartRow[];
}

function matches(state: InstanceState, subscriptionId: string, options: CorrelateOptions): boolean {
  if (state.status !== 'active') return false;
  if (options.businessKey !== undefined && state.businessKey !== options.businessKey) return false;
  if (options.correlationKeys) {
    const vars = new ScopeView(state, state.root);
    for (const [name, value] of Object.entries(options.correlationKeys)) {
      if (JSON.stringify(vars.get(name)) !== JSON.stringify(value)) return false;
    }
  }
  if (options.localCorrelationKeys) {
    const key = state.subscriptions?.[subscriptionId]?.key;
    const local = (key !== undefined ? state.elements[key]?.vars : undefined) ?? {};
    for (const [name, value] of Object.entries(options.localCorrelationKeys)) {
      if (!Object.hasOwn(local, name) || JSON.stringify(local[name]) !== JSON.stringify(value)) return false;
    }
  }
  return true;
}

/** Camunda 7 style correlation: waiting executions first, else message start events. */
export async function correlateMessage(
  engine: DurableEngine,
  name: string,
  options: CorrelateOptions = {},
): Promise<CorrelationResult[]> {
  const candidates: SubscriptionRow[] = [];
  for (const row of await waiting(engine, 'message', name)) {
    if (options.processInstanceId !== undefined && row.instance_id !== options.processInstanceId) continue;
    if (options.correlationKey !== undefined && row.correlation_key !== options.correlationKey) continue;
    if (matches(await engine.state(row.instance_id), row.subscription_id, options)) candidates.push(row);
  }
  const startRows =
    (candidates.length === 0 || options.all) &&
    options.processInstanceId === undefined &&
    !options.correlationKeys &&
    !options.localCorrelationKeys
      ? await starts(engine, 'message', name)
      : [];
  const total = candidates.length + startRows.length;
  if (!options.all && total !== 1) {
    throw new BatonError(
      total === 0 ? 'NOT_FOUND' : 'CONFLICT',
      total === 0
        ? `Cannot correlate message '${name}': no process definition or execution matches the parameters`
        : `Cannot correlate message '${name}': ${total} executions or start events match, expected exactly one`,
    );
  }
  const results: CorrelationResult[] = [];
  for (const row of candidates) {
    await deliverToSubscription(
      engine,
      row.instance_id,
      row.subscription_id,
      options.variables,
      undefined,
      options.variableTypes,
    );
    results.push({ resultType: 'Execution', processInstanceId: row.instance_id, activityId: row.element_id });
  }
  for (const row of startRows) {
    const def = await engine.definitions.get(row.definition_id);
    const state = await engine.start(def, {
      startEventId: row.element_id,
      businessKey: options.businessKey,
      variables: options.variables,
      variableTypes: options.variableTypes,
    });
    results.push({ resultType: 'ProcessDefinition', processInstanceId: state.id });
  }
  return results;
}

/** Camunda 8 style publication: every waiting instance once, else a start, else buffered for its TTL. */
export async function publishMessage(
  engine: DurableEngine,
  name: string,
  options: { correlationKey?: string; timeToLive?: number; variables?: Record<string, unknown> } = {},
): Promise<CorrelationResult[]> {
  const results: CorrelationResult[] = [];
  const reached = new Set<string>();
  for (const row of await waiting(engine, 'message', name)) {
    if ((row.correlation_key ?? undefined) !== options.correlationKey || reached.has(row.instance_id))
      continue;
    reached.add(row.instance_id);
    await deliverToSubscription(engine, row.instance_id, row.subscription_id, options.variables);
    results.push({ resultType: 'Execution', processInstanceId: row.instance_id, activityId: row.element_id });
  }
  if (results.length === 0) {
    const [start] = await starts(engine, 'message', name);
    if (start) {
      const state = await engine.start(await engine.definitions.get(start.definition_id), {
        startEventId: start.element_id,
        variables: options.variables,
      });
      results.push({ resultType: 'ProcessDefinition', processInstanceId: state.id });
    } else if ((options.timeToLive ?? 0) > 0) {
      await engine.knex('message_buffer').insert({
        id: randomUUID(),
        name,
        correlation_key: options.correlationKey ?? null,
        variables: JSON.stringify(toInput({ variables: options.variables ?? {} })?.values ?? {}),
        expires_at: engine.now() + options.timeToLive!,
      });
    }
  }
  return results;
}

/** Every waiting signal subscription fires; every signal start event starts an instance. */
export async function broadcastSignal(
  engine: DurableEngine,
  name: string,
  variables: Record<string, JsonValue> | Record<string, unknown> = {},
  variableTypes?: Record<string, VariableType>,
): Promise<string[]> {
  for (const row of await waiting(engine, 'signal', name)) {
    try {
      await deliverToSubscription(
        engine,
        row.instance_id,
        row.subscription_id,
        variables,
        undefined,
        variableTypes,
      );
    } catch (error) {
      // Fired or closed meanwhile by another command: nothing to deliver.
      if (!(error instanceof BatonError && error.code === 'NOT_FOUND')) throw error;
    }
  }
  const started: string[] = [];
  for (const row of await starts(engine, 'signal', name)) {
    const state = await engine.start(await engine.definitions.get(row.definition_id), {
      startEventId: row.element_id,
      variables,
      variableTypes,
    });
    started.push(state.id);
  }
  return started;
}
