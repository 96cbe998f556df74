import type { SpanData } from '@livespan/tracing/wire';
import type Database from 'better-sqlite3';
import { spanSearchText } from './span-search-text.js';

/** Completed span versions moved into the trigram index per transaction, about: FTS5 costs less per row in batches. */
export const INDEX_BATCH = 500;

/** Most characters of pending text one indexing transaction takes in (at least one document), so a turn stays short. */
const INDEX_BATCH_CHARS = 1 << 20;

/** SQL function giving a stored span's search text (its `data` JSON), for the spans a query scans. */
export const SEARCH_TEXT_SQL_FUNCTION = 'span_search_text';

/**
 * The search documents of some completed spans of one trace: the distinct
 * lines of their search text (span-search-text.ts), one per line. A `q`
 * without a line break is found in a span's text exactly when it is found in
 * one of its lines, so a document matches when one of its spans does, and a
 * line repeated across spans (a name, `genkit:type action`) costs once. A
 * document holds at most INDEX_BATCH spans and about INDEX_BATCH_CHARS
 * characters, so indexing one never holds the event loop for long, however
 * many spans one ingest completed.
 */
export function searchDocuments(spans: readonly SpanData[]): Array<{ spans: number; text: string }> {
  const documents: Array<{ spans: number; text: string }> = [];
  let lines = new Set<string>();
  let count = 0;
  let chars = 0;
  for (const span of spans) {
    for (const line of spanSearchText(span).split('\n')) {
      if (lines.has(line)) continue;
      lines.add(line);
      chars += line.length + 1;
    }
    count++;
    if (count === INDEX_BATCH || chars >= INDEX_BATCH_CHARS) {
      documents.push({ spans: count, text: [...lines].join('\n') });
      lines = new Set();
      count = 0;
      chars = 0;
    }
  }
  if (count > 0) documents.push({ spans: count, text: [...lines].join('\n') });
  return documents;
}

/**
 * The SQLite store's `q` index (tables in sqlite-schema.ts): one trigram
 * document per trace and indexing batch, of completed span versions only.
 *
 * - Ingest writes one pending document per trace it completed spans of
 *   (`span_search_pending`, a plain row); `indexPending` later moves pending
 *   documents into the FTS5 table in batches, merged per trace.
 * - Running spans cost the index nothing: queries scan their text (through
 *   the partial index `spans_running`, with SEARCH_TEXT_SQL_FUNCTION).
 * - A completed span that gets another completed version would leave its old
 *   text in a document, so its trace is marked (`span_search_dirty`) and
 *   queries scan that trace's spans instead of its documents.
 *
 * Queries read all of these (sqlite-list-query.ts), so a search never misses a span.
 */
export interface SqliteSearchIndex {
  /**
   * In the ingest transaction: these spans of the trace have new completed versions; `replaced` when
   * one of them had a completed version before.
   */
  record(traceId: string, completed: readonly SpanData[], replaced: boolean): void;
  /** Before the trace's spans are deleted: drops its entries. */
  forgetTrace(traceId: string): void;
  /** Drops every entry. */
  forgetAll(): void;
  /**
   * Moves pending documents into the trigram index, in one transaction, until they held `limit` span
   * versions (or INDEX_BATCH_CHARS of text); returns how many span versions they held.
   */
  indexPending(limit: number): number;
}

export function createSqliteSearchIndex(db: Database.Database): SqliteSearchIndex {
  db.function(SEARCH_TEXT_SQL_FUNCTION, { deterministic: true }, (data) =>
    spanSearchText(JSON.parse(data as string) as SpanData),
  );
  const statement = {
    record: db.prepare<[string, number, string]>(
      'INSERT INTO span_search_pending (trace_id, spans, text) VALUES (?, ?, ?)',
    ),
    dirty: db.prepare<[string]>('INSERT OR IGNORE INTO span_search_dirty (trace_id) VALUES (?)'),
    pending: db.prepare<[number], { id: number; trace_id: string; spans: number; text: string }>(
      'SELECT id, trace_id, spans, text FROM span_search_pending ORDER BY id LIMIT ?',
    ),
    index: db.prepare<[string, string]>('INSERT INTO span_search (trace_id, text) VALUES (?, ?)'),
    document: db.prepare<[string, number | bigint]>(
      'INSERT INTO span_search_docs (trace_id, doc) VALUES (?, ?)',
    ),
    indexed: db.prepare<[number]>('DELETE FROM span_search_pending WHERE id <= ?'),
    forgetDocuments: db.prepare<[string]>(
      'DELETE FROM span_search WHERE rowid IN (SELECT doc FROM span_search_docs WHERE trace_id = ?)',
    ),
    forgetDocumentRows: db.prepare<[string]>('DELETE FROM span_search_docs WHERE trace_id = ?'),
    forgetPending: db.prepare<[string]>('DELETE FROM span_search_pending WHERE trace_id = ?'),
    forgetDirty: db.prepare<[string]>('DELETE FROM span_search_dirty WHERE trace_id = ?'),
  };
  const indexTx = db.transaction((limit: number): number => {
    const byTrace = new Map<string, string[]>();
    let spans = 0;
    let chars = 0;
    let last: number | undefined;
    for (const row of statement.pending.all(limit)) {
      if (spans >= limit || (last !== undefined && chars + row.text.length > INDEX_BATCH_CHARS)) break;
      const texts = byTrace.get(row.trace_id) ?? [];
      texts.push(row.text);
      byTrace.set(row.trace_id, texts);
      spans += row.spans;
      chars += row.text.length;
      last = row.id;
    }
    if (last === undefined) return 0;
    for (const [traceId, texts] of byTrace) {
      const text = texts.length === 1 ? texts[0]! : [...new Set(texts.join('\n').split('\n'))].join('\n');
      const { lastInsertRowid } = statement.index.run(traceId, text);
      statement.document.run(traceId, lastInsertRowid);
    }
    statement.indexed.run(last);
    return spans;
  });
  return {
    record(traceId, completed, replaced) {
      for (const document of searchDocuments(completed))
        statement.record.run(traceId, document.spans, document.text);
      if (replaced) statement.dirty.run(traceId);
    },
    forgetTrace(traceId) {
      statement.forgetDocuments.run(traceId);
      statement.forgetDocumentRows.run(traceId);
      statement.forgetPending.run(traceId);
      statement.forgetDirty.run(traceId);
    },
    forgetAll() {
      db.exec(`DELETE FROM span_search; DELETE FROM span_search_docs; DELETE FROM span_search_pending;
        DELETE FROM span_search_dirty;`);
    },
    indexPending: indexTx,
  };
}
