import type { SpanData } from '@livespan/tracing/wire';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { listTraces } from './sqlite-list-query.js';
import { migrate } from './sqlite-schema.js';
import { createSqliteSearchIndex, INDEX_BATCH } from './sqlite-search-index.js';
import { makeSpan, spanId } from './test-support/factories.js';

/** A migrated database with the search index, and a way to store spans as the store does. */
function setUp() {
  const db = new Database(':memory:');
  migrate(db);
  const search = createSqliteSearchIndex(db);
  const insert = db.prepare<[string, string, number, string]>(
    `INSERT INTO spans (trace_id, span_id, start_time, end_time, data) VALUES (?, ?, 0, ?, ?)
     ON CONFLICT (trace_id, span_id) DO UPDATE SET end_time = excluded.end_time, data = excluded.data`,
  );
  const previous = db.prepare<[string, string], { end_time: number }>(
    'SELECT end_time FROM spans WHERE trace_id = ? AND span_id = ?',
  );
  const addTrace = db.prepare(`INSERT INTO traces (trace_id, display_name, start_time, end_time, span_count,
    running_count, error_count, last_seen, has_root, realtime) VALUES (?, 'root', ?, 0, 1, 0, 0, 0, 1, 0)`);
  /** As the store does: a running version is only stored; a completed one is recorded for the index. */
  const store = (span: SpanData) => {
    if (!db.prepare('SELECT 1 FROM traces WHERE trace_id = ?').get(span.traceId)) {
      addTrace.run(span.traceId, span.startTime);
    }
    const before = previous.get(span.traceId, span.spanId);
    insert.run(span.traceId, span.spanId, span.endTime, JSON.stringify(span));
    if (span.endTime > 0) search.record(span.traceId, [span], before !== undefined && before.end_time > 0);
  };
  const found = (q: string) =>
    listTraces(db, new Map(), { limit: 10, now: 0, staleAfterMs: 1, q }).traces.map((t) => t.trace.traceId);
  const pendingCount = () =>
    (db.prepare('SELECT COUNT(*) AS n FROM span_search_pending').get() as { n: number }).n;
  return { db, search, store, found, pendingCount, addTrace: (traceId: string) => addTrace.run(traceId, 0) };
}

const A = 'a'.repeat(32);
const B = 'b'.repeat(32);

describe('SQLite search index', () => {
  it('finds a span the same before and after it is moved into the trigram index', () => {
    const { search, store, found, pendingCount } = setUp();
    store(makeSpan({ traceId: A, attributes: { note: 'Deliver before NOON' } }));
    store(makeSpan({ traceId: B, startTime: 5, spanId: spanId(2), displayName: 'other' }));
    const queries = ['before noon', 'no', 'o', 'other', 'missing'];
    const pending = queries.map(found);
    expect(pending).toEqual([[A], [A], [A, B], [B], []]);
    expect(search.indexPending(1)).toBe(1);
    expect(queries.map(found)).toEqual(pending);
    expect(search.indexPending(500)).toBe(1);
    expect(pendingCount()).toBe(0);
    expect(queries.map(found)).toEqual(pending);
  });

  it("matches only a span's newest version, indexed or not, and forgets a deleted trace", () => {
    const { db, search, store, found } = setUp();
    store(makeSpan({ traceId: A, attributes: { stage: 'drafting' } }));
    search.indexPending(500);
    store(makeSpan({ traceId: A, attributes: { stage: 'published' } }));
    expect([found('drafting'), found('published')]).toEqual([[], [A]]);
    search.indexPending(500);
    expect([found('drafting'), found('published')]).toEqual([[], [A]]);
    store(makeSpan({ traceId: A, spanId: spanId(3), attributes: { stage: 'pending review' } }));
    search.forgetTrace(A);
    db.prepare('DELETE FROM spans WHERE trace_id = ?').run(A);
    expect([found('published'), found('review')]).toEqual([[], []]);
  });

  it('indexes one document per trace and batch, each line once; a query with a line break scans spans', () => {
    const { db, search, store, found } = setUp();
    for (const n of [1, 2, 3]) {
      store(
        makeSpan({ traceId: A, spanId: spanId(n), displayName: `Step ${n}`, attributes: { kind: 'tool' } }),
      );
    }
    expect(search.indexPending(500)).toBe(3);
    expect(db.prepare('SELECT text FROM span_search').all()).toEqual([
      { text: 'step 1\nkind tool\nstep 2\nstep 3' },
    ]);
    expect([found('kind tool'), found('step 3'), found('step 2\nkind'), found('step 1\nstep 2')]).toEqual([
      [A],
      [A],
      [A],
      [],
    ]);
  });

  it('splits the spans one ingest completed into documents of at most INDEX_BATCH spans, indexed a batch at a time', () => {
    const { db, search, found, pendingCount, addTrace } = setUp();
    addTrace(A);
    const spans = Array.from({ length: 2 * INDEX_BATCH + 1 }, (_, i) =>
      makeSpan({ traceId: A, spanId: spanId(i + 1), displayName: `step ${i}`, endTime: 10 }),
    );
    search.record(A, spans, false);
    expect(db.prepare('SELECT spans FROM span_search_pending ORDER BY id').all()).toEqual([
      { spans: INDEX_BATCH },
      { spans: INDEX_BATCH },
      { spans: 1 },
    ]);
    expect(search.indexPending(INDEX_BATCH)).toBe(INDEX_BATCH);
    expect(pendingCount()).toBe(2);
    while (search.indexPending(INDEX_BATCH) > 0);
    expect(found(`step ${2 * INDEX_BATCH}`)).toEqual([A]);
  });

  it('finds running spans, which it does not index, and then their completed versions alone', () => {
    const { search, store, found, pendingCount } = setUp();
    store(makeSpan({ traceId: A, endTime: 0, attributes: { stage: 'drafting' } }));
    store(makeSpan({ traceId: B, spanId: spanId(2), endTime: 0, displayName: 'Nightly Export' }));
    expect(pendingCount()).toBe(0);
    expect([found('drafting'), found('nightly export'), found('y e')]).toEqual([[A], [B], [B]]);
    store(makeSpan({ traceId: A, attributes: { stage: 'published' } }));
    expect([found('drafting'), found('published')]).toEqual([[], [A]]);
    search.indexPending(500);
    expect([found('drafting'), found('published'), found('nightly')]).toEqual([[], [A], [B]]);
  });
});
