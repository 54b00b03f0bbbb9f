/**
 * GET /baton/process-instance/{id}/waiting: why an instance waits. The sentences come from the
 * engine (`explainWaiting`, state + compiled process); this adds what only the database knows:
 * external task locks and retries, job due dates, and the instances call activities started.
 */
import { Router } from 'express';
import { BatonError, explainWaiting, type InstanceState, type WaitingFacts } from '@baton/engine';
import type { Knex } from 'knex';
import type { ApiContext } from '../context.ts';
import type { InstanceRow } from '../dto.ts';
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

/** A process instance, running or ended; 404 when unknown. */
export async function anyInstance(
  knex: Knex,
  id: string,
): Promise<Pick<InstanceRow, 'id' | 'definition_id' | 'status' | 'state'>> {
  const row = (await knex('instances').where({ id }).first('id', 'definition_id', 'status', 'state')) as
    Pick<InstanceRow, 'id' | 'definition_id' | 'status' | 'state'> | undefined;
  if (!row) throw new BatonError('NOT_FOUND', `Process instance with id ${id} does not exist`);
  return row;
}

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
  if (Object.values(state.elements).some((e) => e.wait?.kind === 'call')) {
    // The child's creation event says which call activity instance started it.
    const created = (await knex('events')
      .where('type', 'instance.created')
      .whereIn('instance_id', knex('instances').where('super_instance_id', state.id).select('id'))
      .select('instance_id', 'payload')) as { instance_id: string; payload: string }[];
    for (const e of created) {
      const parent = (JSON.parse(e.payload) as { parent?: { instanceId: string; key: string } }).parent;
      if (parent?.instanceId === state.id) calledInstances[parent.key] = e.instance_id;
    }
  }
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
