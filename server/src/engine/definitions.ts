/**
 * Deployed definitions in the database, compiled once per server process and cached. A deploy
 * compiles every file first and writes nothing unless all of them are runnable.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import {
  assertDeployable,
  BatonError,
  compileBpmn,
  formatDiagnostic,
  type CompiledDefinitions,
  type CompiledProcess,
  type Diagnostic,
  type ExpressionEvaluator,
  type ScriptRunner,
} from '@baton/engine';

const LATEST_TTL_MS = 1000;

export interface StoredDefinition {
  id: string;
  key: string;
  version: number;
  name?: string;
  versionTag?: string;
  deploymentId: string;
  resourceName?: string;
  process: CompiledProcess;
  xml: string;
}

export interface DeployFile {
  name: string;
  xml: string | Uint8Array;
}

export interface DeployResult {
  id: string;
  name?: string;
  source?: string;
  deployedAt: number;
  /** Definitions created by this deployment (unchanged ones are skipped with duplicate filtering). */
  definitions: StoredDefinition[];
}

interface DefinitionRow {
  id: string;
  key: string;
  version: number;
  name: string | null;
  version_tag: string | null;
  deployment_id: string;
  resource_name: string | null;
  xml: string;
  fingerprint: string;
}

export class DefinitionStore {
  private readonly cache = new Map<string, StoredDefinition>();
  /**
   * Latest version per key, remembered briefly: starting by key is the hot path. A deploy here
   * clears it at once; one made by another server process is seen within LATEST_TTL_MS.
   */
  private readonly latest = new Map<string, { id: string; until: number }>();

  constructor(
    private readonly knex: Knex,
    private readonly expressions: ExpressionEvaluator,
    private readonly scripts: ScriptRunner,
  ) {}

  /**
   * Compiles every file, then (all or nothing) records a deployment with a new version of each
   * changed process. Throws BPMN_PARSE / BPMN_INVALID with every diagnostic of every file.
   */
  async deploy(
    trx: Knex.Transaction,
    files: DeployFile[],
    options: { name?: string; source?: string; duplicateFiltering?: boolean; now: number },
  ): Promise<DeployResult> {
    if (files.length === 0)
      throw new BatonError('INVALID_ARGUMENT', 'A deployment needs at least one .bpmn file');
    const compiled: { file: DeployFile; definitions: CompiledDefinitions; xml: string }[] = [];
    const problems: Diagnostic[] = [];
    for (const file of files) {
      let definitions: CompiledDefinitions;
      try {
        definitions = await compileBpmn(file.xml, { expressions: this.expressions, scripts: this.scripts });
      } catch (error) {
        if (error instanceof BatonError)
          throw new BatonError(error.code, `${file.name}: ${error.message}`, error.details);
        throw error;
      }
      try {
        assertDeployable(definitions);
      } catch (error) {
        if (!(error instanceof BatonError)) throw error;
        problems.push(
          ...(error.details as Diagnostic[]).map((d) => ({ ...d, message: `${file.name}: ${d.message}` })),
        );
      }
      const xml = typeof file.xml === 'string' ? file.xml : new TextDecoder().decode(file.xml);
      compiled.push({ file, definitions, xml });
    }
    if (problems.length > 0) {
      throw new BatonError(
        'BPMN_INVALID',
        `The deployment has ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.map(formatDiagnostic).join('\n')}`,
        problems,
      );
    }
    const id = randomUUID();
    await trx('deployments').insert({
      id,
      name: options.name ?? null,
      source: options.source ?? null,
      deployed_at: options.now,
    });
    const created: StoredDefinition[] = [];
    for (const { file, definitions, xml } of compiled) {
      for (const process of definitions.processes) {
        const fingerprint = createHash('sha256').update(JSON.stringify(process)).digest('hex');
        const latest = (await trx('definitions')
          .where({ key: process.id })
          .orderBy('version', 'desc')
          .first()) as DefinitionRow | undefined;
        if (options.duplicateFiltering && latest?.fingerprint === fingerprint) continue;
        const version = (latest?.version ?? 0) + 1;
        const def: StoredDefinition = {
          id: `${process.id}:${version}:${id}`,
          key: process.id,
          version,
          deploymentId: id,
          resourceName: file.name,
          process,
          xml,
        };
        if (process.name) def.name = process.name;
        if (process.versionTag) def.versionTag = process.versionTag;
        await trx('definitions').insert({
          id: def.id,
          key: def.key,
          version,
          name: def.name ?? null,
          version_tag: def.versionTag ?? null,
          deployment_id: id,
          resource_name: file.name,
          xml,
          fingerprint,
        });
        created.push(def);
      }
    }
    // Cached once the deployment commits: a deployment rolled back later in its transaction (a
    // start event that cannot be scheduled) must not leave startable definitions in the cache.
    trx.executionPromise.then(
      () => created.forEach((def) => this.remember(def)),
      () => undefined,
    );
    return { id, name: options.name, source: options.source, deployedAt: options.now, definitions: created };
  }

  async get(id: string, trx: Knex = this.knex): Promise<StoredDefinition> {
    const cached = this.cache.get(id);
    if (cached) return cached;
    const row = (await trx('definitions').where({ id }).first()) as DefinitionRow | undefined;
    if (!row) throw new BatonError('NOT_FOUND', `No process definition with id '${id}'`);
    return this.load(row);
  }

  /** The latest version of `key`, or a pinned version / version tag / deployment. */
  async find(
    key: string,
    pin: { version?: number; versionTag?: string; deploymentId?: string } = {},
    trx: Knex = this.knex,
  ): Promise<StoredDefinition> {
    const latestOnly =
      pin.version === undefined && pin.versionTag === undefined && pin.deploymentId === undefined;
    const known = latestOnly && trx === this.knex ? this.latest.get(key) : undefined;
    if (known && known.until > Date.now()) {
      const cached = this.cache.get(known.id);
      if (cached) return cached;
    }
    let query = trx('definitions').where({ key });
    if (pin.version !== undefined) query = query.andWhere({ version: pin.version });
    if (pin.versionTag !== undefined) query = query.andWhere({ version_tag: pin.versionTag });
    if (pin.deploymentId !== undefined) query = query.andWhere({ deployment_id: pin.deploymentId });
    const row = (await query.orderBy('version', 'desc').first()) as DefinitionRow | undefined;
    if (!row) {
      const what =
        pin.version !== undefined
          ? ` and version ${pin.version}`
          : pin.versionTag !== undefined
            ? ` and version tag '${pin.versionTag}'`
            : '';
      throw new BatonError('NOT_FOUND', `No process definition with key '${key}'${what}`);
    }
    if (latestOnly) this.latest.set(key, { id: row.id, until: Date.now() + LATEST_TTL_MS });
    return this.cache.get(row.id) ?? this.load(row);
  }

  forget(id: string): void {
    this.cache.delete(id);
    this.latest.clear();
  }

  /** A deploy in this process makes new latest versions: look them up again. */
  deployed(): void {
    this.latest.clear();
  }

  private async load(row: DefinitionRow): Promise<StoredDefinition> {
    const compiled = await compileBpmn(row.xml, { expressions: this.expressions, scripts: this.scripts });
    const process = compiled.processes.find((p) => p.id === row.key);
    if (!process)
      throw new BatonError('NOT_FOUND', `Definition '${row.id}' no longer compiles to process '${row.key}'`);
    const def: StoredDefinition = {
      id: row.id,
      key: row.key,
      version: row.version,
      deploymentId: row.deployment_id,
      process,
      xml: row.xml,
    };
    if (row.name) def.name = row.name;
    if (row.version_tag) def.versionTag = row.version_tag;
    if (row.resource_name) def.resourceName = row.resource_name;
    this.remember(def);
    return def;
  }

  private remember(def: StoredDefinition): void {
    this.scripts.prepare(def.id, def.process.scripts);
    this.cache.set(def.id, def);
  }
}
