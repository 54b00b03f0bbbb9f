/**
 * Drafts: diagrams the modeler saved but did not deploy (`/baton/draft`): list (newest first),
 * create, read, update, delete. The XML is stored as given, at most 10 MB.
 */
import { randomUUID } from 'node:crypto';
import express, { Router } from 'express';
import { BatonError, type Draft, type DraftSummary } from '@baton/engine';
import type { Knex } from 'knex';
import type { ApiContext } from '../context.ts';
import { HttpError, route } from '../http.ts';
import { defineEndpoint, errorResponses } from '../schemas.ts';
import { DraftSchema, DraftSummarySchema } from './schemas.ts';

const MAX_XML_BYTES = 10 * 1024 * 1024;

const fields = {
  name: { type: 'string', minLength: 1 },
  flavor: { type: 'string', enum: ['camunda7', 'camunda8'] },
  xml: { type: 'string', minLength: 1, description: 'BPMN XML, at most 10 MB' },
} as const;

const list = defineEndpoint({
  method: 'get',
  path: '/baton/draft',
  summary: 'List drafts (without XML), newest first',
  tags: ['Baton'],
  responses: { 200: { description: 'Drafts', schema: { type: 'array', items: DraftSummarySchema } } },
});
const create = defineEndpoint({
  method: 'post',
  path: '/baton/draft',
  summary: 'Save a new draft',
  tags: ['Baton'],
  bodyRequired: true,
  body: { type: 'object', properties: fields, required: ['name', 'flavor', 'xml'] },
  responses: { 201: { description: 'Saved', schema: DraftSchema }, ...errorResponses(400) },
});
const get = defineEndpoint({
  method: 'get',
  path: '/baton/draft/:id',
  summary: 'Get a draft with its XML',
  tags: ['Baton'],
  responses: { 200: { description: 'The draft', schema: DraftSchema }, ...errorResponses(404) },
});
const update = defineEndpoint({
  method: 'put',
  path: '/baton/draft/:id',
  summary: 'Update a draft (the fields given)',
  tags: ['Baton'],
  bodyRequired: true,
  body: { type: 'object', properties: fields, additionalProperties: false },
  responses: { 200: { description: 'Saved', schema: DraftSchema }, ...errorResponses(400, 404) },
});
const remove = defineEndpoint({
  method: 'delete',
  path: '/baton/draft/:id',
  summary: 'Delete a draft',
  tags: ['Baton'],
  responses: { 204: { description: 'Deleted' }, ...errorResponses(404) },
});

/**
 * The body parser of /baton/draft, mounted before the API's own: JSON escaping makes a 10 MB
 * diagram a bigger body than the API's default limit allows.
 */
export const draftJson = express.json({ limit: '25mb' });

interface DraftRow {
  id: string;
  name: string;
  flavor: Draft['flavor'];
  xml?: string;
  updated_at: number | string;
}

const SUMMARY = ['id', 'name', 'flavor', 'updated_at'];

function summary(row: DraftRow): DraftSummary {
  return {
    id: row.id,
    name: row.name,
    flavor: row.flavor,
    updated: new Date(Number(row.updated_at)).toISOString(),
  };
}

function checkSize(xml: string | undefined): void {
  if (xml !== undefined && Buffer.byteLength(xml, 'utf8') > MAX_XML_BYTES)
    throw new HttpError(400, "Request body field 'xml' must be at most 10 MB");
}

async function draft(knex: Knex, id: string): Promise<Draft> {
  const row = (await knex('drafts')
    .where({ id })
    .first([...SUMMARY, 'xml'])) as DraftRow | undefined;
  if (!row) throw new BatonError('NOT_FOUND', `No draft with id '${id}'`);
  return { ...summary(row), xml: row.xml ?? '' };
}

export function draftRoutes(ctx: ApiContext): Router {
  const r = Router();
  const { engine } = ctx;
  const knex = engine.knex;
  r.get(
    list.path,
    list,
    route(async (_req, res) => {
      const rows = (await knex('drafts')
        .select(SUMMARY)
        .orderBy([
          { column: 'updated_at', order: 'desc' },
          { column: 'id', order: 'asc' },
        ])) as DraftRow[];
      res.json(rows.map(summary));
    }),
  );
  r.post(
    create.path,
    create,
    route(async (req, res) => {
      const body = create.body(req);
      checkSize(body.xml);
      const now = engine.now();
      const id = randomUUID();
      await knex('drafts').insert({
        id,
        name: body.name,
        flavor: body.flavor,
        xml: body.xml,
        created_at: now,
        updated_at: now,
      });
      res.status(201).json(await draft(knex, id));
    }),
  );
  r.get(
    get.path,
    get,
    route(async (req, res) => {
      res.json(await draft(knex, String(req.params.id)));
    }),
  );
  r.put(
    update.path,
    update,
    route(async (req, res) => {
      const id = String(req.params.id);
      const body = update.body(req);
      checkSize(body.xml);
      const changes: Record<string, unknown> = { updated_at: engine.now() };
      for (const name of ['name', 'flavor', 'xml'] as const)
        if (body[name] !== undefined) changes[name] = body[name];
      const updated = await knex('drafts').where({ id }).update(changes);
      if (updated === 0) throw new BatonError('NOT_FOUND', `No draft with id '${id}'`);
      res.json(await draft(knex, id));
    }),
  );
  r.delete(
    remove.path,
    remove,
    route(async (req, res) => {
      const id = String(req.params.id);
      const deleted = await knex('drafts').where({ id }).delete();
      if (deleted === 0) throw new BatonError('NOT_FOUND', `No draft with id '${id}'`);
      res.status(204).end();
    }),
  );
  return r;
}
