/**
 * GET /baton/process-instance/{id}/waiting: why an instance waits. The sentences come from the
 * engine (`explainWaiting`, state + compiled process); this adds what only the database knows:
 * external task locks and retries, job due dates, and the instances call activities started.
 */
import { Router } from 'express';
import { explainWaiting, type InstanceState, type WaitingFacts } from '@baton/engine';
import type { Knex } from 'knex';
import type { ApiContext } from '../context.ts';
import { anyInstance } from '../dto.ts';
import { calledInstances as calledByParents } from '../historyUtil.ts';
import { route } from '../http.ts';
import { defineEndpoint, errorResponses } from '../schemas.ts';
import { WaitingExplanationSchema } from './schemas.ts';

const waiting = defineEndpoint({
  method: 'get',
  path: '/baton/process-instance/:id/waiting',
  summary: 'Why a process instance waits: one sentence per waiting element',
  description: 'An ended instance waits for nothing: [].',
  tags: ['Baton'],
  responses: {
    200: { description: 'Explanations', schema: { type: 'array', items: WaitingExplanationSchema } },
    ...errorResponses(404),
  },
});

interface JobRow {
  id: string;
  kind: string;
  worker_id: string | null;
  lock_expires_at: number | string | null;
  retries: number;
  due_at: number | string;
}

async function facts(knex: Knex, state: InstanceState, now: number): Promise<WaitingFacts> {
  const jobs: NonNullable<WaitingFacts['jobs']> = {};
  const rows = (await knex('jobs')
    .where({ instance_id: state.id })
    .select('id', 'kind', 'worker_id', 'lock_expires_at', 'retries', 'due_at')) as JobRow[];
  for (const row of rows) {
    // An expired lock is no lock: any worker may fetch the task again.
    const locked =
      row.worker_id !== null && row.lock_expires_at !== null && Number(row.lock_expires_at) > now;
    jobs[row.id] = {
      kind: row.kind,
      retries: Number(row.retries),
      dueAt: Number(row.due_at),
      ...(locked ? { lockedBy: row.worker_id!, lockExpiresAt: Number(row.lock_expires_at) } : {}),
    };
  }
  const calledInstances: Record<string, string> = {};
  if (Object.values(state.elements).some((e) => e.wait?.kind === 'call'))
    for (const [caller, child] of await calledByParents(knex, [state.id]))
      calledInstances[caller.slice(state.id.length + 1)] = child;
  return { jobs, calledInstances, now };
}

export function waitingRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  r.get(
    waiting.path,
    waiting,
    route(async (req, res) => {
      const row = await anyInstance(engine.knex, String(req.params.id));
      if (row.status !== 'active') return void res.json([]);
      const state = JSON.parse(row.state) as InstanceState;
      const def = await engine.definitions.get(row.definition_id);
      res.json(explainWaiting(def.process, state, await facts(engine.knex, state, engine.now())));
    }),
  );
  return r;
}
