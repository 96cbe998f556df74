import type { SpanData } from '@livespan/tracing/wire';
import type Database from 'better-sqlite3';
import { spanSearchText } from './span-search-text.js';

/** Pending spans moved into the trigram index per transaction: FTS5 costs a third less per row in batches this size. */
export const INDEX_BATCH = 500;

/** SQL function giving a stored span's search text (its `data` JSON), for the running spans a query scans. */
export const SEARCH_TEXT_SQL_FUNCTION = 'span_search_text';

/**
 * The SQLite store's `q` index (tables in sqlite-schema.ts), of completed
 * span versions only: a running span costs the index nothing, and queries
 * scan the running spans' text instead (through the partial index
 * `spans_running`, with SEARCH_TEXT_SQL_FUNCTION). Ingest writes each
 * completed version's search text to `span_search_pending` (a plain row);
 * `indexPending` later moves those rows into the FTS5 trigram table in
 * batches, as tokenizing costs less per row in batches. Queries read all
 * three (sqlite-list-query.ts), so a search never misses a span.
 */
export interface SqliteSearchIndex {
  /**
   * In the ingest transaction: the span (row `rowid` of `spans`) has this new completed version;
   * `replaces` when it had a completed version before (which the trigram index may hold).
   */
  record(rowid: number, span: SpanData, replaces: boolean): void;
  /** Before the trace's spans are deleted: drops its entries. */
  forgetTrace(traceId: string): void;
  /** Drops every entry. */
  forgetAll(): void;
  /** Moves up to `limit` pending spans into the trigram index, in one transaction; returns how many. */
  indexPending(limit: number): number;
}

export function createSqliteSearchIndex(db: Database.Database): SqliteSearchIndex {
  db.function(SEARCH_TEXT_SQL_FUNCTION, { deterministic: true }, (data) =>
    spanSearchText(JSON.parse(data as string) as SpanData),
  );
  const statement = {
    // A pending version keeps its `replaces`: what the trigram index holds has not changed since.
    record: db.prepare<
      [number, string, string, number]
    >(`INSERT INTO span_search_pending (rowid, trace_id, text,
      replaces) VALUES (?, ?, ?, ?) ON CONFLICT (rowid) DO UPDATE SET text = excluded.text`),
    pending: db.prepare<[number], { rowid: number; trace_id: string; text: string; replaces: number }>(
      'SELECT rowid, trace_id, text, replaces FROM span_search_pending ORDER BY rowid LIMIT ?',
    ),
    unindex: db.prepare('DELETE FROM span_search WHERE rowid = ?'),
    index: db.prepare('INSERT INTO span_search (rowid, trace_id, text) VALUES (?, ?, ?)'),
    indexed: db.prepare('DELETE FROM span_search_pending WHERE rowid <= ?'),
    forgetTrace: db.prepare(
      'DELETE FROM span_search WHERE rowid IN (SELECT rowid FROM spans WHERE trace_id = ?)',
    ),
    forgetPendingOfTrace: db.prepare('DELETE FROM span_search_pending WHERE trace_id = ?'),
    forgetAll: db.prepare('DELETE FROM span_search'),
    forgetAllPending: db.prepare('DELETE FROM span_search_pending'),
  };
  const indexTx = db.transaction((limit: number): number => {
    const rows = statement.pending.all(limit);
    for (const row of rows) {
      if (row.replaces === 1) statement.unindex.run(row.rowid);
      statement.index.run(row.rowid, row.trace_id, row.text);
    }
    if (rows.length > 0) statement.indexed.run(rows.at(-1)!.rowid);
    return rows.length;
  });
  return {
    record(rowid, span, replaces) {
      statement.record.run(rowid, span.traceId, spanSearchText(span), replaces ? 1 : 0);
    },
    forgetTrace(traceId) {
      statement.forgetTrace.run(traceId);
      statement.forgetPendingOfTrace.run(traceId);
    },
    forgetAll() {
      statement.forgetAll.run();
      statement.forgetAllPending.run();
    },
    indexPending: indexTx,
  };
}
