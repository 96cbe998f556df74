import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SpanData } from '@livespan/tracing/wire';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sender } from './sender.js';
import { SCHEMA_VERSION } from './sqlite-schema.js';
import { createSqliteTraceStore } from './sqlite-trace-store.js';
import { makeSpan, spanId, TRACE_ID } from './test-support/factories.js';
import type { IngestResult, TraceStore } from './trace-store.js';

const stores: TraceStore[] = [];
const dirs: string[] = [];
function openStore(file: string): TraceStore {
  const store = createSqliteTraceStore({ path: file });
  stores.push(store);
  return store;
}
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-store-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const GENKIT: Sender = { source: 'genkit' };
function ingest(store: TraceStore, spans: SpanData[], now: number, sender: Sender = GENKIT) {
  return store.ingest(spans, now, sender);
}

const root = (overrides = {}) => makeSpan({ spanId: spanId(1), displayName: 'root', ...overrides });

// The behaviour every store shares is in trace-store-contract.test.ts; here what only SQLite has.
describe('SQLite trace store', () => {
  it('persists across close and reopen, in WAL mode at the current schema version', async () => {
    const file = path.join(tempDir(), 'nested', 'traces.db');
    const first = openStore(file);
    await ingest(first, [root({ endTime: 0 })], 1);
    await first.close();
    const db = new Database(file, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
    const second = openStore(file);
    await ingest(second, [root()], 2);
    expect(await second.getTrace(TRACE_ID)).toMatchObject({ spanCount: 1, runningCount: 0, realtime: true });
  });
  it('refuses a second store on a file another one holds, at once and saying why; the first keeps working', async () => {
    const file = path.join(tempDir(), 'traces.db');
    const first = openStore(file);
    await ingest(first, [root({ endTime: 0 })], 1);
    expect(() => createSqliteTraceStore({ path: file })).toThrow(
      `cannot open the trace database at ${file}: another process has it open (another livespan server?)`,
    );
    await ingest(first, [root()], 2);
    expect(await first.getTrace(TRACE_ID)).toMatchObject({ spanCount: 1, runningCount: 0 });
    await first.close();
    const second = openStore(file);
    expect(await second.getTrace(TRACE_ID)).toMatchObject({ spanCount: 1, runningCount: 0 });
  });
  it('upgrades a database written before the search index: stored spans are found by q', async () => {
    const file = path.join(tempDir(), 'traces.db');
    const before = openStore(file);
    await ingest(
      before,
      [root(), makeSpan({ spanId: spanId(2), parentSpanId: spanId(1), attributes: { sku: 'Lamp-42' } })],
      1,
    );
    await before.close();
    // Back to schema version 2, the last one without the search index: every later step undone.
    const db = new Database(file);
    db.exec(`DROP TABLE span_search; DROP TABLE span_search_pending; DROP TABLE resources;
      ALTER TABLE traces DROP COLUMN service_name; ALTER TABLE traces DROP COLUMN route;
      DROP TABLE span_durations; ALTER TABLE traces DROP COLUMN usage; ALTER TABLE traces DROP COLUMN root_path;
      DROP INDEX spans_by_parent; DROP INDEX spans_running;
      DROP TABLE span_search_docs; DROP TABLE span_search_dirty;`);
    db.pragma('user_version = 2');
    db.close();
    const after = openStore(file);
    const found = await after.listTraces({ limit: 10, now: 2, staleAfterMs: 600_000, q: 'lamp-4' });
    expect(found.traces.map((t) => t.trace.traceId)).toEqual([TRACE_ID]);
    expect((await after.listTraces({ limit: 10, now: 2, staleAfterMs: 600_000, q: 'desk' })).traces).toEqual(
      [],
    );
  });
  it('upgrades a version 6 database: running and completed spans are found by q, and running ones end', async () => {
    const file = path.join(tempDir(), 'traces.db');
    const before = openStore(file);
    await ingest(
      before,
      [
        root({ endTime: 0, attributes: { stage: 'Drafting' } }),
        makeSpan({ spanId: spanId(2), parentSpanId: spanId(1), attributes: { sku: 'Lamp-42' } }),
      ],
      1,
    );
    await before.close();
    // Back to version 6: one trigram row per span version, running ones too, new versions pending.
    const db = new Database(file);
    db.exec(`DROP TABLE span_search; DROP TABLE span_search_pending; DROP TABLE span_search_docs;
      DROP TABLE span_search_dirty; DROP INDEX spans_running;
      CREATE VIRTUAL TABLE span_search USING fts5(trace_id UNINDEXED, text, tokenize = 'trigram');
      CREATE TABLE span_search_pending (rowid INTEGER PRIMARY KEY, trace_id TEXT NOT NULL, text TEXT NOT NULL);
      INSERT INTO span_search (rowid, trace_id, text) SELECT rowid, trace_id, 'root\nstage drafting'
        FROM spans WHERE end_time <= 0;
      INSERT INTO span_search_pending (rowid, trace_id, text) SELECT rowid, trace_id, 'child\nsku lamp-42'
        FROM spans WHERE end_time > 0;`);
    db.pragma('user_version = 6');
    db.close();
    const after = openStore(file);
    const found = async (q: string) =>
      (await after.listTraces({ limit: 10, now: 2, staleAfterMs: 600_000, q })).traces.map(
        (t) => t.trace.traceId,
      );
    expect([await found('drafting'), await found('lamp-4')]).toEqual([[TRACE_ID], [TRACE_ID]]);
    await ingest(after, [root({ attributes: { stage: 'Published' } })], 3);
    expect([await found('drafting'), await found('published')]).toEqual([[], [TRACE_ID]]);
    // Once the completed version is in the trigram index (within a second), the old text still finds nothing.
    const reader = new Database(file, { readonly: true });
    const pending = reader.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM span_search_pending');
    for (let i = 0; i < 50 && pending.get()!.n > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(pending.get()!.n).toBe(0);
    reader.close();
    expect([await found('drafting'), await found('published')]).toEqual([[], [TRACE_ID]]);
    expect(await after.getTrace(TRACE_ID)).toMatchObject({ spanCount: 2, runningCount: 0 });
  });
  it('forgets the running spans of an ingest that failed, so a later one cannot overwrite another row', async () => {
    const store = openStore(path.join(tempDir(), 'traces.db'));
    const failed = 'f'.repeat(32);
    const other = 'e'.repeat(32);
    // A BigInt cannot be written as JSON: the ingest fails after its first span was written, and rolls back.
    const unwritable = makeSpan({
      traceId: failed,
      spanId: spanId(2),
      attributes: { n: 1n as unknown as number },
    });
    await expect(
      ingest(store, [makeSpan({ traceId: failed, spanId: spanId(1), endTime: 0 }), unwritable], 1),
    ).rejects.toThrow(TypeError);
    // This span takes the row the rolled-back one had.
    await ingest(
      store,
      [makeSpan({ traceId: other, spanId: spanId(1), endTime: 0, displayName: 'other' })],
      2,
    );
    await ingest(store, [makeSpan({ traceId: failed, spanId: spanId(1), endTime: 5 })], 3);
    expect((await store.getSpans(other)).map((span) => [span.displayName, span.endTime])).toEqual([
      ['other', 0],
    ]);
    expect((await store.getSpans(failed)).map((span) => span.endTime)).toEqual([5]);
  });
  it('gives each request of one group transaction its own view of a trace they share, and stores the last', async () => {
    const store = openStore(path.join(tempDir(), 'traces.db'));
    const [first, second, third] = await Promise.all([
      ingest(store, [root({ endTime: 0 })], 1),
      ingest(store, [makeSpan({ spanId: spanId(2), parentSpanId: spanId(1), endTime: 0 })], 2),
      ingest(store, [root()], 3),
    ]);
    const view = (result: IngestResult) =>
      result.traces.map(({ created, rootEnded, trace }) => [
        created,
        rootEnded,
        trace.spanCount,
        trace.runningCount,
      ]);
    expect([view(first!), view(second!), view(third!)]).toEqual([
      [[true, false, 1, 1]],
      [[false, false, 2, 2]],
      [[false, true, 2, 1]],
    ]);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({ spanCount: 2, runningCount: 1, lastSeen: 3 });
  });
  it('refuses a database from a newer schema and an unwritable location, saying where', () => {
    const dir = tempDir();
    const newer = path.join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openStore(newer)).toThrow(/newer than this livespan understands/);
    const blocker = path.join(dir, 'file');
    writeFileSync(blocker, '');
    expect(() => openStore(path.join(blocker, 'traces.db'))).toThrow(
      /cannot open the trace database at .*file/,
    );
    if (process.getuid?.() !== 0) {
      chmodSync(dir, 0o500);
      try {
        expect(() => openStore(path.join(dir, 'ro.db'))).toThrow(/cannot open the trace database/);
      } finally {
        chmodSync(dir, 0o700);
      }
    }
  });
});

describe('SQLite trace store, usual durations', () => {
  it('keeps the recent durations of each path across a restart', async () => {
    const file = path.join(tempDir(), 'traces.db');
    const store = openStore(file);
    for (let i = 1; i <= 3; i++) {
      const traceId = i.toString(16).padStart(32, '0');
      await store.ingest(
        [makeSpan({ traceId, displayName: 'nightly', startTime: 0, endTime: i * 100 })],
        i,
        GENKIT,
      );
    }
    expect((await store.usualDurations(['/nightly'])).get('/nightly')).toEqual({
      usualDurationMs: 200,
      usualP95Ms: 300,
    });
    await store.close();
    const reopened = openStore(file);
    expect((await reopened.usualDurations(['/nightly'])).get('/nightly')).toEqual({
      usualDurationMs: 200,
      usualP95Ms: 300,
    });
  });
});
