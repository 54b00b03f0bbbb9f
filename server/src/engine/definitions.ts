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

export interface DeployOptions {
  name?: string;
  source?: string;
  /**
   * Camunda's `enableDuplicateFiltering()`: when no file differs from the latest resource of the
   * same name in deployments with the same name and source, nothing is deployed and the latest
   * deployment with that name is answered; when one differs, every file is deployed.
   */
  duplicateFiltering?: boolean;
  /** Camunda's `enableDuplicateFiltering(true)`: only the files that differ are deployed. */
  deployChangedOnly?: boolean;
}

export interface DeployResult {
  id: string;
  name?: string;
  source?: string;
  deployedAt: number;
  /** Definitions created by this deployment (none when it is an existing one). */
  definitions: StoredDefinition[];
  /** Every file was filtered as a duplicate: this is the latest deployment with the same name. */
  existing?: boolean;
}

/** A problem of one file of a deployment, naming the file (`resource`). */
export interface DeployDiagnostic extends Diagnostic {
  resource: string;
}

/** The file extensions a deployment takes, as Camunda's BpmnDeployer. */
const BPMN_RESOURCE = /\.(bpmn|xml)$/i;

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

interface DeploymentRow {
  id: string;
  name: string | null;
  source: string | null;
  deployed_at: number | string;
}

interface CompiledFile {
  file: DeployFile;
  definitions: CompiledDefinitions;
  xml: string;
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
   * Compiles every file, then (all or nothing) records a deployment with a new version of every
   * process of the files to deploy (see DeployOptions for duplicate filtering). Throws BPMN_PARSE /
   * BPMN_INVALID with every diagnostic of every file (DeployDiagnostic[]) and writes nothing then.
   */
  async deploy(
    trx: Knex.Transaction,
    files: DeployFile[],
    options: DeployOptions & { now: number },
  ): Promise<DeployResult> {
    if (files.length === 0)
      throw new BatonError('INVALID_ARGUMENT', 'A deployment needs at least one .bpmn file');
    const compiled: CompiledFile[] = [];
    const diagnostics: DeployDiagnostic[] = [];
    for (const file of files) {
      const one = await this.compileFile(file);
      diagnostics.push(...one.diagnostics);
      if (one.compiled) compiled.push(one.compiled);
    }
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) {
      const failed = new Set(errors.map((d) => d.resource)).size;
      const parseOnly = errors.every((d) => d.code.startsWith('xml.') || d.code.startsWith('resource.'));
      throw new BatonError(
        parseOnly ? 'BPMN_PARSE' : 'BPMN_INVALID',
        `The deployment has ${errors.length} problem${errors.length > 1 ? 's' : ''} in ${failed} file${failed > 1 ? 's' : ''}:\n${errors.map(formatDiagnostic).join('\n')}`,
        diagnostics,
      );
    }
    const toDeploy = await this.resolveFilesToDeploy(trx, compiled, options);
    if (toDeploy.length === 0) {
      // Everything was filtered: Camunda's DeployCmd answers the latest deployment with the name.
      const existing = await this.latestDeploymentNamed(trx, options.name!);
      return {
        id: existing.id,
        name: existing.name ?? undefined,
        source: existing.source ?? undefined,
        deployedAt: Number(existing.deployed_at),
        definitions: [],
        existing: true,
      };
    }
    const id = randomUUID();
    await trx('deployments').insert({
      id,
      name: options.name ?? null,
      source: options.source ?? null,
      deployed_at: options.now,
    });
    const created: StoredDefinition[] = [];
    for (const { file, definitions, xml } of toDeploy) {
      for (const process of definitions.processes) {
        const fingerprint = createHash('sha256').update(JSON.stringify(process)).digest('hex');
        const latest = (await trx('definitions').where({ key: process.id }).max({ v: 'version' }).first()) as
          { v: number | string | null } | undefined;
        const version = Number(latest?.v ?? 0) + 1;
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

  /** One file compiled, with every diagnostic it has (naming the file); unreadable files included. */
  private async compileFile(
    file: DeployFile,
  ): Promise<{ compiled?: CompiledFile; diagnostics: DeployDiagnostic[] }> {
    const named = (d: Diagnostic): DeployDiagnostic => ({
      ...d,
      message: `${file.name}: ${d.message}`,
      resource: file.name,
    });
    const fileProblem = (code: string, message: string, at: { line?: number; column?: number } = {}) => {
      const d: Diagnostic = {
        severity: 'error',
        code,
        elementId: file.name,
        elementType: 'bpmn:Definitions',
        message,
      };
      if (at.line !== undefined) d.line = at.line;
      if (at.column !== undefined) d.column = at.column;
      return { diagnostics: [named(d)] };
    };
    if (!BPMN_RESOURCE.test(file.name))
      return fileProblem(
        'resource.not-bpmn',
        `Resource '${file.name}' is not BPMN: only .bpmn and .xml files can be deployed`,
      );
    let definitions: CompiledDefinitions;
    try {
      definitions = await compileBpmn(file.xml, { expressions: this.expressions, scripts: this.scripts });
    } catch (error) {
      if (!(error instanceof BatonError) || error.code !== 'BPMN_PARSE') throw error;
      const at = (error.details ?? {}) as { reason?: string; line?: number; column?: number };
      return fileProblem(`xml.${at.reason ?? 'unreadable'}`, error.message, at);
    }
    const diagnostics = definitions.diagnostics.map(named);
    try {
      assertDeployable(definitions);
    } catch (error) {
      if (!(error instanceof BatonError)) throw error;
      // assertDeployable decides what stops a deploy; its errors are among the diagnostics.
      for (const d of error.details as Diagnostic[])
        if (!definitions.diagnostics.includes(d)) diagnostics.push(named(d));
      return { diagnostics };
    }
    const xml = typeof file.xml === 'string' ? file.xml : new TextDecoder().decode(file.xml);
    return { compiled: { file, definitions, xml }, diagnostics };
  }

  /**
   * Camunda's DeployCmd.resolveResourcesToDeploy: with duplicate filtering each file is compared
   * (as text) with the latest resource of the same name in deployments with the same name and
   * source (no source: those without one); a deployment without a name matches none.
   */
  private async resolveFilesToDeploy(
    trx: Knex.Transaction,
    compiled: CompiledFile[],
    options: DeployOptions,
  ): Promise<CompiledFile[]> {
    if (!options.duplicateFiltering && !options.deployChangedOnly) return compiled;
    if (options.name === undefined) return compiled;
    const changed: CompiledFile[] = [];
    for (const one of compiled) {
      const query = trx('definitions as f')
        .join('deployments as d', 'd.id', 'f.deployment_id')
        .where({ 'd.name': options.name, 'f.resource_name': one.file.name });
      if (options.source) void query.andWhere('d.source', options.source);
      else void query.andWhere((q) => void q.whereNull('d.source').orWhere('d.source', ''));
      const latest = (await query
        .orderBy([
          { column: 'd.deployed_at', order: 'desc' },
          { column: 'f.version', order: 'desc' },
        ])
        .first('f.xml')) as { xml: string } | undefined;
      if (latest?.xml === one.xml) continue;
      if (!options.deployChangedOnly) return compiled;
      changed.push(one);
    }
    return changed;
  }

  /** The latest deployment with the name (ties on the time: the one with the higher versions). */
  private async latestDeploymentNamed(trx: Knex.Transaction, name: string): Promise<DeploymentRow> {
    const row = (await trx('deployments as d')
      .leftJoin('definitions as f', 'f.deployment_id', 'd.id')
      .where('d.name', name)
      .groupBy('d.id', 'd.name', 'd.source', 'd.deployed_at')
      .select('d.id', 'd.name', 'd.source', 'd.deployed_at')
      .orderBy('d.deployed_at', 'desc')
      .orderByRaw('coalesce(max(f.version), 0) desc')
      .first()) as DeploymentRow | undefined;
    if (!row) throw new BatonError('NOT_FOUND', `No deployment named '${name}'`);
    return row;
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
