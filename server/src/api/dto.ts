/**
 * Camunda 7 REST shapes shared by the repository and runtime resources: process definitions,
 * deployments, process instances (with their OpenAPI schemas), built from table rows.
 */
import type { Request } from 'express';
import { BatonError, type InstanceState } from '@baton/engine';
import type { Knex } from 'knex';
import { iso } from './http.ts';
import { schema } from './schemas.ts';

/** A row of the definitions table (without the XML unless selected). */
export interface DefinitionRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  version_tag: string | null;
  deployment_id: string;
  resource_name: string | null;
}

/** The columns `definitionDto` needs. */
export const DEFINITION_COLUMNS = [
  'id',
  'key',
  'version',
  'name',
  'version_tag',
  'deployment_id',
  'resource_name',
];

/** The definitions row of an id, or of the latest version of a key. */
export async function definitionRow(
  knex: Knex,
  by: { id: string } | { key: string },
  columns: string[] = DEFINITION_COLUMNS,
): Promise<DefinitionRow & { xml?: string }> {
  const row = (await (
    'id' in by
      ? knex('definitions').where({ id: by.id })
      : knex('definitions').where({ key: by.key }).orderBy('version', 'desc')
  ).first(columns)) as (DefinitionRow & { xml?: string }) | undefined;
  if (!row) {
    const what = 'id' in by ? `id '${by.id}'` : `key '${by.key}'`;
    throw new BatonError('NOT_FOUND', `No process definition with ${what}`);
  }
  return row;
}

/** Camunda's ProcessDefinitionDto. */
export function definitionDto(d: DefinitionRow) {
  return {
    id: d.id,
    key: d.key,
    category: null,
    description: null,
    name: d.name ?? null,
    version: Number(d.version),
    resource: d.resource_name ?? null,
    deploymentId: d.deployment_id,
    diagram: null,
    suspended: false,
    tenantId: null,
    versionTag: d.version_tag ?? null,
    historyTimeToLive: null,
    startableInTasklist: true,
  };
}

export const ProcessDefinitionSchema = schema('ProcessDefinition', {
  type: 'object',
  properties: {
    id: { type: 'string', example: 'invoice:1:5f0c...' },
    key: { type: 'string' },
    category: { type: 'string', nullable: true },
    description: { type: 'string', nullable: true },
    name: { type: 'string', nullable: true },
    version: { type: 'integer' },
    resource: { type: 'string', nullable: true },
    deploymentId: { type: 'string' },
    diagram: { type: 'string', nullable: true },
    suspended: { type: 'boolean' },
    tenantId: { type: 'string', nullable: true },
    versionTag: { type: 'string', nullable: true },
    historyTimeToLive: { type: 'integer', nullable: true },
    startableInTasklist: { type: 'boolean' },
  },
  required: ['id', 'key', 'version'],
});

/** Camunda's `links` entry pointing at a resource below /engine-rest. */
export function selfLink(req: Request, path: string): { method: string; href: string; rel: string }[] {
  return [{ method: 'GET', href: `${req.protocol}://${req.get('host')}${req.baseUrl}${path}`, rel: 'self' }];
}

export const LinksSchema = {
  type: 'array',
  items: {
    type: 'object',
    properties: { method: { type: 'string' }, href: { type: 'string' }, rel: { type: 'string' } },
  },
} as const;

/** A row of the instances table. */
export interface InstanceRow {
  id: string;
  definition_id: string;
  process_key: string;
  business_key: string | null;
  super_instance_id: string | null;
  status: string;
  suspended: boolean | number;
  state: string;
  started_at: number | string;
  ended_at: number | string | null;
  incidents: number;
}

/** Camunda's ProcessInstanceDto. */
export function instanceDto(
  row: Pick<InstanceRow, 'id' | 'definition_id' | 'business_key' | 'status' | 'suspended'>,
  links: { method: string; href: string; rel: string }[] = [],
) {
  return {
    links,
    id: row.id,
    definitionId: row.definition_id,
    businessKey: row.business_key ?? null,
    caseInstanceId: null,
    ended: row.status !== 'active',
    suspended: Boolean(row.suspended),
    tenantId: null,
  };
}

export const ProcessInstanceSchema = schema('ProcessInstance', {
  type: 'object',
  properties: {
    links: LinksSchema,
    id: { type: 'string' },
    definitionId: { type: 'string' },
    businessKey: { type: 'string', nullable: true },
    caseInstanceId: { type: 'string', nullable: true },
    ended: { type: 'boolean' },
    suspended: { type: 'boolean' },
    tenantId: { type: 'string', nullable: true },
  },
});

/** The runtime API sees running instances only: ended ones are history. */
export async function runningInstance(
  knex: Knex,
  id: string,
): Promise<InstanceRow & { parsed: InstanceState }> {
  const row = (await knex('instances').where({ id, status: 'active' }).first()) as InstanceRow | undefined;
  if (!row) throw new BatonError('NOT_FOUND', `Process instance with id ${id} does not exist`);
  return { ...row, parsed: JSON.parse(row.state) as InstanceState };
}

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

/** A row of the deployments table. */
export interface DeploymentRow {
  id: string;
  name: string | null;
  source: string | null;
  deployed_at: number | string;
}

/** Camunda's DeploymentDto. */
export function deploymentDto(
  row: DeploymentRow,
  links: { method: string; href: string; rel: string }[] = [],
) {
  return {
    links,
    id: row.id,
    name: row.name ?? null,
    source: row.source ?? null,
    deploymentTime: iso(row.deployed_at),
    tenantId: null,
  };
}

export const DeploymentSchema = schema('Deployment', {
  type: 'object',
  properties: {
    links: LinksSchema,
    id: { type: 'string' },
    name: { type: 'string', nullable: true },
    source: { type: 'string', nullable: true },
    deploymentTime: { type: 'string', format: 'date-time' },
    tenantId: { type: 'string', nullable: true },
  },
});
