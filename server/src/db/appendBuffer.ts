/**
 * Rows for append-only tables (events, history), held back so a whole group-commit batch inserts
 * them with one multi-row statement per table instead of one per command.
 */
import type { Knex } from 'knex';
import { insertTables, type Row } from './writes.ts';

export class AppendBuffer {
  private readonly tables = new Map<string, Row[]>();

  add(table: string, rows: readonly Row[]): void {
    if (rows.length === 0) return;
    const held = this.tables.get(table);
    if (held) held.push(...rows);
    else this.tables.set(table, [...rows]);
  }

  /** The held row of `table` whose `id` column is `id`. */
  find(table: string, id: unknown): Row | undefined {
    return this.tables.get(table)?.find((row) => row.id === id);
  }

  /** Moves every row of `other` to the end of this buffer. */
  take(other: AppendBuffer): void {
    for (const [table, rows] of other.tables) this.add(table, rows);
    other.tables.clear();
  }

  /** Inserts the held rows and empties the buffer. */
  async flush(trx: Knex.Transaction): Promise<void> {
    const tables = new Map(this.tables);
    this.tables.clear();
    await insertTables(trx, tables);
  }
}
