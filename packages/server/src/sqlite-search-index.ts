import type { SpanData } from '@livespan/tracing/wire';
import type Database from 'better-sqlite3';
import { spanSearchText } from './span-search-text.js';

/** Pending spans moved into the trigram index per transaction: FTS5 costs a third less per row in batches this size. */
export const INDEX_BATCH = 500;

/**
 * The SQLite store's `q` index (tables in sqlite-schema.ts). Ingest only
 * writes each changed span's search text to `span_search_pending` (a plain
 * row, as cheap as the span's own); `indexPending` later moves those rows into
 * the FTS5 trigram table in batches, so a span that starts and ends between
 * two batches is tokenized once, and tokenizing is amortized over many rows.
 * Queries read both tables (sqlite-list-query.ts), so a search never misses a
 * span that is not indexed yet.
 */
export interface SqliteSearchIndex {
  /** In the ingest transaction: the span (row `rowid` of `spans`) has this new version. */
  record(rowid: number, span: SpanData): void;
  /** Before the trace's spans are deleted: drops its entries. */
  forgetTrace(traceId: string): void;
  /** Drops every entry. */
  forgetAll(): void;
  /** Moves up to `limit` pending spans into the trigram index, in one transaction; returns how many. */
  indexPending(limit: number): number;
}

export function createSqliteSearchIndex(db: Database.Database): SqliteSearchIndex {
  const statement = {
    record: db.prepare(`INSERT INTO span_search_pending (rowid, trace_id, text) VALUES (?, ?, ?)
      ON CONFLICT (rowid) DO UPDATE SET text = excluded.text`),
    pending: db.prepare<[number], { rowid: number; trace_id: string; text: string }>(
      'SELECT rowid, trace_id, text FROM span_search_pending ORDER BY rowid LIMIT ?',
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
      // A span indexed before and changed since is replaced (a no-op for a new one).
      statement.unindex.run(row.rowid);
      statement.index.run(row.rowid, row.trace_id, row.text);
    }
    if (rows.length > 0) statement.indexed.run(rows.at(-1)!.rowid);
    return rows.length;
  });
  return {
    record(rowid, span) {
      statement.record.run(rowid, span.traceId, spanSearchText(span));
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
