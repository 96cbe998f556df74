/**
 * Cost of the `q` search index on SQLite ingest: server CPU per span event
 * with the FTS5 trigram index, against the same store whose `span_search`
 * is a plain table (the text written, nothing indexed), in the same run; and
 * whether the indexed cost stays flat as the index grows. In process, store
 * calls only (no HTTP), so the difference is the index's. Bounded: about a
 * minute. Run: `npx tsx bench/server/search-index.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { createSqliteTraceStore, type TraceStore } from '../../packages/server/src/index.js';
import type { SpanData } from '../../packages/tracing/src/wire/index.js';
import { updateResults } from '../support/bench-utils.js';

const SPANS_PER_TRACE = 50;
/** Events per measured window; the index holds `GROWTH` windows' spans before the last one. */
const WINDOW_EVENTS = 20_000;
const GROWTH = 8;
const sender = { source: 'genkit' as const };

/** A span with the attributes an LLM step or an HTTP call typically has (about 300 characters of search text). */
function span(trace: number, n: number, ended: boolean): SpanData {
  const traceId = trace.toString(16).padStart(32, '0');
  return {
    traceId,
    spanId: (n + 1).toString(16).padStart(16, '0'),
    ...(n > 0 && { parentSpanId: '0000000000000001' }),
    startTime: 1_700_000_000_000 + trace,
    endTime: ended ? 1_700_000_001_000 + trace : 0,
    displayName: n === 0 ? 'checkout_flow' : `step_${n % 7}`,
    attributes: {
      'genkit:type': 'action',
      'genkit:name': `step_${n % 7}`,
      'genkit:input': JSON.stringify({
        order: trace * 100 + n,
        items: ['book', 'pen', 'lamp'],
        note: 'deliver before noon',
      }),
      'http.url': `https://api.example.com/v1/orders/${trace}/items/${n}?expand=true`,
      'user.id': `user-${trace % 977}`,
      ...(ended && {
        'genkit:output': `The order ${trace}-${n} was priced at ${(n * 3.7).toFixed(2)} EUR and shipped.`,
      }),
    },
    instrumentationLibrary: { name: 'bench' },
    spanKind: 'INTERNAL',
  };
}

/** Opens a fresh store; `plain` swaps the FTS5 table for a plain one with the same columns. */
async function openStore(dir: string, plain: boolean): Promise<TraceStore> {
  const file = path.join(dir, `${plain ? 'plain' : 'trigram'}.db`);
  await createSqliteTraceStore({ path: file }).close();
  if (plain) {
    const db = new Database(file);
    db.exec('DROP TABLE span_search; CREATE TABLE span_search (trace_id TEXT, text TEXT)');
    db.close();
  }
  return createSqliteTraceStore({ path: file, retention: 1_000_000 });
}

/** CPU µs per span event over `events` events (each span sent started, then ended; 50 spans per call). */
async function ingest(store: TraceStore, firstTrace: number, events: number): Promise<number> {
  const traces = events / (2 * SPANS_PER_TRACE);
  const before = process.cpuUsage();
  for (let t = firstTrace; t < firstTrace + traces; t++) {
    const ids = Array.from({ length: SPANS_PER_TRACE }, (_, n) => n);
    await store.ingest(
      ids.map((n) => span(t, n, false)),
      Date.now(),
      sender,
    );
    await store.ingest(
      ids.map((n) => span(t, n, true)),
      Date.now(),
      sender,
    );
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / events;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-bench-search-'));
try {
  const result: Record<string, { first: number; last: number }> = {};
  // Alternated, warmed up, so both see the same machine state.
  const stores = { plain: await openStore(dir, true), trigram: await openStore(dir, false) };
  for (const store of Object.values(stores)) await ingest(store, 0, 2_000);
  const firsts: Record<string, number> = {};
  for (const [name, store] of Object.entries(stores))
    firsts[name] = await ingest(store, 1_000, WINDOW_EVENTS);
  for (let w = 1; w < GROWTH; w++) {
    for (const store of Object.values(stores))
      await ingest(store, 1_000 + (w * WINDOW_EVENTS) / 100, WINDOW_EVENTS);
  }
  for (const [name, store] of Object.entries(stores)) {
    result[name] = { first: firsts[name]!, last: await ingest(store, 100_000, WINDOW_EVENTS) };
  }
  const started = performance.now();
  const found = await stores.trigram.listTraces({
    limit: 100,
    now: Date.now(),
    staleAfterMs: 600_000,
    q: 'items/7?',
  });
  const queryMs = performance.now() - started;
  for (const store of Object.values(stores)) await store.close();
  const spans = ((GROWTH + 1) * WINDOW_EVENTS + 2_000) / 2;
  const { plain, trigram } = result as Record<'plain' | 'trigram', { first: number; last: number }>;
  const lines = [
    `SQLite store in process (files in the temp dir, WAL), ${SPANS_PER_TRACE} spans per ingest call, each span sent`,
    'started then ended; ~300 characters of searchable text per span. Completed versions wait in a plain table, one',
    'document of distinct lines per trace and ingest, and are tokenized in batches of about 500 spans, one document',
    'per trace and batch (sqlite-search-index.ts); "plain": the same store with `span_search` a plain table',
    '(text written, nothing tokenized). CPU of this process, background indexing included.',
    '',
    '| measure | plain | trigram index | ratio |',
    '| --- | --- | --- | --- |',
    `| CPU per event, first ${WINDOW_EVENTS.toLocaleString('en')} events | ${plain.first.toFixed(1)} µs | ${trigram.first.toFixed(1)} µs | ${(trigram.first / plain.first).toFixed(2)}× |`,
    `| CPU per event, after ${(GROWTH * WINDOW_EVENTS).toLocaleString('en')} events (${((GROWTH * WINDOW_EVENTS) / 2).toLocaleString('en')} spans indexed) | ${plain.last.toFixed(1)} µs | ${trigram.last.toFixed(1)} µs | ${(trigram.last / plain.last).toFixed(2)}× |`,
    `| growth, last / first window | ${(plain.last / plain.first).toFixed(2)}× | ${(trigram.last / trigram.first).toFixed(2)}× | |`,
    `| \`q\` over ${spans.toLocaleString('en')} indexed spans ("items/7?", ${found.traces.length} traces) | | ${queryMs.toFixed(1)} ms | |`,
  ];
  const body = lines.join('\n');
  process.stdout.write(`${body}\n`);
  await updateResults('server-search-index', body, 'npx tsx bench/server/search-index.ts');
} finally {
  rmSync(dir, { recursive: true, force: true });
}
