/**
 * Messages and signals: Camunda 7 `POST /message` (correlate to exactly one, or `all`) and
 * `POST /signal` (broadcast), plus the Baton extension `POST /message/publish` (Camunda 8 style:
 * every waiting instance with the correlation key, else a start, else buffered for `timeToLive`).
 * A message no one waits for answers 400 `RestException`, as Camunda's
 * MismatchingMessageCorrelationException does.
 */
import { Router } from 'express';
import { BatonError } from '@baton/engine';
import {
  broadcastSignal,
  correlateMessage,
  deliverToSubscription,
  publishMessage,
  type CorrelationResult,
} from '../engine/correlation.ts';
import type { DurableEngine } from '../engine/durableEngine.ts';
import { visibleVariables } from '../engine/scopeVariables.ts';
import type { ApiContext } from './context.ts';
import { HttpError, route } from './http.ts';
import * as ep from './messageEndpoints.ts';
import { fromCamunda, plainVariables, toCamunda } from './variables.ts';

/** Typed Camunda variables as plain values, or undefined when the field is absent. */
function plainValues(body: Record<string, unknown>, field: string): Record<string, unknown> | undefined {
  if (body[field] === undefined || body[field] === null) return undefined;
  try {
    return fromCamunda(body[field]).variables;
  } catch (error) {
    if (error instanceof HttpError) throw new HttpError(400, `'${field}': ${error.message}`);
    throw error;
  }
}

async function resultDto(
  engine: DurableEngine,
  result: CorrelationResult,
  withVariables: boolean,
): Promise<Record<string, unknown>> {
  const state = await engine.state(result.processInstanceId);
  const ended = state.status !== 'active';
  const out: Record<string, unknown> = {
    resultType: result.resultType,
    execution:
      result.resultType === 'Execution'
        ? { id: state.id, processInstanceId: state.id, ended, tenantId: null }
        : null,
    processInstance:
      result.resultType === 'ProcessDefinition'
        ? {
            links: [],
            id: state.id,
            definitionId: state.definitionId,
            businessKey: state.businessKey ?? null,
            caseInstanceId: null,
            ended,
            suspended: false,
            tenantId: null,
          }
        : null,
  };
  if (withVariables) {
    const visible = visibleVariables(state);
    out.variables = toCamunda(visible.values, visible.types);
  }
  return out;
}

export function messageRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;

  r.post(
    ep.correlate.path,
    ep.correlate,
    route(async (req, res) => {
      const body = ep.correlate.body(req);
      const typed = fromCamunda(body.processVariables);
      let results: CorrelationResult[];
      try {
        results = await correlateMessage(engine, body.messageName, {
          businessKey: body.businessKey,
          processInstanceId: body.processInstanceId,
          correlationKeys: plainValues(body, 'correlationKeys'),
          localCorrelationKeys: plainValues(body, 'localCorrelationKeys'),
          variables: typed.variables,
          variableTypes: typed.variableTypes,
          all: body.all ?? false,
        });
      } catch (error) {
        if (error instanceof BatonError && (error.code === 'NOT_FOUND' || error.code === 'CONFLICT'))
          throw new HttpError(
            400,
            `MismatchingMessageCorrelationException: ${error.message}`,
            'RestException',
          );
        throw error;
      }
      if (!body.resultEnabled) return void res.status(204).end();
      const dtos = [];
      for (const result of results)
        dtos.push(await resultDto(engine, result, body.variablesInResultEnabled ?? false));
      res.json(dtos);
    }),
  );

  r.post(
    ep.publish.path,
    ep.publish,
    route(async (req, res) => {
      const body = ep.publish.body(req);
      const timeToLive = body.timeToLive ?? 0;
      const results = await publishMessage(engine, body.name, {
        correlationKey: body.correlationKey,
        timeToLive,
        variables: plainVariables(body.variables),
      });
      res.json({
        name: body.name,
        correlationKey: body.correlationKey ?? null,
        buffered: results.length === 0 && timeToLive > 0,
        results: results.map((x) => ({
          resultType: x.resultType,
          processInstanceId: x.processInstanceId,
          activityId: x.activityId ?? null,
        })),
      });
    }),
  );

  r.post(
    ep.signal.path,
    ep.signal,
    route(async (req, res) => {
      const body = ep.signal.body(req);
      const { variables, variableTypes } = fromCamunda(body.variables);
      if (body.executionId === undefined) {
        await broadcastSignal(engine, body.name, variables, variableTypes);
        return void res.status(204).end();
      }
      // One execution only: its instance's waiting subscriptions for the signal, no starts.
      const instanceId = body.executionId.split(':')[0];
      const rows = (await engine
        .knex('subscriptions')
        .where({ kind: 'signal', name: body.name, instance_id: instanceId })
        .select('subscription_id')) as { subscription_id: string }[];
      if (rows.length === 0)
        throw new BatonError(
          'NOT_FOUND',
          `Execution '${body.executionId}' does not wait for signal '${body.name}'`,
        );
      for (const row of rows)
        await deliverToSubscription(
          engine,
          instanceId,
          row.subscription_id,
          variables,
          undefined,
          variableTypes,
        );
      res.status(204).end();
    }),
  );
  return r;
}
