/**
 * Start events of the latest version of each process, in the database: message, signal and
 * conditional starts are looked up by name, timer starts become timer jobs. A new version
 * replaces the old version's start events and schedules.
 */
import type { Knex } from 'knex';
import { BatonError, firstDue, parseTimer } from '@baton/engine';
import type { StoredDefinition } from './definitions.ts';

export async function registerStartEvents(
  trx: Knex.Transaction,
  def: StoredDefinition,
  now: number,
): Promise<void> {
  const older = await trx('definitions')
    .where({ key: def.key })
    .andWhere('version', '<', def.version)
    .pluck('id');
  if (older.length > 0) {
    await trx('start_events').whereIn('definition_id', older).delete();
    await trx('jobs').where({ kind: 'timer-start' }).whereIn('definition_id', older).delete();
  }
  const starts = Object.values(def.process.elements).filter(
    (el) => el.kind === 'startEvent' && el.scope === def.key && el.event && el.event.kind !== 'none',
  );
  for (const el of starts) {
    const event = el.event!;
    await trx('start_events').insert({
      definition_id: def.id,
      process_key: def.key,
      element_id: el.id,
      kind: event.kind,
      name: event.ref ?? null,
    });
    if (event.kind !== 'timer') continue;
    const value = event.timer!.value;
    if (!('literal' in value)) {
      throw new BatonError(
        'BPMN_INVALID',
        `Timer start event '${el.id}' needs a literal timer value (there is no instance to evaluate an expression in)`,
      );
    }
    const schedule = parseTimer(event.timer!.type, String(value.literal));
    const due = firstDue(schedule, now);
    if (due === null) continue;
    await trx('jobs').insert({
      id: `timer-start:${def.id}:${el.id}`,
      kind: 'timer-start',
      type: 'timer-start',
      element_id: el.id,
      definition_id: def.id,
      due_at: due,
      retries: 3,
      payload: JSON.stringify({ schedule, fired: 0 }),
      created_at: now,
    });
  }
}
