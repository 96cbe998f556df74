import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Attributes, SpanData } from '@livespan/tracing/wire';
import Database from 'better-sqlite3';
import { mergeSpan } from './merge-span.js';
import { RecentDurations } from './recent-durations.js';
import type { Resource } from './resource.js';
import type { Sender } from './sender.js';
import { type DurationSample, MAX_DURATION_PATHS } from './span-durations.js';
import { fromSqliteError, unavailable } from './sqlite-errors.js';
import { listTraces } from './sqlite-list-query.js';
import { type RunningSpan, RunningSpans } from './sqlite-running-spans.js';
import { migrate } from './sqlite-schema.js';
import { createSqliteSearchIndex, INDEX_BATCH } from './sqlite-search-index.js';
import { MISSED_HEARTBEATS, silenceReason } from './staleness.js';
import {
  type OutlineRow,
  recordToRow,
  rowToRecord,
  type SpanJsonRow,
  type TraceRow,
  toSpanOutline,
} from './trace-rows.js';
import type {
  IngestResult,
  SpanChange,
  StaleTrace,
  StoredSpanJson,
  TraceChange,
  TraceRecord,
  TraceStore,
} from './trace-store.js';
import {
  applySender,
  emptyTraceRecord,
  recordSpanChange,
  type SpanCounts,
  spanCounts,
  storedSpanCounts,
} from './trace-summary.js';

/** How soon changed duration statistics are written back (ms). */
const DURATION_WRITE_MS = 1_000;

interface PendingIngest {
  spans: readonly SpanData[];
  now: number;
  sender: Sender;
  resources: readonly Resource[] | undefined;
  resolve(result: IngestResult): void;
  reject(error: unknown): void;
}

export interface SqliteTraceStoreOptions {
  /** Database file; its directory is created. `:memory:` for a throwaway store. */
  path: string;
  /** Traces kept; the oldest whole traces are deleted beyond this. Default 1000. */
  retention?: number;
  /**
   * Largest size of the database file, in bytes (SQLite's `max_page_count`;
   * the WAL file is extra). Past it an ingest fails with SQLITE_FULL, which
   * the server answers 503, as when the disk is full. Default: no limit.
   */
  maxSizeBytes?: number;
}

/**
 * Opens (creating if needed) a SQLite trace store: WAL, prepared statements,
 * one transaction per ingest, summaries maintained incrementally so the cost
 * of an event does not depend on the size of its trace.
 */
export function createSqliteTraceStore(options: SqliteTraceStoreOptions): TraceStore {
  const retention = options.retention ?? 1000;
  if (!Number.isInteger(retention) || retention < 1) {
    throw new RangeError(`retention must be a positive integer, got ${retention}`);
  }
  const { db, lock } = openDatabase(options.path);
  if (options.maxSizeBytes !== undefined) {
    try {
      limitSize(db, options.maxSizeBytes);
    } catch (error) {
      lock?.close();
      throw error;
    }
  }
  const slack = Math.max(1, Math.ceil(retention / 20));
  const statement = {
    trace: db.prepare<[string], TraceRow>('SELECT * FROM traces WHERE trace_id = ?'),
    insertTrace: db.prepare(`INSERT INTO traces (trace_id, display_name, start_time, end_time, span_count,
      running_count, error_count, last_seen, has_root, realtime, root_span_id, root_status, stale_reported,
      source, app_id, sender_realtime, heartbeat_ms, service_name, route, usage, root_path)
      VALUES (@trace_id, @display_name, @start_time, @end_time, @span_count, @running_count, @error_count,
      @last_seen, @has_root, @realtime, @root_span_id, @root_status, 0, @source, @app_id, @sender_realtime,
      @heartbeat_ms, @service_name, @route, @usage, @root_path)`),
    updateTrace: db.prepare(`UPDATE traces SET display_name = @display_name, start_time = @start_time,
      end_time = @end_time, span_count = @span_count, running_count = @running_count, error_count = @error_count,
      last_seen = @last_seen, has_root = @has_root, realtime = @realtime, root_span_id = @root_span_id,
      root_status = @root_status, stale_reported = 0, stale_reason = NULL, source = @source, app_id = @app_id,
      sender_realtime = @sender_realtime, heartbeat_ms = @heartbeat_ms, service_name = @service_name,
      route = @route, usage = @usage, root_path = @root_path WHERE trace_id = @trace_id`),
    insertResource: db.prepare('INSERT OR IGNORE INTO resources (resource_id, attributes) VALUES (?, ?)'),
    resource: db.prepare<[string], { attributes: string }>(
      'SELECT attributes FROM resources WHERE resource_id = ?',
    ),
    deleteAllResources: db.prepare('DELETE FROM resources'),
    span: db.prepare<[string, string], StoredSpanRow>(
      `SELECT rowid, parent_span_id, start_time, end_time, data, json_extract(data, '$.status.code') AS status_code
       FROM spans WHERE trace_id = ? AND span_id = ?`,
    ),
    // A span not stored yet costs this one statement; a stored one is read and merged (mergeSpan) first.
    insertSpan: db.prepare<[string, string, string | null, number, number, string]>(
      `INSERT INTO spans (trace_id, span_id, parent_span_id, start_time, end_time, data)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (trace_id, span_id) DO NOTHING`,
    ),
    // Most new versions keep their parent and start: then the indexes on those columns are not touched.
    endSpan: db.prepare<[number, string, number]>('UPDATE spans SET end_time = ?, data = ? WHERE rowid = ?'),
    rewriteSpan: db.prepare<[string | null, number, number, string, number]>(
      'UPDATE spans SET parent_span_id = ?, start_time = ?, end_time = ?, data = ? WHERE rowid = ?',
    ),
    spans: db.prepare<[string], { data: string }>(
      'SELECT data FROM spans WHERE trace_id = ? ORDER BY start_time',
    ),
    outline: db.prepare<[string], OutlineRow>(
      'SELECT span_id, parent_span_id, start_time FROM spans WHERE trace_id = ?',
    ),
    children: db.prepare<[string, string, number], OutlineRow>(
      `SELECT span_id, parent_span_id, start_time FROM spans WHERE trace_id = ? AND parent_span_id = ?
       ORDER BY start_time, span_id LIMIT ?`,
    ),
    roots: db.prepare<[string, number], OutlineRow>(
      `SELECT span_id, parent_span_id, start_time FROM spans WHERE trace_id = ? AND parent_span_id IS NULL
       ORDER BY start_time, span_id LIMIT ?`,
    ),
    spanPage: db.prepare<[string, string, number], SpanJsonRow>(
      'SELECT span_id, end_time, data FROM spans WHERE trace_id = ? AND span_id > ? ORDER BY span_id LIMIT ?',
    ),
    spansById: db.prepare<[string, string], SpanJsonRow>(
      'SELECT span_id, end_time, data FROM spans WHERE trace_id = ? AND span_id IN (SELECT value FROM json_each(?))',
    ),
    running: db.prepare<[string], { data: string }>(
      'SELECT data FROM spans WHERE trace_id = ? AND end_time <= 0 ORDER BY start_time',
    ),
    count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM traces'),
    oldest: db.prepare<[number], { trace_id: string }>('SELECT trace_id FROM traces ORDER BY seq LIMIT ?'),
    deleteSpans: db.prepare('DELETE FROM spans WHERE trace_id = ?'),
    deleteTrace: db.prepare('DELETE FROM traces WHERE trace_id = ?'),
    // Mirrors silenceLimitMs() in staleness.ts.
    stale: db.prepare<{ now: number; silentAfterMs: number }, TraceRow>(
      `SELECT * FROM traces WHERE running_count > 0 AND stale_reported = 0
       AND last_seen < @now - COALESCE(heartbeat_ms * ${MISSED_HEARTBEATS}, @silentAfterMs)`,
    ),
    runningOfApp: db.prepare<[string], TraceRow>(
      'SELECT * FROM traces WHERE app_id = ? AND running_count > 0',
    ),
    markStale: db.prepare('UPDATE traces SET stale_reported = 1, stale_reason = ? WHERE trace_id = ?'),
    deleteAllSpans: db.prepare('DELETE FROM spans'),
    deleteAllTraces: db.prepare('DELETE FROM traces'),
    upsertDurations: db.prepare(`INSERT INTO span_durations (path, durations, updated) VALUES (?, ?, ?)
      ON CONFLICT (path) DO UPDATE SET durations = excluded.durations, updated = excluded.updated`),
    durationsOf: db.prepare<[string], { path: string; durations: string }>(
      'SELECT path, durations FROM span_durations WHERE path IN (SELECT value FROM json_each(?))',
    ),
    pathCount: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM span_durations'),
    dropOldPaths: db.prepare(
      'DELETE FROM span_durations WHERE path IN (SELECT path FROM span_durations ORDER BY updated LIMIT ?)',
    ),
  };
  let traceCount = statement.count.get()!.n;
  const runningSpans = new RunningSpans();
  const search = createSqliteSearchIndex(db);
  /** Span versions recorded for the search index since it last caught up; 1 at open for rows a previous run left. */
  let pendingSearch = 1;
  let indexScheduled = false;
  // One batch per turn of the event loop, so a backlog never holds ingest up for long.
  const indexSearch = () => {
    indexScheduled = false;
    if (closed) return;
    try {
      const indexed = search.indexPending(INDEX_BATCH);
      pendingSearch = indexed < INDEX_BATCH ? 0 : Math.max(1, pendingSearch - indexed);
    } catch {
      // Left pending (disk full, I/O error): queries still scan those rows, and the timer retries.
      return;
    }
    if (pendingSearch >= INDEX_BATCH || pendingSearch === 1) scheduleIndex();
  };
  const scheduleIndex = () => {
    if (indexScheduled) return;
    indexScheduled = true;
    setImmediate(indexSearch);
  };
  // Versions that never fill a batch are indexed within a second.
  const indexTimer = setInterval(() => pendingSearch > 0 && scheduleIndex(), 1_000);
  indexTimer.unref();
  const listStatements = new Map<string, Database.Statement>();
  let closed = false;
  const durations = new RecentDurations((paths) => {
    const stored = new Map<string, number[]>();
    for (const row of statement.durationsOf.all(JSON.stringify(paths))) {
      stored.set(row.path, JSON.parse(row.durations) as number[]);
    }
    return stored;
  });
  /** Completed runs of the transaction in progress; held in memory only once it committed. */
  let samples: DurationSample[] = [];
  /**
   * Writes the changed paths back in one transaction, the table bounded by MAX_DURATION_PATHS. Runs
   * DURATION_WRITE_MS after a change (and on close): a crash loses at most that much of the statistics,
   * never trace data, and a busy ingest pays one row write per path per interval, not per span.
   */
  const writeDurations = db.transaction((now: number) => {
    for (const [path, list] of durations.takeChanged()) {
      statement.upsertDurations.run(path, JSON.stringify(list), now);
    }
    const excess = statement.pathCount.get()!.n - MAX_DURATION_PATHS;
    if (excess > slack) statement.dropOldPaths.run(excess);
  });
  let writeTimer: NodeJS.Timeout | undefined;
  const writeDurationsSoon = () => {
    if (writeTimer) return;
    writeTimer = setTimeout(() => {
      writeTimer = undefined;
      try {
        writeDurations(Date.now());
      } catch {
        // Statistics only: the next change schedules another attempt, and close() tries once more.
      }
    }, DURATION_WRITE_MS);
    writeTimer.unref();
  };
  const commitSamples = () => {
    durations.add(samples);
    if (samples.length > 0) writeDurationsSoon();
    samples = [];
  };

  /**
   * Stores a span snapshot merged with the stored version (mergeSpan); returns what changed and the
   * counts of the version before, or undefined when nothing did.
   */
  const writeSpan = (span: SpanData): WrittenSpan | undefined => {
    const running = runningSpans.get(span.traceId, span.spanId);
    let stored: StoredVersion;
    if (running) stored = { ...running, parse: () => JSON.parse(running.json) as SpanData };
    else {
      const created = mergeSpan(undefined, span)!;
      const inserted = statement.insertSpan.run(
        span.traceId,
        span.spanId,
        span.parentSpanId ?? null,
        span.startTime,
        span.endTime,
        created.json,
      );
      if (inserted.changes === 1) return finishWrite(Number(inserted.lastInsertRowid), created, undefined);
      const row = statement.span.get(span.traceId, span.spanId)!;
      stored = {
        rowid: row.rowid,
        json: row.data,
        parentSpanId: row.parent_span_id,
        startTime: row.start_time,
        counts: storedSpanCounts(row.data, row.end_time, row.status_code),
        parse: () => JSON.parse(row.data) as SpanData,
      };
    }
    const change = mergeSpan({ ...stored, endTime: stored.counts.endTime }, span);
    if (!change) return undefined;
    const after = change.span;
    const parentSpanId = after.parentSpanId ?? null;
    if (parentSpanId === stored.parentSpanId && after.startTime === stored.startTime) {
      statement.endSpan.run(after.endTime, change.json, stored.rowid);
    } else statement.rewriteSpan.run(parentSpanId, after.startTime, after.endTime, change.json, stored.rowid);
    return finishWrite(stored.rowid, change, stored.counts);
  };
  /** Keeps the running-span memory in step with a written version. */
  const finishWrite = (
    rowid: number,
    change: SpanChange & { json: string },
    before: SpanCounts | undefined,
  ): WrittenSpan => {
    const after = change.span;
    if (after.endTime > 0) runningSpans.delete(after.traceId, after.spanId);
    else {
      runningSpans.set(after.traceId, after.spanId, {
        rowid,
        json: change.json,
        parentSpanId: after.parentSpanId ?? null,
        startTime: after.startTime,
        counts: spanCounts(after),
      });
    }
    return { change, before };
  };

  const ingestOne = (
    spans: readonly SpanData[],
    now: number,
    sender: Sender,
    resources: readonly Resource[] | undefined,
    group: GroupTraces,
  ): IngestResult => {
    for (const resource of resources ?? []) {
      statement.insertResource.run(resource.resourceId, JSON.stringify(resource.attributes));
    }
    const attributesById = resources && new Map(resources.map((r) => [r.resourceId, r.attributes]));
    const touched = new Map<string, TouchedTrace>();
    for (const span of spans) {
      let entry = touched.get(span.traceId);
      if (!entry) {
        // A trace an earlier request of the group touched continues from its record (a copy: each
        // request's result keeps its own), its row not read again; it is no longer marked stale.
        const held = group.get(span.traceId);
        const row = held ? undefined : statement.trace.get(span.traceId);
        const trace = held
          ? { ...held.record }
          : row
            ? rowToRecord(row)
            : emptyTraceRecord(span.traceId, now);
        entry = {
          trace,
          created: !held && !row,
          rootEnded: false,
          revived: false,
          spans: [],
          revivedSpans: [],
          rootWasEnded: trace.hasRoot && trace.endTime > 0,
          staleReported: row?.stale_reported === 1,
          completed: [],
          replaced: false,
        };
        touched.set(span.traceId, entry);
      }
      if (!(span.endTime > 0)) entry.trace.realtime = true;
      const written = writeSpan(span);
      if (!written) continue;
      const { change, before } = written;
      // Only completed versions go to the search index: queries scan the few running spans themselves.
      if (change.span.endTime > 0) {
        entry.completed.push(change.span);
        entry.replaced ||= before !== undefined && before.endTime > 0;
      }
      const sample = recordSpanChange(
        entry,
        before,
        { kind: change.kind, span: change.span },
        attributesById,
      );
      if (sample) samples.push(sample);
    }
    const result: IngestResult = { traces: [], deleted: [] };
    for (const entry of touched.values()) {
      entry.trace.lastSeen = now;
      applySender(entry.trace, sender);
      const traceId = entry.trace.traceId;
      // A new row is inserted now (retention counts it); changes to a stored one are written at the group's end.
      if (entry.created) {
        statement.insertTrace.run(recordToRow(entry.trace));
        traceCount++;
      }
      const held = group.get(traceId);
      if (held) {
        held.record = entry.trace;
        held.changed = true;
        held.completed.push(...entry.completed);
        held.replaced ||= entry.replaced;
      } else {
        group.set(traceId, {
          record: entry.trace,
          changed: !entry.created,
          completed: entry.completed,
          replaced: entry.replaced,
        });
      }
      entry.rootEnded = !entry.rootWasEnded && entry.trace.hasRoot && entry.trace.endTime > 0;
      entry.revived = entry.staleReported;
      if (entry.revived) {
        const sent = new Set(entry.spans.map((change) => change.span.spanId));
        entry.revivedSpans = storedRunningSpans(entry.trace.traceId).filter((span) => !sent.has(span.spanId));
      }
      const { rootWasEnded: _r, staleReported: _s, completed: _c, replaced: _d, ...change } = entry;
      result.traces.push(change);
    }
    if (traceCount > retention + slack) {
      for (const { trace_id } of statement.oldest.all(traceCount - retention)) {
        search.forgetTrace(trace_id);
        runningSpans.forgetTrace(trace_id);
        group.delete(trace_id);
        statement.deleteSpans.run(trace_id);
        statement.deleteTrace.run(trace_id);
        result.deleted.push(trace_id);
      }
      traceCount -= result.deleted.length;
      const deleted = new Set(result.deleted);
      result.traces = result.traces.filter((change) => !deleted.has(change.trace.traceId));
    }
    return result;
  };
  /** Writes what the group's requests changed in their traces: each row once, one search document each. */
  const finishGroup = (group: GroupTraces) => {
    for (const [traceId, held] of group) {
      if (held.changed) statement.updateTrace.run(recordToRow(held.record));
      search.record(traceId, held.completed, held.replaced);
      pendingSearch += held.completed.length;
    }
  };
  const groupTx = db.transaction((batch: readonly PendingIngest[]) => {
    const group: GroupTraces = new Map();
    const results = batch.map((item) => ingestOne(item.spans, item.now, item.sender, item.resources, group));
    finishGroup(group);
    return results;
  });
  const ingestTx = (item: PendingIngest) => groupTx([item])[0]!;

  // Group commit: requests that arrive in the same event-loop turn share one transaction, because the
  // commit (WAL append, periodic checkpoint fsync) costs more than the rows. Each keeps its own result.
  let pending: PendingIngest[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    const countBefore = traceCount;
    samples = [];
    try {
      const results = groupTx(batch);
      commitSamples();
      for (const [i, item] of batch.entries()) item.resolve(results[i]!);
      if (pendingSearch >= INDEX_BATCH) scheduleIndex();
    } catch {
      // One failing request must not fail the others: redo each in its own transaction.
      traceCount = countBefore;
      runningSpans.clear();
      for (const item of batch) {
        samples = [];
        try {
          const result = ingestTx(item);
          commitSamples();
          item.resolve(result);
        } catch (error) {
          traceCount = statement.count.get()!.n;
          runningSpans.clear();
          item.reject(fromSqliteError(error));
        }
      }
    }
  };

  const storedRunningSpans = (traceId: string) =>
    statement.running.all(traceId).map((row) => JSON.parse(row.data) as SpanData);
  const markStale = (records: TraceRecord[], reasonOf: (record: TraceRecord) => string): StaleTrace[] => {
    const marked: StaleTrace[] = [];
    for (const record of records) {
      const staleReason = reasonOf(record);
      if (record.staleReason === staleReason) continue;
      statement.markStale.run(staleReason, record.traceId);
      marked.push({ trace: { ...record, staleReason }, running: storedRunningSpans(record.traceId) });
    }
    return marked;
  };
  const staleTx = db.transaction((now: number, silentAfterMs: number) =>
    markStale(statement.stale.all({ now, silentAfterMs }).map(rowToRecord), (record) =>
      silenceReason(record, silentAfterMs),
    ),
  );
  const deleteTx = db.transaction((traceId: string): boolean => {
    search.forgetTrace(traceId);
    runningSpans.forgetTrace(traceId);
    statement.deleteSpans.run(traceId);
    return statement.deleteTrace.run(traceId).changes > 0;
  });
  const clearTx = db.transaction(() => {
    search.forgetAll();
    statement.deleteAllResources.run();
    statement.deleteAllSpans.run();
    statement.deleteAllTraces.run();
  });
  const stopAppTx = db.transaction((appId: string, reason: string) =>
    markStale(statement.runningOfApp.all(appId).map(rowToRecord), () => reason),
  );

  return {
    ingest(spans, now, sender, { resources } = {}) {
      if (closed) return Promise.reject(unavailable('trace store is closed'));
      return new Promise<IngestResult>((resolve, reject) => {
        pending.push({ spans, now, sender, resources, resolve, reject });
        if (pending.length === 1) setImmediate(flush);
      });
    },
    async getTrace(traceId) {
      const row = statement.trace.get(traceId);
      return row && rowToRecord(row);
    },
    async getResource(resourceId) {
      const row = statement.resource.get(resourceId);
      return row && (JSON.parse(row.attributes) as Attributes);
    },
    async getSpans(traceId) {
      return statement.spans.all(traceId).map((row) => JSON.parse(row.data) as SpanData);
    },
    async listTraces(query) {
      return listTraces(db, listStatements, query);
    },
    async getSpanOutline(traceId) {
      return statement.outline.all(traceId).map(toSpanOutline);
    },
    async getChildOutline(traceId, parentSpanId, limit) {
      const rows =
        parentSpanId === null
          ? statement.roots.all(traceId, limit)
          : statement.children.all(traceId, parentSpanId, limit);
      return rows.map(toSpanOutline);
    },
    async readSpanJson(traceId, selection) {
      const rows =
        'ids' in selection
          ? statement.spansById.all(traceId, JSON.stringify(selection.ids))
          : statement.spanPage.all(traceId, selection.after ?? '', selection.limit);
      return rows.map(toStoredSpanJson);
    },
    async takeNewlyStale(now, silentAfterMs) {
      return staleTx(now, silentAfterMs);
    },
    async stopApp(appId, reason) {
      return stopAppTx(appId, reason);
    },
    async deleteTrace(traceId) {
      if (closed) throw unavailable('trace store is closed');
      // Ingests that arrived before the delete are applied first, so the delete is not undone by them.
      flush();
      try {
        const deleted = deleteTx(traceId);
        if (deleted) traceCount--;
        return deleted;
      } catch (error) {
        throw fromSqliteError(error);
      }
    },
    async clear() {
      if (closed) throw unavailable('trace store is closed');
      flush();
      try {
        clearTx();
        runningSpans.clear();
        traceCount = 0;
      } catch (error) {
        throw fromSqliteError(error);
      }
    },
    async usualDurations(paths) {
      if (paths.length === 0) return new Map();
      try {
        return durations.usual(paths);
      } catch (error) {
        throw fromSqliteError(error);
      }
    },
    async close() {
      if (closed) return;
      flush();
      clearTimeout(writeTimer);
      try {
        writeDurations(Date.now());
      } catch {
        // Statistics only; the traces are stored.
      }
      closed = true;
      clearInterval(indexTimer);
      db.close();
      lock?.close();
    },
  };
}

/**
 * The traces a group transaction touched, by id: each one's record as its row will be, whether the row
 * must be updated at the end, and its spans completed meanwhile, for one search document.
 */
type GroupTraces = Map<
  string,
  { record: TraceRecord; changed: boolean; completed: SpanData[]; replaced: boolean }
>;

/** What an ingest did to one trace, with what it knew of it before and what its search index needs. */
type TouchedTrace = TraceChange & {
  rootWasEnded: boolean;
  staleReported: boolean;
  /** Spans given a new completed version. */
  completed: SpanData[];
  /** One of them had a completed version before. */
  replaced: boolean;
};

/** A stored version of a span: its row, tree position and counts, and its JSON to merge with. */
type StoredVersion = RunningSpan & { parse(): SpanData };

/** A span version written: the change, and the counts of the version it replaced (undefined: new). */
interface WrittenSpan {
  change: SpanChange & { json: string };
  before: SpanCounts | undefined;
}

/** A stored span's row as the merge needs it. */
interface StoredSpanRow {
  rowid: number;
  parent_span_id: string | null;
  start_time: number;
  end_time: number;
  data: string;
  status_code: number | null;
}

function toStoredSpanJson(row: SpanJsonRow): StoredSpanJson {
  return { spanId: row.span_id, endTime: row.end_time, json: row.data };
}

function openDatabase(file: string): { db: Database.Database; lock: Database.Database | undefined } {
  let lock: Database.Database | undefined;
  try {
    if (file === ':memory:') return { db: prepareDatabase(new Database(file)), lock };
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    lock = claimFile(file);
    return { db: prepareDatabase(new Database(file)), lock };
  } catch (error) {
    lock?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`cannot open the trace database at ${path.resolve(file)}: ${reason}`, { cause: error });
  }
}

function prepareDatabase(db: Database.Database): Database.Database {
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Takes the lock `<file>.lock` for as long as the store is open: the store
 * keeps running spans and duration statistics in memory, which a second
 * writer of the same file would contradict, so a second livespan server on
 * the file is refused at once, with the reason. Readers (the sqlite3 shell)
 * still open the database itself. The lock is an exclusively locked SQLite
 * file, which the operating system releases when the process dies: a crash
 * leaves nothing to clean up.
 */
function claimFile(file: string): Database.Database {
  const lock = new Database(`${file}.lock`);
  try {
    lock.pragma('journal_mode = MEMORY');
    lock.pragma('locking_mode = EXCLUSIVE');
    // Kept after the commit in EXCLUSIVE locking mode, until the connection closes.
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
    return lock;
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    throw new Error(
      'another process has it open (another livespan server?); stop that one or choose another file with --db',
      { cause: error },
    );
  }
}

function limitSize(db: Database.Database, maxSizeBytes: number): void {
  if (!Number.isInteger(maxSizeBytes) || maxSizeBytes < 1) {
    db.close();
    throw new RangeError(`maxSizeBytes must be a positive integer, got ${maxSizeBytes}`);
  }
  const pageSize = db.pragma('page_size', { simple: true }) as number;
  db.pragma(`max_page_count = ${Math.max(1, Math.floor(maxSizeBytes / pageSize))}`);
}
