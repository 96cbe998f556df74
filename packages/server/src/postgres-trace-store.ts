import { type Attributes, type SpanData, USUAL_DURATION_WINDOW } from '@livespan/tracing/wire';
import pg from 'pg';
import { pathsOfIngest } from './live-changes.js';
import { type LiveEvent, toHubMessage } from './live-events.js';
import { mergeSpan } from './merge-span.js';
import { fromPostgresError, isRetryable, postgresUnavailable } from './postgres-errors.js';
import { listPostgresTraces } from './postgres-list-query.js';
import { arrayLiteral, stringLiteral } from './postgres-literals.js';
import { eventJson, eventRows, outboxInsert } from './postgres-live-events.js';
import { PostgresRecentDurations } from './postgres-recent-durations.js';
import { migratePostgres } from './postgres-schema.js';
import type { Resource } from './resource.js';
import type { Sender } from './sender.js';
import { type DurationSample, MAX_DURATION_PATHS } from './span-durations.js';
import { spanSearchText } from './span-search-text.js';
import { MISSED_HEARTBEATS, silenceReason } from './staleness.js';
import {
  type OutlineRow,
  recordToRow,
  rowToRecord,
  type SpanJsonRow,
  type TraceRow,
  toSpanOutline,
} from './trace-rows.js';
import {
  type IngestResult,
  type StaleTrace,
  StoreUnavailableError,
  type TraceChange,
  type TraceRecord,
  type TraceStore,
} from './trace-store.js';
import { applySender, emptyTraceRecord, recordSpanChange, storedSpanCounts } from './trace-summary.js';

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

/** One ingest request waiting for its group's transaction. */
interface PendingIngest {
  spans: readonly SpanData[];
  now: number;
  sender: Sender;
  liveEvents: ((result: IngestResult) => Promise<LiveEvent[]>) | undefined;
  resources: readonly Resource[] | undefined;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

/** A trace as a group sees it: its latest record, and whether its row existed before the group. */
interface TraceState {
  record: TraceRecord;
  inDatabase: boolean;
  staleReported: boolean;
}

type SpanRow = {
  start_time: number;
  trace_id: string;
  span_id: string;
  parent_span_id: string | null;
  data: string;
  end_time: number;
  status_code: number | null;
  /** Its search text as stored (null: none, or not read). */
  search_text: string | null;
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
  'service_name',
  'route',
  'usage',
  'root_path',
] as const;
/** The SQL array type of each trace column, for writing many rows with `unnest`. */
const TRACE_COLUMN_TYPES: Record<(typeof TRACE_COLUMNS)[number], string> = {
  trace_id: 'text',
  display_name: 'text',
  start_time: 'float8',
  end_time: 'float8',
  span_count: 'int',
  running_count: 'int',
  error_count: 'int',
  last_seen: 'float8',
  has_root: 'int',
  realtime: 'int',
  root_span_id: 'text',
  root_status: 'int',
  source: 'text',
  app_id: 'text',
  sender_realtime: 'int',
  heartbeat_ms: 'int',
  service_name: 'text',
  route: 'text',
  usage: 'text',
  root_path: 'text',
};
/** Requests that share one transaction at most. */
const MAX_GROUP = 64;

/**
 * Transactions of ingest groups running at once per instance: one, so that under load requests wait
 * and share the next group (fewer round trips per request); the pool's other connections serve reads.
 */
const MAX_GROUPS_IN_FLIGHT = 1;

/**
 * The statement that writes a group's spans, traces and completed runs, sent with the COMMIT: the
 * spans upserted, the search text of those in `searched` (new or changed), the traces new to the database inserted, the
 * others updated with their stale mark cleared. A concurrent first insert of the same trace by another
 * instance fails (23505) and the group runs again, then seeing it. Empty when there is nothing to write.
 */
function groupWrites(
  spans: readonly SpanRow[],
  searched: readonly SpanRow[],
  traces: readonly TraceState[],
  resources: readonly Resource[],
  samples: readonly DurationSample[],
  now: number,
): string {
  const statements: string[] = [];
  if (resources.length > 0) {
    statements.push(`INSERT INTO resources (resource_id, attributes)
     SELECT * FROM unnest(${arrayLiteral(
       resources.map((r) => r.resourceId),
       'text',
     )}, ${arrayLiteral(
       resources.map((r) => JSON.stringify(r.attributes)),
       'text',
     )}) ON CONFLICT (resource_id) DO NOTHING`);
  }
  if (spans.length > 0) {
    statements.push(`INSERT INTO spans (trace_id, span_id, parent_span_id, start_time, end_time, data)
     SELECT * FROM unnest(${arrayLiteral(
       spans.map((r) => r.trace_id),
       'text',
     )}, ${arrayLiteral(
       spans.map((r) => r.span_id),
       'text',
     )}, ${arrayLiteral(
       spans.map((r) => r.parent_span_id),
       'text',
     )}, ${arrayLiteral(
       spans.map((r) => r.start_time),
       'float8',
     )}, ${arrayLiteral(
       spans.map((r) => r.end_time),
       'float8',
     )}, ${arrayLiteral(
       spans.map((r) => r.data),
       'text',
     )})
     ON CONFLICT (trace_id, span_id) DO UPDATE SET parent_span_id = excluded.parent_span_id,
     start_time = excluded.start_time, end_time = excluded.end_time, data = excluded.data`);
  }
  if (searched.length > 0) {
    statements.push(`INSERT INTO span_search (trace_id, span_id, text)
     SELECT * FROM unnest(${arrayLiteral(
       searched.map((r) => r.trace_id),
       'text',
     )}, ${arrayLiteral(
       searched.map((r) => r.span_id),
       'text',
     )}, ${arrayLiteral(
       searched.map((r) => r.search_text),
       'text',
     )})
     ON CONFLICT (trace_id, span_id) DO UPDATE SET text = excluded.text`);
  }
  const unnestTraces = (subset: readonly TraceState[]) => {
    const rows = subset.map((trace) => recordToRow(trace.record));
    const columns = TRACE_COLUMNS.map((column) =>
      arrayLiteral(
        rows.map((row) => row[column]),
        TRACE_COLUMN_TYPES[column],
      ),
    );
    return `unnest(${columns.join(', ')}) AS u (${TRACE_COLUMNS.join(', ')})`;
  };
  const created = traces.filter((trace) => !trace.inDatabase);
  if (created.length > 0) {
    statements.push(
      `INSERT INTO traces (${TRACE_COLUMNS.join(', ')}) SELECT * FROM ${unnestTraces(created)}`,
    );
  }
  const updated = traces.filter((trace) => trace.inDatabase);
  if (updated.length > 0) {
    statements.push(`UPDATE traces t SET ${TRACE_COLUMNS.slice(1)
      .map((column) => `${column} = u.${column}`)
      .join(', ')}, stale_reported = 0, stale_reason = NULL
      FROM ${unnestTraces(updated)} WHERE t.trace_id = u.trace_id`);
  }
  if (samples.length > 0) statements.push(durationsUpsert(samples, now));
  if (statements.length === 0) return '';
  // Data-modifying CTEs all run, each on the rows as they were before the statement: they touch different rows.
  return `WITH ${statements.map((sql, i) => `w${i} AS (${sql})`).join(', ')} SELECT 1; `;
}

/**
 * The statements that write the live events of a group's requests to
 * `live_outbox`, in request order, sent with the group's COMMIT (one round
 * trip): committed with the data or not at all. Every instance's live hub
 * relays the outbox into `live_events` (postgres-live-hub.ts), woken by the
 * notification sent at this commit.
 */
async function outboxStatements(group: readonly PendingIngest[], results: IngestResult[]): Promise<string> {
  const events: string[] = [];
  for (const [i, item] of group.entries()) {
    if (!item.liveEvents) continue;
    for (const live of await item.liveEvents(results[i]!)) events.push(eventJson(...toHubMessage(live)));
    results[i]!.liveEventsWritten = true;
  }
  return events.length === 0 ? '' : outboxInsert(eventRows(events));
}

/**
 * The statement adding a group's completed runs to their paths' recent durations, paths in a fixed
 * order (two instances cannot deadlock), each path's list cut to the window.
 */
function durationsUpsert(samples: readonly DurationSample[], now: number): string {
  const byPath = new Map<string, number[]>();
  for (const { path, durationMs } of samples) {
    const list = byPath.get(path);
    if (list) list.push(durationMs);
    else byPath.set(path, [durationMs]);
  }
  const paths = [...byPath.keys()].sort();
  return `INSERT INTO span_durations (path, durations, updated)
     SELECT u.path, ARRAY(SELECT x::float8 FROM json_array_elements_text(u.d::json) AS x), ${stringLiteral(String(now))}::float8
     FROM unnest(${arrayLiteral(paths, 'text')}, ${arrayLiteral(
       paths.map((path) => JSON.stringify(byPath.get(path)!.slice(-USUAL_DURATION_WINDOW))),
       'text',
     )}) AS u (path, d)
     ON CONFLICT (path) DO UPDATE SET updated = excluded.updated,
     durations = (span_durations.durations || excluded.durations)
       [greatest(1, cardinality(span_durations.durations || excluded.durations) - ${USUAL_DURATION_WINDOW} + 1):]`;
}

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
  const countEvery = Math.max(1, Math.floor(slack / 4));
  let createdSinceCount = countEvery;
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

  /**
   * Runs `work` in one transaction, again after a conflict; failures in the contract's terms. With
   * `begins`, `work` opens the transaction itself (to send BEGIN with its first statement);
   * `beforeCommit` names statements sent with the COMMIT, in its round trip.
   */
  async function transaction<T>(
    work: (client: pg.PoolClient) => Promise<T>,
    begins = false,
    beforeCommit: (result: T) => string = () => '',
  ): Promise<T> {
    if (closed) throw postgresUnavailable('trace store is closed');
    await ready.catch((error) => {
      throw postgresUnavailable(`not connected: ${(error as Error).message}`, error);
    });
    for (let attempt = 1; ; attempt++) {
      let client: pg.PoolClient | undefined;
      try {
        client = await pool.connect();
        if (!begins) await client.query('BEGIN');
        const result = await work(client);
        await client.query(`${beforeCommit(result)}COMMIT`);
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

  const durations = new PostgresRecentDurations();
  /** Reads the durations of the paths of `paths` this instance does not hold (or held too long). */
  async function readDurations(db: pg.ClientBase | pg.Pool, paths: readonly string[]): Promise<void> {
    const missing = durations.missing(paths);
    if (missing.length === 0) return;
    const { rows } = await db.query<{ path: string; durations: number[] }>(
      'SELECT path, durations FROM span_durations WHERE path = ANY($1::text[])',
      [missing],
    );
    durations.put(missing, new Map(rows.map((row) => [row.path, row.durations])));
  }

  const runningSpans = async (client: pg.PoolClient, traceId: string) =>
    (
      await client.query<{ data: string }>(
        'SELECT data FROM spans WHERE trace_id = $1 AND end_time <= 0 ORDER BY start_time, span_id',
        [traceId],
      )
    ).rows.map((row) => JSON.parse(row.data) as SpanData);

  /** The running spans of a trace as stored plus what this group changed of it (not yet written). */
  async function runningSpansWith(
    client: pg.PoolClient,
    traceId: string,
    stored: ReadonlyMap<string, SpanRow>,
  ): Promise<SpanData[]> {
    const { rows } = await client.query<SpanRow>(
      'SELECT trace_id, span_id, parent_span_id, start_time, data, end_time, NULL AS status_code, NULL AS search_text FROM spans WHERE trace_id = $1 AND end_time <= 0',
      [traceId],
    );
    const spans = new Map(rows.map((row) => [`${row.trace_id}/${row.span_id}`, row]));
    for (const [key, row] of stored) if (row.trace_id === traceId) spans.set(key, row);
    return [...spans.values()]
      .filter((row) => !(row.end_time > 0))
      .sort((a, b) => a.start_time - b.start_time || (a.span_id < b.span_id ? -1 : 1))
      .map((row) => JSON.parse(row.data) as SpanData);
  }

  /**
   * Applies several ingest requests in one transaction, in order, each with
   * its own result, in two round trips: BEGIN with the lock and read of all
   * their rows, then their writes and live events with the COMMIT (plus, now
   * and then, a read of usual durations not held and a retention pass). A
   * request costs a few array entries, not a few round trips, and a hot trace
   * is locked once per group, not once per request.
   */
  async function ingestGroup(
    client: pg.PoolClient,
    group: readonly PendingIngest[],
  ): Promise<{ results: IngestResult[]; samples: DurationSample[]; beforeCommit: string }> {
    const traceIds = [...new Set(group.flatMap((item) => item.spans.map((span) => span.traceId)))].sort();
    const keys = [
      ...new Set(group.flatMap((item) => item.spans.map((span) => `${span.traceId}/${span.spanId}`))),
    ];
    // BEGIN, the lock and the read of the stored spans in one round trip (postgres-literals.ts). Locked
    // in id order, so two instances ingesting the same traces cannot deadlock.
    const opened = (await client.query(
      `BEGIN; SELECT * FROM traces WHERE trace_id = ANY(${arrayLiteral(traceIds, 'text')})
       ORDER BY trace_id FOR UPDATE;
       SELECT s.trace_id, s.span_id, s.parent_span_id, s.start_time, s.data, s.end_time,
       (s.data::json #>> '{status,code}')::int AS status_code, ss.text AS search_text
       FROM spans s LEFT JOIN span_search ss ON ss.trace_id = s.trace_id AND ss.span_id = s.span_id
       JOIN unnest(${arrayLiteral(
         keys.map((key) => key.split('/')[0]!),
         'text',
       )}, ${arrayLiteral(
         keys.map((key) => key.split('/')[1]!),
         'text',
       )}) AS k (trace_id, span_id)
       ON s.trace_id = k.trace_id AND s.span_id = k.span_id`,
    )) as unknown as [pg.QueryResult, pg.QueryResult<TraceRow>, pg.QueryResult<SpanRow>];
    const traceRows = opened[1].rows;
    const spanRows = opened[2].rows;
    const state = new Map<string, TraceState>(
      traceRows.map((row) => [
        row.trace_id,
        { record: rowToRecord(row), inDatabase: true, staleReported: row.stale_reported === 1 },
      ]),
    );
    const stored = new Map(spanRows.map((row) => [`${row.trace_id}/${row.span_id}`, row]));
    /** The keys of the spans this group wrote, and of those whose search text (span-search-text.ts) it wrote. */
    const written = new Set<string>();
    const searched = new Set<string>();
    const samples: DurationSample[] = [];
    const results: IngestResult[] = [];
    const resources = new Map<string, Resource>();
    for (const item of group) {
      for (const resource of item.resources ?? []) resources.set(resource.resourceId, resource);
      const attributesById =
        item.resources && new Map(item.resources.map((r) => [r.resourceId, r.attributes]));
      const touched = new Map<string, TraceChange & { rootWasEnded: boolean; staleReported: boolean }>();
      for (const span of item.spans) {
        let entry = touched.get(span.traceId);
        if (!entry) {
          const known = state.get(span.traceId);
          // A copy: the result keeps this request's view while later requests of the group move on.
          const trace = known ? { ...known.record } : emptyTraceRecord(span.traceId, item.now);
          entry = {
            trace,
            created: !known,
            rootEnded: false,
            revived: false,
            spans: [],
            revivedSpans: [],
            rootWasEnded: trace.hasRoot && trace.endTime > 0,
            staleReported: known?.staleReported ?? false,
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
        const searchText = spanSearchText(after);
        written.add(key);
        // A new version mostly keeps its text (a start, then its end): its index entries stay.
        if (searchText !== row?.search_text) searched.add(key);
        // Later snapshots of the span merge with this one, as the SQLite store reads its own writes.
        stored.set(key, {
          trace_id: after.traceId,
          span_id: after.spanId,
          parent_span_id: after.parentSpanId ?? null,
          start_time: after.startTime,
          data: change.json,
          end_time: after.endTime,
          status_code: after.status?.code ?? null,
          search_text: searchText,
        });
        const before = row && storedSpanCounts(row.data, row.end_time, row.status_code);
        const sample = recordSpanChange(entry, before, { kind: change.kind, span: after }, attributesById);
        if (sample) samples.push(sample);
      }
      const result: IngestResult = { traces: [], deleted: [] };
      for (const entry of touched.values()) {
        entry.trace.lastSeen = item.now;
        applySender(entry.trace, item.sender);
        entry.rootEnded = !entry.rootWasEnded && entry.trace.hasRoot && entry.trace.endTime > 0;
        entry.revived = entry.staleReported;
        if (entry.revived) {
          const sent = new Set(entry.spans.map((change) => change.span.spanId));
          entry.revivedSpans = (await runningSpansWith(client, entry.trace.traceId, stored)).filter(
            (span) => !sent.has(span.spanId),
          );
        }
        state.set(entry.trace.traceId, {
          record: { ...entry.trace },
          inDatabase: state.get(entry.trace.traceId)?.inDatabase ?? false,
          staleReported: false,
        });
        const { rootWasEnded: _r, staleReported: _s, ...change } = entry;
        result.traces.push(change);
      }
      results.push(result);
    }
    // Read before this group's runs are written: they are added to the held paths once committed.
    if (group.some((item) => item.liveEvents)) await readDurations(client, results.flatMap(pathsOfIngest));
    // Every trace of the group was touched by at least one of its spans.
    const traces = [...state.values()];
    const now = group.at(-1)!.now;
    const createdCount = traces.filter((trace) => !trace.inDatabase).length;
    if (createdCount > 0) results.at(-1)!.deleted = await applyRetention(client, now, createdCount, traceIds);
    // The writes go with the COMMIT, in its round trip: the group's reads and deletes are done.
    const writes = groupWrites(
      [...written].map((key) => stored.get(key)!),
      [...searched].map((key) => stored.get(key)!),
      traces,
      [...resources.values()],
      samples,
      now,
    );
    return { results, samples, beforeCommit: writes + (await outboxStatements(group, results)) };
  }

  /**
   * Deletes whole traces beyond the count (once past the slack) and older than the age limit. Counting is
   * O(traces), so it runs once per `countEvery` traces this instance created, not on every ingest: with k
   * instances the table may pass `retention + slack` by about k × countEvery before the next count.
   * Runs before the group's writes (they go with the COMMIT), so its `created` traces are not counted
   * yet, and its traces (`kept`) are never the ones deleted.
   */
  async function applyRetention(
    client: pg.PoolClient,
    now: number,
    created: number,
    kept: readonly string[],
  ): Promise<string[]> {
    const victims: string[] = [];
    createdSinceCount += created;
    const count =
      createdSinceCount >= countEvery
        ? (await client.query<{ n: number }>('SELECT count(*)::int AS n FROM traces')).rows[0]!.n + created
        : 0;
    if (createdSinceCount >= countEvery) {
      createdSinceCount = 0;
      // As seldom as the count, for the same reason: the paths table stays near its bound.
      await client.query(
        'DELETE FROM span_durations WHERE path IN (SELECT path FROM span_durations ORDER BY updated DESC OFFSET $1)',
        [MAX_DURATION_PATHS],
      );
    }
    if (count > retention + slack) {
      // Rows another instance holds are skipped: they are being written now, so not the ones to drop.
      const oldest = await client.query<{ trace_id: string }>(
        'SELECT trace_id FROM traces WHERE NOT (trace_id = ANY($2::text[])) ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED',
        [count - retention, kept],
      );
      victims.push(...oldest.rows.map((row) => row.trace_id));
    }
    if (options.maxAgeMs !== undefined) {
      const old = await client.query<{ trace_id: string }>(
        `SELECT trace_id FROM traces WHERE last_seen < $1::float8 AND NOT (trace_id = ANY($2::text[]))
         ORDER BY last_seen LIMIT ${AGE_DELETE_BATCH} FOR UPDATE SKIP LOCKED`,
        [now - options.maxAgeMs, [...victims, ...kept]],
      );
      victims.push(...old.rows.map((row) => row.trace_id));
    }
    if (victims.length === 0) return [];
    await client.query(
      `WITH s AS (DELETE FROM spans WHERE trace_id = ANY($1::text[])),
       t AS (DELETE FROM span_search WHERE trace_id = ANY($1::text[]))
       DELETE FROM traces WHERE trace_id = ANY($1::text[])`,
      [victims],
    );
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

  // Group commit: requests that arrive while the groups in flight run wait and then share one transaction,
  // so under load a transaction carries many requests. Each keeps its own result.
  let pending: PendingIngest[] = [];
  let inFlight = 0;
  let pumpScheduled = false;
  function pump(): void {
    pumpScheduled = false;
    while (inFlight < MAX_GROUPS_IN_FLIGHT && pending.length > 0) {
      const group = pending.slice(0, MAX_GROUP);
      pending = pending.slice(group.length);
      inFlight++;
      void runGroup(group).finally(() => {
        inFlight--;
        pump();
      });
    }
  }
  async function runGroup(group: readonly PendingIngest[]): Promise<void> {
    try {
      const { results, samples } = await transaction(
        (client) => ingestGroup(client, group),
        true,
        (done) => done.beforeCommit,
      );
      durations.add(samples);
      for (const [i, item] of group.entries()) item.resolve(results[i]!);
    } catch (error) {
      if (group.length === 1 || error instanceof StoreUnavailableError) {
        for (const item of group) item.reject(error);
        return;
      }
      // One failing request must not fail the others: redo each in its own transaction.
      for (const item of group) {
        await transaction(
          (client) => ingestGroup(client, [item]),
          true,
          (done) => done.beforeCommit,
        ).then(
          ({ results: [result], samples }) => {
            durations.add(samples);
            item.resolve(result!);
          },
          (failure: unknown) => item.reject(failure),
        );
      }
    }
  }

  return {
    ready,
    ingest(spans, now, sender, options = {}) {
      if (closed) return Promise.reject(postgresUnavailable('trace store is closed'));
      return new Promise<IngestResult>((resolve, reject) => {
        const { resources, liveEvents } = options;
        pending.push({ spans, now, sender, resources, liveEvents, resolve, reject });
        if (!pumpScheduled) {
          pumpScheduled = true;
          setImmediate(pump);
        }
      });
    },
    async getTrace(traceId) {
      const [row] = await query<TraceRow>('SELECT * FROM traces WHERE trace_id = $1', [traceId]);
      return row && rowToRecord(row);
    },
    async getResource(resourceId) {
      const [row] = await query<{ attributes: string }>(
        'SELECT attributes FROM resources WHERE resource_id = $1',
        [resourceId],
      );
      return row && (JSON.parse(row.attributes) as Attributes);
    },
    async getSpans(traceId) {
      const rows = await query<{ data: string }>(
        'SELECT data FROM spans WHERE trace_id = $1 ORDER BY start_time, span_id',
        [traceId],
      );
      return rows.map((row) => JSON.parse(row.data) as SpanData);
    },
    async getSpanOutline(traceId) {
      const rows = await query<OutlineRow>(
        'SELECT span_id, parent_span_id, start_time FROM spans WHERE trace_id = $1',
        [traceId],
      );
      return rows.map(toSpanOutline);
    },
    async getChildOutline(traceId, parentSpanId, limit) {
      const rows = await query<OutlineRow>(
        `SELECT span_id, parent_span_id, start_time FROM spans
         WHERE trace_id = $1 AND parent_span_id ${parentSpanId === null ? 'IS NULL' : '= $3'}
         ORDER BY start_time, span_id LIMIT $2`,
        parentSpanId === null ? [traceId, limit] : [traceId, limit, parentSpanId],
      );
      return rows.map(toSpanOutline);
    },
    async readSpanJson(traceId, selection) {
      const rows =
        'ids' in selection
          ? await query<SpanJsonRow>(
              'SELECT span_id, end_time, data FROM spans WHERE trace_id = $1 AND span_id = ANY($2::text[])',
              [traceId, selection.ids],
            )
          : await query<SpanJsonRow>(
              'SELECT span_id, end_time, data FROM spans WHERE trace_id = $1 AND span_id > $2 ORDER BY span_id LIMIT $3',
              [traceId, selection.after ?? '', selection.limit],
            );
      return rows.map((row) => ({ spanId: row.span_id, endTime: row.end_time, json: row.data }));
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
    deleteTrace(traceId) {
      return transaction(async (client) => {
        const { rowCount } = await client.query('DELETE FROM traces WHERE trace_id = $1', [traceId]);
        await client.query('DELETE FROM spans WHERE trace_id = $1', [traceId]);
        await client.query('DELETE FROM span_search WHERE trace_id = $1', [traceId]);
        return (rowCount ?? 0) > 0;
      });
    },
    clear() {
      return transaction(async (client) => {
        await client.query('DELETE FROM traces');
        await client.query('DELETE FROM spans');
        await client.query('DELETE FROM span_search');
        await client.query('DELETE FROM resources');
      });
    },
    async usualDurations(paths) {
      if (paths.length === 0) return new Map();
      if (closed) throw postgresUnavailable('trace store is closed');
      try {
        await ready;
        await readDurations(pool, paths);
      } catch (error) {
        throw fromPostgresError(error);
      }
      return durations.usual(paths);
    },
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
}
