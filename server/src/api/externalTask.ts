/**
 * External tasks (Camunda 7 `/external-task`): fetch-and-lock with long polling, the query, and a
 * worker's complete / failure / bpmnError / extendLock / unlock, plus retries. Answers with exactly
 * `application/json` (no charset): camunda-external-task-client-js parses only that.
 */
import { Router, type Response } from 'express';
import { BatonError, type JsonValue } from '@baton/engine';
import type { FetchTopic, LockedTask } from '../engine/externalTasks.ts';
import type { ApiContext } from './context.ts';
import * as ep from './externalTaskEndpoints.ts';
import {
  EXTERNAL_TASK_LIST,
  externalTaskBase,
  externalTaskDto,
  externalTaskQuery,
  type ExternalTaskRow,
} from './externalTaskQuery.ts';
import { iso, route } from './http.ts';
import { mountQuery } from './listEndpoints.ts';
import { fromCamunda, toCamunda } from './variables.ts';

/** JSON with the exact media type Camunda sends. */
function sendJson(res: Response, body: unknown): void {
  res.status(200).setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

/** A locked task in the Camunda fetch-and-lock response shape. */
function lockedDto(task: LockedTask): Record<string, unknown> {
  return {
    id: task.id,
    topicName: task.topicName,
    workerId: task.workerId,
    lockExpirationTime: iso(task.lockExpirationTime),
    createTime: iso(task.createTime),
    activityId: task.activityId,
    activityInstanceId: task.activityInstanceId,
    executionId: task.processInstanceId,
    processInstanceId: task.processInstanceId,
    processDefinitionId: task.processDefinitionId,
    processDefinitionKey: task.processDefinitionKey,
    processDefinitionVersionTag: null,
    businessKey: task.businessKey,
    errorMessage: task.errorMessage,
    errorDetails: task.errorDetails,
    retries: task.retries,
    priority: task.priority,
    suspended: false,
    tenantId: null,
    variables: toCamunda(task.variables, task.types),
    extensionProperties: task.headers,
  };
}

export function externalTaskRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine, externalTasks } = ctx;
  const find = async (id: string): Promise<ExternalTaskRow> => {
    const row = (await externalTaskBase(engine.knex).where('j.id', id).first()) as
      ExternalTaskRow | undefined;
    if (!row) throw new BatonError('NOT_FOUND', `No external task with id '${id}'`);
    return row;
  };

  r.post(
    ep.fetchAndLock.path,
    ep.fetchAndLock,
    route(async (req, res) => {
      const body = ep.fetchAndLock.body(req);
      const topics: FetchTopic[] = (body.topics ?? []).map((t) => ({
        ...t,
        processVariables: t.processVariables as Record<string, JsonValue> | undefined,
      }));
      if (body.maxTasks === 0 || topics.length === 0) return sendJson(res, []);
      // A client that goes away ends the long poll before anything is locked for it.
      const gone = new AbortController();
      res.on('close', () => {
        if (!res.writableEnded) gone.abort();
      });
      const locked = await externalTasks.fetchAndLock(
        body.workerId,
        body.maxTasks,
        topics,
        body.asyncResponseTimeout ?? 0,
        gone.signal,
      );
      // Shutting down: let the connection go with the answer, so closing need not wait for it.
      if (externalTasks.closed) res.setHeader('Connection', 'close');
      sendJson(res, locked.map(lockedDto));
    }),
  );

  mountQuery(
    r,
    EXTERNAL_TASK_LIST,
    externalTaskQuery(engine.knex, () => engine.now()),
  );
  r.get(
    ep.get.path,
    ep.get,
    route(async (req, res) => sendJson(res, externalTaskDto(await find(String(req.params.id))))),
  );
  r.get(
    ep.errorDetails.path,
    ep.errorDetails,
    route(async (req, res) => {
      const row = await find(String(req.params.id));
      res.status(200).setHeader('Content-Type', 'text/plain');
      res.end(row.error_details ?? '');
    }),
  );

  r.post(
    ep.complete.path,
    ep.complete,
    route(async (req, res) => {
      const body = ep.complete.body(req);
      const global = fromCamunda(body.variables);
      const local = fromCamunda(body.localVariables);
      await externalTasks.complete(String(req.params.id), body.workerId, global.variables, local.variables, {
        variables: global.variableTypes,
        local: local.variableTypes,
      });
      res.status(204).end();
    }),
  );
  r.post(
    ep.failure.path,
    ep.failure,
    route(async (req, res) => {
      const { workerId: worker, ...rest } = ep.failure.body(req);
      await externalTasks.failure(String(req.params.id), worker, rest);
      res.status(204).end();
    }),
  );
  r.post(
    ep.bpmnError.path,
    ep.bpmnError,
    route(async (req, res) => {
      const body = ep.bpmnError.body(req);
      const { variables, variableTypes } = fromCamunda(body.variables);
      await externalTasks.bpmnError(
        String(req.params.id),
        body.workerId,
        body.errorCode,
        body.errorMessage,
        variables,
        variableTypes,
      );
      res.status(204).end();
    }),
  );
  r.post(
    ep.extendLock.path,
    ep.extendLock,
    route(async (req, res) => {
      const body = ep.extendLock.body(req);
      await externalTasks.extendLock(String(req.params.id), body.workerId, body.newDuration);
      res.status(204).end();
    }),
  );
  r.post(
    ep.unlock.path,
    ep.unlock,
    route(async (req, res) => {
      await find(String(req.params.id));
      await externalTasks.unlock(String(req.params.id));
      res.status(204).end();
    }),
  );
  r.put(
    ep.retries.path,
    ep.retries,
    route(async (req, res) => {
      await find(String(req.params.id));
      await externalTasks.setRetries(String(req.params.id), ep.retries.body(req).retries);
      res.status(204).end();
    }),
  );
  return r;
}
