import crypto from 'node:crypto';
import type { Schema } from 'mongoose';
import pg from 'pg';

/*
 * FerretDB pushes a top-level equality down to PostgreSQL as `_jsonb->'field' @> value`,
 * which its own btree indexes cannot serve. A GIN expression index on `_jsonb->'field'`
 * can, and these are created for `_id` and every top-level field of the models'
 * declared indexes, when the database is opened and before it serves queries.
 * jsonb_path_ops: smaller and faster than the default operator class, and `@>` is
 * the only operator FerretDB uses on a single field.
 */

export interface IndexedModel {
  schema: Schema;
  collection: { collectionName: string };
}

/** `_id` and the top-level fields of the model's declared indexes. */
export function equalityFields(model: IndexedModel): string[] {
  const fields = new Set(['_id']);
  for (const [keys] of model.schema.indexes()) {
    for (const field of Object.keys(keys)) if (!field.includes('.')) fields.add(field);
  }
  return [...fields];
}

/** Deterministic, so `IF NOT EXISTS` finds it on the next start; within PostgreSQL's 63 bytes. */
function ginIndexName(table: string, field: string): string {
  const hash = crypto.createHash('sha256').update(`${table}\0${field}`).digest('hex').slice(0, 8);
  return `${`${table}_${field}`.slice(0, 50)}_gin_${hash}`;
}

/**
 * FerretDB keeps each MongoDB database as a PostgreSQL schema of that name, with a
 * `_ferretdb_database_metadata` table whose documents map a collection (`_id`) to its table.
 */
export async function collectionTables(client: pg.ClientBase, dbName: string): Promise<Map<string, string>> {
  const { rows } = await client.query<{ collection: string; table: string }>(
    `SELECT _jsonb->>'_id' AS collection, _jsonb->>'table' AS table
       FROM ${client.escapeIdentifier(dbName)}._ferretdb_database_metadata`,
  );
  return new Map(rows.map((r) => [r.collection, r.table]));
}

/**
 * Creates the GIN indexes of every model's collection in FerretDB database `dbName`.
 * The collections must exist. Idempotent.
 */
export async function createEqualityIndexes(
  postgresUrl: string,
  dbName: string,
  models: IndexedModel[],
): Promise<void> {
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    // One transaction: one commit to flush rather than one per index.
    await client.query('BEGIN');
    const tables = await collectionTables(client, dbName);
    for (const model of models) {
      const name = model.collection.collectionName;
      const table = tables.get(name);
      if (!table) throw new Error(`FerretDB has no table for collection ${name} in ${dbName}`);
      for (const field of equalityFields(model)) {
        await client.query(
          `CREATE INDEX IF NOT EXISTS ${client.escapeIdentifier(ginIndexName(table, field))}
             ON ${client.escapeIdentifier(dbName)}.${client.escapeIdentifier(table)}
             USING gin ((_jsonb -> ${client.escapeLiteral(field)}) jsonb_path_ops)`,
        );
      }
    }
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}
