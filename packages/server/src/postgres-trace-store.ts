import type { SpanData } from '@livespan/tracing';
import pg from 'pg';
import { mergeSpan } from './merge-span.js';
import { fromPostgresError, isRetryable, postgresUnavailable } from './postgres-errors.js';
import { listPostgresTraces } from './postgres-list-query.js';
import { migratePostgres } from './postgres-schema.js';
import type { Sender } from './sender.js';
import { recordToRow, rowToRecord, type TraceRow } from './sqlite-rows.js';
import { MISSED_HEARTBEATS, silenceReason } from './staleness.js';
import type { IngestResult, StaleTrace, TraceChange, TraceRecord, TraceStore } from './trace-store.js';
import { applySender, applySpanToRecord, emptyTraceRecord } from './trace-summary.js';

export interface PostgresTraceStoreOptions {
  /** `postgres://user:pass@host:5432/db`. */
  connectionString: string;
  /** Traces kept; the oldest whole traces are deleted beyond this. Default 1000. */
  retention?: number;
  /** Traces not updated for longer than this (ms) are deleted. Default: kept until `retention` removes them. */
  maxAgeMs?: number;
  /** Connections in the pool. Default 10. */
  poolSize?: number;
  /** How long to wait for a connection before the store reports itself unavailable, in ms. Default 5 000. */
  connectTimeoutMs?: number;
}

/** A PostgreSQL trace store; `ready` settles once it connected and migrated. */
export interface PostgresTraceStore extends TraceStore {
  /** Rejects with the reason when the database cannot be reached or migrated at start. */
  readonly ready: Promise<void>;
}

/** Transactions retried after a conflict with another instance (deadlock, concurrent first span of a trace). */
const MAX_ATTEMPTS = 5;

/** Traces deleted by age in one ingest at most, so one ingest never carries a big cleanup. */
const AGE_DELETE_BATCH = 100;

type SpanRow = {
  trace_id: string;
  span_id: string;
  data: string;
  end_time: number;
  status_code: number | null;
};

const TRACE_COLUMNS = [
  'trace_id',
  'display_name',
  'start_time',
  'end_time',
  'span_count',
  'running_count',
  'error_count',
  'last_seen',
  'has_root',
  'realtime',
  'root_span_id',
  'root_status',
  'source',
  'app_id',
  'sender_realtime',
  'heartbeat_ms',
] as const;
const INSERT_TRACE = `INSERT INTO traces (${TRACE_COLUMNS.join(', ')})
  VALUES (${TRACE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`;
const UPDATE_TRACE = `UPDATE traces SET ${TRACE_COLUMNS.slice(1)
  .map((column, i) => `${column} = $${i + 2}`)
  .join(', ')}, stale_reported = 0, stale_reason = NULL WHERE trace_id = $1`;

/**
 * A trace store on PostgreSQL with the SQLite store's semantics: one
 * transaction per ingest (acknowledged = committed), summaries maintained
 * incrementally by key lookups so an event's cost does not grow with its
 * trace, retention by count and age. Several server instances may share one
 * database: trace rows are locked in id order during an ingest, and a stale
 * trace is claimed by one sweeper only (`FOR UPDATE SKIP LOCKED`).
 * Connection failures reject with StoreUnavailableError; the pool reconnects
 * by itself once the database is back.
 */
export function createPostgresTraceStore(options: PostgresTraceStoreOptions): PostgresTraceStore {
  const retention = options.retention ?? 1000;
  if (!Number.isInteger(retention) || retention < 1) {
    throw new RangeError(`retention must be a positive integer, got ${retention}`);
  }
  const slack = Math.max(1, Math.ceil(retention / 20));
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    application_name: 'livespan',
  });
  // An idle connection the database dropped (restart, failover) is discarded; the next query reconnects.
  pool.on('error', () => undefined);
  // A connection lost while checked out is reported by the query it fails and then discarded;
  // without a listener its 'error' event would end the process.
  pool.on('connect', (client) => client.on('error', () => undefined));
  let closed = false;
  const ready = (async () => {
    const client = await pool.connect();
    try {
      await migratePostgres(client);
    } finally {
      client.release();
    }
  })();
  // Callers that never await `ready` still see the failure on their first call, not as an unhandled rejection.
  ready.catch(() => undefined);

  /** Runs `work` in one transaction, again after a conflict; failures in the contract's terms. */
  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (closed) throw postgresUnavailable('trace store is closed');
    await ready.catch((error) => {
      throw postgresUnavailable(`not connected: ${(error as Error).message}`, error);
    });
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient | undefined;
      try {
        client = await pool.connect();
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (error) {
        if (client) {
          // A broken connection is destroyed rather than returned to the pool.
          const rolledBack = await client.query('ROLLBACK').then(
            () => true,
            () => false,
          );
          client.release(rolledBack ? undefined : (error as Error));
        }
        if (attempt < MAX_ATTEMPTS && isRetryable(error)) continue;
        throw fromPostgresError(error);
      }
    }
  }

  async function query<R extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<R[]> {
    if (closed) throw postgresUnavailable('trace store is closed');
    try {
      await ready;
      return (await pool.query<R>(sql, params)).rows;
    } catch (error) {
      throw fromPostgresError(error);
    }
  }

  const runningSpans = async (client: pg.PoolClient, traceId: string) =>
    (
      await client.query<{ data: string }>(
        'SELECT data FROM spans WHERE trace_id = $1 AND end_time <= 0 ORDER BY start_time, span_id',
        [traceId],
      )
    ).rows.map((row) => JSON.parse(row.data) as SpanData);

  async function ingestIn(
    client: pg.PoolClient,
    spans: readonly SpanData[],
    now: number,
    sender: Sender,
  ): Promise<IngestResult> {
    const traceIds = [...new Set(spans.map((span) => span.traceId))].sort();
    // Locked in id order, so two instances ingesting the same traces cannot deadlock.
    const { rows: traceRows } = await client.query<TraceRow>(
      'SELECT * FROM traces WHERE trace_id = ANY($1::text[]) ORDER BY trace_id FOR UPDATE',
      [traceIds],
    );
    const existing = new Map(traceRows.map((row) => [row.trace_id, row]));
    const keys = [...new Set(spans.map((span) => `${span.traceId}/${span.spanId}`))];
    const { rows: spanRows } = await client.query<SpanRow>(
      `SELECT s.trace_id, s.span_id, s.data, s.end_time, (s.data::json #>> '{status,code}')::int AS status_code
       FROM spans s JOIN unnest($1::text[], $2::text[]) AS k (trace_id, span_id)
       ON s.trace_id = k.trace_id AND s.span_id = k.span_id`,
      [keys.map((key) => key.split('/')[0]), keys.map((key) => key.split('/')[1])],
    );
    const stored = new Map(spanRows.map((row) => [`${row.trace_id}/${row.span_id}`, row]));
    const written = new Map<string, { span: SpanData; json: string }>();
    const touched = new Map<string, TraceChange & { rootWasEnded: boolean; staleReported: boolean }>();
    for (const span of spans) {
      let entry = touched.get(span.traceId);
      if (!entry) {
        const row = existing.get(span.traceId);
        const trace = row ? rowToRecord(row) : emptyTraceRecord(span.traceId, now);
        entry = {
          trace,
          created: !row,
          rootEnded: false,
          revived: false,
          spans: [],
          revivedSpans: [],
          rootWasEnded: trace.hasRoot && trace.endTime > 0,
          staleReported: row?.stale_reported === 1,
        };
        touched.set(span.traceId, entry);
      }
      const key = `${span.traceId}/${span.spanId}`;
      const row = stored.get(key);
      const change = mergeSpan(
        row && { json: row.data, endTime: row.end_time, parse: () => JSON.parse(row.data) as SpanData },
        span,
      );
      if (!(span.endTime > 0)) entry.trace.realtime = true;
      if (!change) continue;
      const after = change.span;
      written.set(key, { span: after, json: change.json });
      // Later snapshots of the same span in this batch merge with this one, as the SQLite store reads its own writes.
      stored.set(key, {
        trace_id: after.traceId,
        span_id: after.spanId,
        data: change.json,
        end_time: after.endTime,
        status_code: after.status?.code ?? null,
      });
      applySpanToRecord(
        entry.trace,
        row && { endTime: row.end_time, status: { code: row.status_code ?? 0 } },
        after,
      );
      if (!after.parentSpanId) entry.trace.rootSpanId = after.spanId;
      entry.spans.push({ kind: change.kind, span: after });
    }
    if (written.size > 0) {
      const rows = [...written.values()];
      await client.query(
        `INSERT INTO spans (trace_id, span_id, parent_span_id, start_time, end_time, data)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::text[])
         ON CONFLICT (trace_id, span_id) DO UPDATE SET parent_span_id = excluded.parent_span_id,
         start_time = excluded.start_time, end_time = excluded.end_time, data = excluded.data`,
        [
          rows.map((r) => r.span.traceId),
          rows.map((r) => r.span.spanId),
          rows.map((r) => r.span.parentSpanId ?? null),
          rows.map((r) => r.span.startTime),
          rows.map((r) => r.span.endTime),
          rows.map((r) => r.json),
        ],
      );
    }
    const result: IngestResult = { traces: [], deleted: [] };
    let created = false;
    for (const entry of touched.values()) {
      entry.trace.lastSeen = now;
      applySender(entry.trace, sender);
      const row = recordToRow(entry.trace);
      // A concurrent first insert of the same trace by another instance fails here (23505) and the
      // transaction runs again, this time seeing that trace's row.
      await client.query(
        entry.created ? INSERT_TRACE : UPDATE_TRACE,
        TRACE_COLUMNS.map((column) => row[column]),
      );
      created ||= entry.created;
      entry.rootEnded = !entry.rootWasEnded && entry.trace.hasRoot && entry.trace.endTime > 0;
      entry.revived = entry.staleReported;
      if (entry.revived) {
        const sent = new Set(entry.spans.map((change) => change.span.spanId));
        entry.revivedSpans = (await runningSpans(client, entry.trace.traceId)).filter(
          (span) => !sent.has(span.spanId),
        );
      }
      const { rootWasEnded: _r, staleReported: _s, ...change } = entry;
      result.traces.push(change);
    }
    if (created) result.deleted = await applyRetention(client, now);
    if (result.deleted.length > 0) {
      const deleted = new Set(result.deleted);
      result.traces = result.traces.filter((change) => !deleted.has(change.trace.traceId));
    }
    return result;
  }

  /** Deletes whole traces beyond the count (once past the slack) and older than the age limit. */
  async function applyRetention(client: pg.PoolClient, now: number): Promise<string[]> {
    const victims: string[] = [];
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM traces');
    const count = rows[0]!.n;
    if (count > retention + slack) {
      // Rows another instance holds are skipped: they are being written now, so not the ones to drop.
      const oldest = await client.query<{ trace_id: string }>(
        'SELECT trace_id FROM traces ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED',
        [count - retention],
      );
      victims.push(...oldest.rows.map((row) => row.trace_id));
    }
    if (options.maxAgeMs !== undefined) {
      const old = await client.query<{ trace_id: string }>(
        `SELECT trace_id FROM traces WHERE last_seen < $1::float8 AND NOT (trace_id = ANY($2::text[]))
         ORDER BY last_seen LIMIT ${AGE_DELETE_BATCH} FOR UPDATE SKIP LOCKED`,
        [now - options.maxAgeMs, victims],
      );
      victims.push(...old.rows.map((row) => row.trace_id));
    }
    if (victims.length === 0) return [];
    await client.query('DELETE FROM spans WHERE trace_id = ANY($1::text[])', [victims]);
    await client.query('DELETE FROM traces WHERE trace_id = ANY($1::text[])', [victims]);
    return victims;
  }

  async function markStale(
    client: pg.PoolClient,
    rows: TraceRow[],
    reasonOf: (record: TraceRecord) => string,
  ): Promise<StaleTrace[]> {
    const marked: StaleTrace[] = [];
    for (const record of rows.map(rowToRecord)) {
      const staleReason = reasonOf(record);
      if (record.staleReason === staleReason) continue;
      await client.query('UPDATE traces SET stale_reported = 1, stale_reason = $1 WHERE trace_id = $2', [
        staleReason,
        record.traceId,
      ]);
      marked.push({ trace: { ...record, staleReason }, running: await runningSpans(client, record.traceId) });
    }
    return marked;
  }

  return {
    ready,
    ingest(spans, now, sender) {
      return transaction((client) => ingestIn(client, spans, now, sender));
    },
    async getTrace(traceId) {
      const [row] = await query<TraceRow>('SELECT * FROM traces WHERE trace_id = $1', [traceId]);
      return row && rowToRecord(row);
    },
    async getSpans(traceId) {
      const rows = await query<{ data: string }>(
        'SELECT data FROM spans WHERE trace_id = $1 ORDER BY start_time, span_id',
        [traceId],
      );
      return rows.map((row) => JSON.parse(row.data) as SpanData);
    },
    async listTraces(listQuery) {
      if (closed) throw postgresUnavailable('trace store is closed');
      try {
        await ready;
        return await listPostgresTraces(pool, listQuery);
      } catch (error) {
        throw fromPostgresError(error);
      }
    },
    takeNewlyStale(now, silentAfterMs) {
      return transaction(async (client) => {
        // Mirrors silenceLimitMs() in staleness.ts. Rows another instance's sweep holds are skipped:
        // that sweep reports them, and once it commits they are no longer unreported.
        const { rows } = await client.query<TraceRow>(
          `SELECT * FROM traces WHERE running_count > 0 AND stale_reported = 0
           AND last_seen < $1::float8 - COALESCE(heartbeat_ms * ${MISSED_HEARTBEATS}, $2::float8)
           ORDER BY seq FOR UPDATE SKIP LOCKED`,
          [now, silentAfterMs],
        );
        return markStale(client, rows, (record) => silenceReason(record, silentAfterMs));
      });
    },
    stopApp(appId, reason) {
      return transaction(async (client) => {
        const { rows } = await client.query<TraceRow>(
          'SELECT * FROM traces WHERE app_id = $1 AND running_count > 0 ORDER BY seq FOR UPDATE',
          [appId],
        );
        return markStale(client, rows, () => reason);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
