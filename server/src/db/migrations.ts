/**
 * Schema migrations, in code so they run from TypeScript sources and in tests. The instance state
 * is one JSON document per instance (the fold of its events, with a version for optimistic
 * concurrency); the other tables are projections of events for queries, plus the job table.
 */
import type { Knex } from 'knex';

interface Migration {
  name: string;
  up(knex: Knex): Promise<void>;
}

const initial: Migration = {
  name: '001_initial',
  async up(knex) {
    await knex.schema.createTable('deployments', (t) => {
      t.string('id').primary();
      t.string('name');
      t.string('source');
      t.bigInteger('deployed_at').notNullable();
    });
    await knex.schema.createTable('definitions', (t) => {
      t.string('id').primary();
      t.string('key').notNullable();
      t.integer('version').notNullable();
      t.string('name');
      t.string('version_tag');
      t.string('deployment_id').notNullable().index();
      t.string('resource_name');
      t.text('xml').notNullable();
      t.string('fingerprint').notNullable();
      t.unique(['key', 'version']);
    });
    await knex.schema.createTable('instances', (t) => {
      t.string('id').primary();
      t.string('definition_id').notNullable().index();
      t.string('process_key').notNullable().index();
      t.string('business_key').index();
      t.string('super_instance_id').index();
      t.string('status').notNullable().index();
      t.boolean('suspended').notNullable().defaultTo(false);
      t.text('state').notNullable();
      t.integer('version').notNullable();
      t.bigInteger('started_at').notNullable();
      t.bigInteger('ended_at');
      t.integer('incidents').notNullable().defaultTo(0);
    });
    await knex.schema.createTable('events', (t) => {
      t.bigIncrements('position');
      t.string('instance_id').notNullable();
      t.integer('seq').notNullable();
      t.string('type').notNullable();
      t.bigInteger('time').notNullable();
      t.text('payload').notNullable();
      t.unique(['instance_id', 'seq']);
    });
    await knex.schema.createTable('jobs', (t) => {
      t.string('id').primary();
      /** external | handler | timer | outbox */
      t.string('kind').notNullable().index();
      t.string('type').notNullable().index();
      t.string('instance_id').index();
      t.string('element_key');
      t.string('element_id');
      t.string('definition_id');
      t.bigInteger('due_at').notNullable().index();
      t.integer('retries').notNullable().defaultTo(3);
      t.string('worker_id');
      t.bigInteger('lock_expires_at');
      t.text('error_message');
      t.text('error_details');
      t.boolean('failed').notNullable().defaultTo(false);
      t.integer('priority').notNullable().defaultTo(0);
      t.text('payload');
      t.bigInteger('created_at').notNullable();
    });
    await knex.schema.createTable('tasks', (t) => {
      t.string('id').primary();
      t.string('instance_id').notNullable().index();
      t.string('definition_id').notNullable();
      t.string('element_id').notNullable().index();
      t.string('name');
      t.string('assignee').index();
      t.text('candidate_users');
      t.text('candidate_groups');
      t.string('due_date');
      t.string('follow_up_date');
      t.integer('priority').notNullable();
      t.string('form_key');
      t.string('business_key');
      t.bigInteger('created_at').notNullable();
    });
    await knex.schema.createTable('subscriptions', (t) => {
      t.string('instance_id').notNullable();
      t.string('subscription_id').notNullable();
      t.string('kind').notNullable();
      t.string('name').index();
      t.string('correlation_key');
      t.string('element_id').notNullable();
      t.primary(['instance_id', 'subscription_id']);
    });
    await knex.schema.createTable('start_events', (t) => {
      t.string('definition_id').notNullable();
      t.string('process_key').notNullable();
      t.string('element_id').notNullable();
      t.string('kind').notNullable();
      t.string('name').index();
      t.primary(['definition_id', 'element_id']);
    });
    await knex.schema.createTable('message_buffer', (t) => {
      t.string('id').primary();
      t.string('name').notNullable().index();
      t.string('correlation_key');
      t.text('variables').notNullable();
      t.bigInteger('expires_at').notNullable();
    });
    await knex.schema.createTable('incidents', (t) => {
      t.string('id').primary();
      t.string('instance_id').notNullable().index();
      t.string('definition_id').notNullable();
      t.string('element_key').notNullable();
      t.string('element_id').notNullable();
      t.string('type').notNullable();
      t.text('message').notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('resolved_at');
      t.boolean('open').notNullable().defaultTo(true).index();
    });
    await knex.schema.createTable('hist_activities', (t) => {
      t.string('id').primary();
      t.string('instance_id').notNullable().index();
      t.string('definition_id').notNullable();
      t.string('element_id').notNullable();
      t.string('element_type').notNullable();
      t.string('parent_key');
      t.bigInteger('started_at').notNullable();
      t.bigInteger('ended_at');
      t.boolean('canceled').notNullable().defaultTo(false);
    });
    await knex.schema.createTable('hist_variables', (t) => {
      t.bigIncrements('position');
      t.string('instance_id').notNullable().index();
      t.string('scope').notNullable();
      t.string('name').notNullable();
      t.string('type');
      t.text('value');
      t.bigInteger('time').notNullable();
      t.boolean('deleted').notNullable().defaultTo(false);
    });
    await knex.schema.createTable('hist_tasks', (t) => {
      t.string('id').primary();
      t.string('instance_id').notNullable().index();
      t.string('definition_id').notNullable();
      t.string('element_id').notNullable();
      t.string('name');
      t.string('assignee');
      t.bigInteger('created_at').notNullable();
      t.bigInteger('ended_at');
      t.string('delete_reason');
    });
  },
};

/** Diagrams saved in the modeler but not deployed (`/baton/draft`). */
const drafts: Migration = {
  name: '002_drafts',
  async up(knex) {
    await knex.schema.createTable('drafts', (t) => {
      t.string('id').primary();
      t.string('name').notNullable();
      /** camunda7 | camunda8: which properties panel the modeler shows. */
      t.string('flavor').notNullable();
      t.text('xml').notNullable();
      t.bigInteger('created_at').notNullable();
      t.bigInteger('updated_at').notNullable().index();
    });
  },
};

/**
 * PostgreSQL: every varchar(255) column becomes text. Names, business keys, assignees, variable
 * names and element ids come from requests and diagrams, and a longer one must not fail a command
 * (sqlite never limited them). Binary-coercible: no table rewrite. New columns: `t.text`.
 */
const unboundedText: Migration = {
  name: '003_unbounded_text',
  async up(knex) {
    if (knex.client.dialect !== 'postgresql') return;
    const result = (await knex.raw(
      `select table_name, column_name from information_schema.columns
       where table_schema = current_schema() and data_type = 'character varying'
         and table_name not like 'knex\\_%'`,
    )) as { rows: { table_name: string; column_name: string }[] };
    const byTable = new Map<string, string[]>();
    for (const { table_name, column_name } of result.rows)
      byTable.set(table_name, [...(byTable.get(table_name) ?? []), column_name]);
    for (const [table, columns] of byTable)
      await knex.raw(`alter table ?? ${columns.map(() => 'alter column ?? type text').join(', ')}`, [
        table,
        ...columns,
      ]);
  },
};

const ALL: Migration[] = [initial, drafts, unboundedText];

/** knex MigrationSource over the list above. */
export const migrations: Knex.MigrationSource<Migration> = {
  getMigrations: () => Promise.resolve(ALL),
  getMigrationName: (m) => m.name,
  getMigration: (m) => Promise.resolve({ up: (knex: Knex) => m.up(knex), down: () => Promise.resolve() }),
};
