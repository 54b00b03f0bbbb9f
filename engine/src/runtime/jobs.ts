/**
 * Open jobs of the in-memory engine: the ones no in-process handler takes wait here for external
 * workers, who fetch and lock them by topic (Camunda 7 external tasks / Camunda 8 job workers).
 */
import { BatonError } from '../protocol/errors.ts';

export interface OpenJob {
  id: string;
  type: string;
  instanceId: string;
  key: string;
  elementId: string;
  retries: number;
  headers?: Record<string, string>;
  workerId?: string;
  lockExpiresAt?: number;
  /** Not fetchable before this time (retry back-off). */
  dueAt?: number;
  errorMessage?: string;
  createdAt: number;
  /** Set while an incident keeps the job from being fetched. */
  failed?: boolean;
}

export class JobStore {
  private readonly jobs = new Map<string, OpenJob>();
  private readonly byType = new Map<string, Set<string>>();

  add(job: OpenJob): void {
    this.remove(job.id);
    this.jobs.set(job.id, job);
    let ids = this.byType.get(job.type);
    if (!ids) this.byType.set(job.type, (ids = new Set()));
    ids.add(job.id);
  }

  remove(id: string): OpenJob | undefined {
    const job = this.jobs.get(id);
    if (!job) return undefined;
    this.jobs.delete(id);
    this.byType.get(job.type)?.delete(id);
    return job;
  }

  get(id: string): OpenJob {
    const job = this.jobs.get(id);
    if (!job) throw new BatonError('NOT_FOUND', `No open job or external task '${id}'`);
    return job;
  }

  has(id: string): boolean {
    return this.jobs.has(id);
  }

  /** Locks up to `max` fetchable jobs of `type` for `workerId`. */
  lock(type: string, workerId: string, max: number, lockDuration: number, now: number): OpenJob[] {
    const out: OpenJob[] = [];
    for (const id of this.byType.get(type) ?? []) {
      if (out.length >= max) break;
      const job = this.jobs.get(id)!;
      if (job.failed || (job.dueAt !== undefined && job.dueAt > now)) continue;
      if (job.lockExpiresAt !== undefined && job.lockExpiresAt > now) continue;
      job.workerId = workerId;
      job.lockExpiresAt = now + lockDuration;
      out.push(job);
    }
    return out;
  }

  /** The job, checked to be locked by `workerId`. */
  owned(id: string, workerId: string | undefined, now: number): OpenJob {
    const job = this.get(id);
    if (workerId !== undefined && (job.workerId !== workerId || (job.lockExpiresAt ?? 0) <= now)) {
      throw new BatonError('INVALID_STATE', `External task '${id}' is not locked by worker '${workerId}'`);
    }
    return job;
  }

  list(filter: { type?: string; instanceId?: string } = {}): OpenJob[] {
    const out: OpenJob[] = [];
    for (const job of this.jobs.values()) {
      if (filter.type !== undefined && job.type !== filter.type) continue;
      if (filter.instanceId !== undefined && job.instanceId !== filter.instanceId) continue;
      out.push(job);
    }
    return out;
  }

  get size(): number {
    return this.jobs.size;
  }
}
