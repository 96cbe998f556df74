import type pg from 'pg';

/** Advisory lock key (any constant) that serializes migrations of concurrently starting instances. */
const MIGRATION_LOCK = 7_106_115_112_001;

/**
 * Schema migrations, applied in order in one transaction each; the table
 * `livespan_schema` records how many ran. Append new steps; never edit a
 * released one. Columns mirror the SQLite store (flags as integers) so both
 * share the row transforms in trace-rows.ts; ids compare bytewise (`C`).
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE traces (
     seq BIGSERIAL NOT NULL,
     trace_id TEXT COLLATE "C" PRIMARY KEY,
     display_name TEXT NOT NULL,
     start_time DOUBLE PRECISION NOT NULL,
     end_time DOUBLE PRECISION NOT NULL,
     span_count INTEGER NOT NULL,
     running_count INTEGER NOT NULL,
     error_count INTEGER NOT NULL,
     last_seen DOUBLE PRECISION NOT NULL,
     has_root INTEGER NOT NULL,
     realtime INTEGER NOT NULL,
     root_span_id TEXT COLLATE "C",
     root_status INTEGER,
     stale_reported INTEGER NOT NULL DEFAULT 0,
     source TEXT NOT NULL,
     app_id TEXT,
     sender_realtime INTEGER,
     heartbeat_ms INTEGER,
     stale_reason TEXT
   );
   CREATE INDEX traces_by_start ON traces (start_time DESC, trace_id DESC);
   CREATE INDEX traces_by_seq ON traces (seq);
   CREATE INDEX traces_by_last_seen ON traces (last_seen);
   CREATE INDEX traces_running ON traces (last_seen) WHERE running_count > 0;
   CREATE INDEX traces_running_by_app ON traces (app_id) WHERE running_count > 0;
   CREATE TABLE spans (
     trace_id TEXT COLLATE "C" NOT NULL,
     span_id TEXT COLLATE "C" NOT NULL,
     parent_span_id TEXT,
     start_time DOUBLE PRECISION NOT NULL,
     end_time DOUBLE PRECISION NOT NULL,
     data TEXT NOT NULL,
     PRIMARY KEY (trace_id, span_id)
   );
   CREATE TABLE live_events (
     id BIGSERIAL PRIMARY KEY,
     events TEXT NOT NULL
   );`,
  // The top of a big trace's tree, read child list by child list (trace-spans-route.ts).
  'CREATE INDEX spans_by_parent ON spans (trace_id, parent_span_id, start_time, span_id)',
];

/** The schema version this code writes. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database up to `POSTGRES_SCHEMA_VERSION` under an advisory lock,
 * so instances starting together migrate once; refuses a newer schema.
 */
export async function migratePostgres(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS livespan_schema (version INTEGER NOT NULL)');
    const { rows } = await client.query<{ version: number }>('SELECT version FROM livespan_schema');
    if (rows.length === 0) await client.query('INSERT INTO livespan_schema (version) VALUES (0)');
    const current = rows[0]?.version ?? 0;
    if (current > POSTGRES_SCHEMA_VERSION) {
      throw new Error(
        `database schema version ${current} is newer than this livespan understands (${POSTGRES_SCHEMA_VERSION}); upgrade livespan or use another --db`,
      );
    }
    for (let version = current; version < POSTGRES_SCHEMA_VERSION; version++) {
      await client.query(MIGRATIONS[version]!);
      await client.query('UPDATE livespan_schema SET version = $1', [version + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
