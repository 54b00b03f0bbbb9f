/**
 * Deployed process definitions, versioned by process id (the "key"): each deployment of a changed
 * process becomes a new version; an unchanged one keeps its version (duplicate filtering).
 */
import type { CompiledDefinitions, CompiledProcess } from '../protocol/definition.ts';
import { BatonError } from '../protocol/errors.ts';

export interface ProcessDefinition {
  /** `key:version:deploymentId`, unique. */
  id: string;
  key: string;
  version: number;
  name?: string;
  versionTag?: string;
  deploymentId: string;
  process: CompiledProcess;
  /** The XML it came from. */
  source: string;
  /** Messages, signals and errors declared beside it. */
  definitions: CompiledDefinitions;
}

export interface Deployment {
  id: string;
  name?: string;
  deployedAt: number;
  definitions: ProcessDefinition[];
}

export class Repository {
  private readonly byKey = new Map<string, ProcessDefinition[]>();
  private readonly byId = new Map<string, ProcessDefinition>();
  private readonly fingerprints = new Map<string, string>();

  /** Registers the processes of a compiled file; unchanged processes keep their latest version. */
  add(
    deploymentId: string,
    compiled: CompiledDefinitions,
    source: string,
    duplicateFiltering: boolean,
  ): { added: ProcessDefinition[]; all: ProcessDefinition[] } {
    const added: ProcessDefinition[] = [];
    const all: ProcessDefinition[] = [];
    for (const process of compiled.processes) {
      const fingerprint = JSON.stringify(process);
      const versions = this.byKey.get(process.id) ?? [];
      const latest = versions[versions.length - 1];
      if (duplicateFiltering && latest && this.fingerprints.get(latest.id) === fingerprint) {
        all.push(latest);
        continue;
      }
      const version = (latest?.version ?? 0) + 1;
      const def: ProcessDefinition = {
        id: `${process.id}:${version}:${deploymentId}`,
        key: process.id,
        version,
        deploymentId,
        process,
        source,
        definitions: compiled,
      };
      if (process.name) def.name = process.name;
      if (process.versionTag) def.versionTag = process.versionTag;
      versions.push(def);
      this.byKey.set(process.id, versions);
      this.byId.set(def.id, def);
      this.fingerprints.set(def.id, fingerprint);
      added.push(def);
      all.push(def);
    }
    return { added, all };
  }

  /** Takes over a definition deployed elsewhere (a restored engine, a database). */
  register(def: ProcessDefinition): void {
    if (this.byId.has(def.id)) return;
    const versions = this.byKey.get(def.key) ?? [];
    versions.push(def);
    versions.sort((a, b) => a.version - b.version);
    this.byKey.set(def.key, versions);
    this.byId.set(def.id, def);
    this.fingerprints.set(def.id, JSON.stringify(def.process));
  }

  get(id: string): ProcessDefinition {
    const def = this.byId.get(id);
    if (!def) throw new BatonError('NOT_FOUND', `No process definition with id '${id}'`);
    return def;
  }

  /** The latest version of `key`, or a pinned version / version tag / deployment. */
  find(
    key: string,
    pin: { version?: number; versionTag?: string; deploymentId?: string } = {},
  ): ProcessDefinition {
    const versions = this.byKey.get(key);
    if (!versions || versions.length === 0)
      throw new BatonError('NOT_FOUND', `No process definition with key '${key}'`);
    let found: ProcessDefinition | undefined;
    if (pin.version !== undefined) found = versions.find((d) => d.version === pin.version);
    else if (pin.versionTag !== undefined)
      found = [...versions].reverse().find((d) => d.versionTag === pin.versionTag);
    else if (pin.deploymentId !== undefined)
      found = versions.find((d) => d.deploymentId === pin.deploymentId);
    else found = versions[versions.length - 1];
    if (!found) {
      const what =
        pin.version !== undefined
          ? `version ${pin.version}`
          : pin.versionTag !== undefined
            ? `version tag '${pin.versionTag}'`
            : `deployment ${pin.deploymentId}`;
      throw new BatonError('NOT_FOUND', `No process definition with key '${key}' and ${what}`);
    }
    return found;
  }

  /** The latest version of every key. */
  latest(): ProcessDefinition[] {
    return [...this.byKey.values()].map((versions) => versions[versions.length - 1]);
  }

  list(): ProcessDefinition[] {
    return [...this.byId.values()];
  }
}
