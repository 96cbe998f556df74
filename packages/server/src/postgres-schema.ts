import type { SpanData } from '@livespan/tracing/wire';
import type pg from 'pg';
import { spanSearchText } from './span-search-text.js';

/** Advisory lock key (any constant) that serializes migrations of concurrently starting instances. */
const MIGRATION_LOCK = 7_106_115_112_001;

/** Spans read at a time while filling the search index of an existing database. */
const BACKFILL_BATCH = 1_000;

/**
 * Schema migrations, applied in order in one transaction each; the table
 * `livespan_schema` records how many ran. Append new steps; never edit a
 * released one. A step is SQL, or a function for one that needs code. Columns mirror the SQLite store (flags as integers) so both
 * share the row transforms in trace-rows.ts; ids compare bytewise (`C`).
 */
const MIGRATIONS: ReadonlyArray<string | ((client: pg.ClientBase) => Promise<void>)> = [
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
  // Live events written in the ingest's transaction, relayed to live_events in order (postgres-live-events.ts).
  `CREATE TABLE live_outbox (
     id BIGSERIAL PRIMARY KEY,
     events TEXT NOT NULL
   );`,
  // The `q` search index: each span's lower-cased search text (span-search-text.ts) under a trigram
  // GIN index (pg_trgm, shipped with PostgreSQL and trusted: a database owner may create it), so
  // LIKE '%text%' reads the index rather than every span.
  async (client) => {
    await client.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE TABLE span_search (
        trace_id TEXT COLLATE "C" NOT NULL,
        span_id TEXT COLLATE "C" NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (trace_id, span_id)
      );
      CREATE INDEX span_search_text ON span_search USING gin (text gin_trgm_ops);`);
    for (let after = ['', '']; ; ) {
      const { rows } = await client.query<{ trace_id: string; span_id: string; data: string }>(
        `SELECT trace_id, span_id, data FROM spans WHERE (trace_id, span_id) > ($1, $2)
         ORDER BY trace_id, span_id LIMIT ${BACKFILL_BATCH}`,
        after,
      );
      if (rows.length === 0) return;
      await client.query(
        'INSERT INTO span_search (trace_id, span_id, text) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])',
        [
          rows.map((row) => row.trace_id),
          rows.map((row) => row.span_id),
          rows.map((row) => spanSearchText(JSON.parse(row.data) as SpanData)),
        ],
      );
      const last = rows.at(-1)!;
      after = [last.trace_id, last.span_id];
    }
  },
  // OpenTelemetry resources, stored once per distinct content (resource.ts), and the trace labels they give.
  `CREATE TABLE resources (resource_id TEXT COLLATE "C" PRIMARY KEY, attributes TEXT NOT NULL);
   ALTER TABLE traces ADD COLUMN service_name TEXT;
   ALTER TABLE traces ADD COLUMN route TEXT;`,
  `ALTER TABLE traces ADD COLUMN usage TEXT;
   ALTER TABLE traces ADD COLUMN root_path TEXT;
   CREATE TABLE span_durations (
     path TEXT PRIMARY KEY,
     durations DOUBLE PRECISION[] NOT NULL,
     updated DOUBLE PRECISION NOT NULL
   );
   CREATE INDEX span_durations_by_updated ON span_durations (updated);`,
  // The top of a big trace's tree, read child list by child list (trace-spans-route.ts).
  'CREATE INDEX spans_by_parent ON spans (trace_id, parent_span_id, start_time, span_id)',
  // Live event rows are hundreds of kB for a big ingest, written to the outbox, moved and read back: lz4
  // compresses them several times faster than the default pglz. Kept as is where the server was built
  // without lz4 (or is older than PostgreSQL 14).
  async (client) => {
    await client.query('SAVEPOINT lz4');
    await client
      .query(
        `ALTER TABLE live_outbox ALTER COLUMN events SET COMPRESSION lz4;
       ALTER TABLE live_events ALTER COLUMN events SET COMPRESSION lz4`,
      )
      .then(
        () => client.query('RELEASE SAVEPOINT lz4'),
        () => client.query('ROLLBACK TO SAVEPOINT lz4'),
      );
  },
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
      const step = MIGRATIONS[version]!;
      if (typeof step === 'string') await client.query(step);
      else await step(client);
      await client.query('UPDATE livespan_schema SET version = $1', [version + 1]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
