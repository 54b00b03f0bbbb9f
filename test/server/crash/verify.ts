/**
 * The crash test's checks, read straight from the database: every acknowledged start, completion
 * and variable is there, and no service handler ran twice for one committed step.
 *
 * Exactly-once here means: a handler's result commits together with the removal of its job, so a
 * job commits at most once; a handler may run again only when the process that ran it died before
 * that commit (at-least-once up to the commit). So per job: at most one run per server incarnation
 * (the lease keeps a live process from running it twice), at most one committed run, and that
 * committed run is the job's last run (nothing ran it after its commit).
 */
import { readFileSync } from 'node:fs';
import type { Knex } from 'knex';
import { expect } from 'vitest';
import type { Acked } from './driver.ts';

interface Run {
  jobId: string;
  instanceId: string;
  run: string;
  incarnation: number;
}

function runs(file: string): Run[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Run);
}

async function variables(knex: Knex, name: string): Promise<Map<string, unknown[]>> {
  const rows = (await knex('hist_variables')
    .where({ name, deleted: false })
    .select('instance_id', 'value')) as { instance_id: string; value: string }[];
  const out = new Map<string, unknown[]>();
  for (const row of rows)
    out.set(row.instance_id, [...(out.get(row.instance_id) ?? []), JSON.parse(row.value)]);
  return out;
}

/** Checks the database against what was acknowledged; returns the number of committed handler runs. */
export async function verify(knex: Knex, acked: Acked, runsFile: string): Promise<number> {
  const orderNos = await variables(knex, 'orderNo');
  const instances = new Set((await knex('instances').pluck('id')) as string[]);
  for (const [id, n] of acked.starts) {
    expect(instances.has(id), `acknowledged instance ${id} is missing`).toBe(true);
    expect(orderNos.get(id)).toEqual([n]);
  }
  const approved = await variables(knex, 'approvedBy');
  const approvals = new Set(
    (await knex('hist_activities')
      .where({ element_id: 'approve' })
      .whereNotNull('ended_at')
      .pluck('instance_id')) as string[],
  );
  for (const [id, by] of acked.completions) {
    expect(approvals.has(id), `acknowledged completion of ${id} is missing`).toBe(true);
    expect(approved.get(id)).toEqual([by]);
  }

  const committed = await variables(knex, 'chargeRun');
  const charged = (await knex('hist_activities')
    .where({ element_id: 'charge' })
    .whereNotNull('ended_at')
    .select('instance_id')
    .count({ n: '*' })
    .groupBy('instance_id')) as { instance_id: string; n: number | string }[];
  for (const row of charged) expect(Number(row.n), `charge of ${row.instance_id} committed twice`).toBe(1);
  // Read after the database: a run is recorded before its step commits, so every committed one is here.
  const all = runs(runsFile);
  const byJob = new Map<string, Run[]>();
  for (const run of all) byJob.set(run.jobId, [...(byJob.get(run.jobId) ?? []), run]);
  for (const [jobId, list] of byJob) {
    const incarnations = list.map((r) => r.incarnation);
    expect(new Set(incarnations).size, `job ${jobId} ran twice in one process`).toBe(list.length);
  }
  for (const [instanceId, values] of committed) {
    expect(values, `handler of ${instanceId} committed more than once`).toHaveLength(1);
    const run = all.find((r) => r.run === values[0]);
    expect(run, `committed run ${String(values[0])} was never recorded`).toBeDefined();
    const last = Math.max(...byJob.get(run!.jobId)!.map((r) => r.incarnation));
    expect(run!.incarnation, `job ${run!.jobId} ran again after its commit`).toBe(last);
  }
  return committed.size;
}
