/**
 * Where the server's ingest time goes, stage by stage, in one process (no
 * HTTP): the same 200-span TraceData bodies the batched ingest bench posts,
 * each span as a start then an end. Every stage is printed as µs per span
 * event and as a ratio to `JSON.parse` of the same body, the floor any JSON
 * ingest pays. Run: `npx tsx bench/server/ingest-stages.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SpanData } from '@livespan/tracing/wire';
import Database from 'better-sqlite3';
import { causalOrder } from '../../packages/server/src/causal-order.js';
import { checkJsonElements } from '../../packages/server/src/element-limits.js';
import { parseJson } from '../../packages/server/src/read-body.js';
import { sanitizeSpan } from '../../packages/server/src/sanitize-span.js';
import { createSqliteTraceStore } from '../../packages/server/src/sqlite-trace-store.js';
import { parseTraceDataBody } from '../../packages/server/src/trace-data-schema.js';
import { percentile, updateResults } from '../support/bench-utils.js';
import { benchSpan, traceIds } from './load.js';

const SPANS_PER_BODY = 200;
const BODIES = 200;
const ROUNDS = 5;
/** Issue 16's batched target: server CPU per span event, whole server. */
const ISSUE_TARGET_US = 7;
const newTraceId = traceIds('e');

/** A batch as the exporter sends it: one trace of 200 spans, as starts, then the same as ends. */
function bodies(): Buffer[] {
  const out: Buffer[] = [];
  for (let b = 0; b < BODIES / 2; b++) {
    const traceId = newTraceId();
    for (const end of [0, 1_700_000_001_000]) {
      const spans: Record<string, SpanData> = Object.create(null);
      for (let i = 0; i < SPANS_PER_BODY; i++) {
        const span = benchSpan(traceId, i, i === 0 ? undefined : 0, end && end + i);
        spans[span.spanId] = span;
      }
      out.push(Buffer.from(JSON.stringify({ traceId, spans })));
    }
  }
  return out;
}

/** µs per span event of `run` over every body, median of rounds. */
function measure(inputs: Buffer[], run: (body: Buffer) => unknown): number {
  const times: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.cpuUsage();
    for (const body of inputs) run(body);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / (inputs.length * SPANS_PER_BODY));
  }
  return percentile(times, 50);
}

const VALIDATION = 'validation (trace-data-schema.ts: ajv compiled from zod, zod for refusals)';
const inputs = bodies();
const valid = (body: Buffer) => parseTraceDataBody(JSON.parse(body.toString('utf8'))).spans;
const stages: Array<[string, (body: Buffer) => unknown]> = [
  ['JSON.parse (baseline)', (body) => JSON.parse(body.toString('utf8'))],
  ['UTF-8 check + element count (read-body.ts, element-limits.ts)', (body) => checkJsonElements(body)],
  ['parseJson: both of the above', (body) => parseJson(body)],
  [VALIDATION, (body) => parseTraceDataBody(JSON.parse(body.toString('utf8')))],
  [
    'sanitize + causal order (sanitize-span.ts, causal-order.ts)',
    (body) => causalOrder(valid(body).map(sanitizeSpan)),
  ],
  [
    'JSON.stringify of each span (what the store keeps)',
    (body) => valid(body).map((span) => JSON.stringify(span)),
  ],
];
const results = stages.map(([name, run]) => [name, measure(inputs, run)] as const);
// Stages that include an earlier one are reported net of it.
const net = new Map(results);
const baseline = net.get('JSON.parse (baseline)')!;
const validation = net.get(VALIDATION)! - baseline;
const validated = baseline + validation;
const rows: Array<[string, number]> = [
  ['JSON.parse (baseline)', baseline],
  [
    'UTF-8 check + element count (read-body.ts, element-limits.ts)',
    net.get('parseJson: both of the above')! - baseline,
  ],
  [VALIDATION, validation],
  [
    'sanitize + causal order (sanitize-span.ts, causal-order.ts)',
    net.get('sanitize + causal order (sanitize-span.ts, causal-order.ts)')! - validated,
  ],
];
/** Part of the store's time (merge-span.ts writes each stored span as JSON), so shown apart from the total. */
const stringifyUs = net.get('JSON.stringify of each span (what the store keeps)')! - validated;

// The store: each body's spans ingested in a transaction of its own (the server groups the requests of one
// event-loop turn in one transaction, so under load it commits less often than here).
const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-stages-'));
const file = path.join(dir, 'traces.db');
const store = createSqliteTraceStore({ path: file, retention: 100_000 });
const prepared = inputs.map((body) => causalOrder(valid(body).map(sanitizeSpan)));
const reader = new Database(file, { readonly: true });
const pendingSearch = reader.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM span_search_pending');
const storeStart = process.cpuUsage();
for (const spans of prepared) await store.ingest(spans, Date.now(), { source: 'livespan' });
// The search index takes in the stored versions after the commits, in batches (sqlite-search-index.ts):
// the store's CPU is read once it caught up (at most a second later), so that deferred work counts too.
for (let i = 0; i < 1_000 && pendingSearch.get()!.n > 0; i++) await new Promise((r) => setTimeout(r, 5));
const storeUsed = process.cpuUsage(storeStart);
if (pendingSearch.get()!.n > 0) throw new Error('the search index did not catch up within 5 s');
reader.close();
await store.close();
const storeUs = (storeUsed.user + storeUsed.system) / (prepared.length * SPANS_PER_BODY);
rows.push(['store ingest, SQLite (merge, statements, commit, search index; sqlite-trace-store.ts)', storeUs]);

// The floor of any store that commits each snapshot as a row, as livespan's does (acknowledged = committed):
// one prepared INSERT OR REPLACE of the span's JSON per event into a table with nothing but its primary key,
// one transaction per body, the same pragmas. No merge, summary, search or statistics.
const floorDb = new Database(path.join(dir, 'floor.db'));
floorDb.pragma('journal_mode = WAL');
floorDb.pragma('synchronous = NORMAL');
floorDb.exec(
  'CREATE TABLE spans (trace_id TEXT, span_id TEXT, data TEXT NOT NULL, PRIMARY KEY (trace_id, span_id)) WITHOUT ROWID',
);
const insertFloor = floorDb.prepare(
  'INSERT OR REPLACE INTO spans (trace_id, span_id, data) VALUES (?, ?, ?)',
);
const writeFloor = floorDb.transaction((spans: readonly SpanData[]) => {
  for (const span of spans) insertFloor.run(span.traceId, span.spanId, JSON.stringify(span));
});
const floorStart = process.cpuUsage();
for (const spans of prepared) writeFloor(spans);
const floorUsed = process.cpuUsage(floorStart);
floorDb.close();
rmSync(dir, { recursive: true, force: true });
const floorUs = (floorUsed.user + floorUsed.system) / (prepared.length * SPANS_PER_BODY);

const total = rows.reduce((sum, [, us]) => sum + us, 0);
const lines = [
  `${BODIES} TraceData bodies of ${SPANS_PER_BODY} spans (starts, then ends), ${Math.round(inputs[0]!.length / SPANS_PER_BODY)} bytes a span; CPU of this process, median of ${ROUNDS} rounds (the store: one pass, until its search index caught up). No HTTP: the batched ingest bench adds the server's request handling and live events on top.`,
  '',
  '| stage | µs per span event | ratio to JSON.parse | share |',
  '| --- | --- | --- | --- |',
  ...rows.map(
    ([name, us]) =>
      `| ${name} | ${us.toFixed(2)} | ${(us / baseline).toFixed(2)}× | ${((100 * us) / total).toFixed(0)}% |`,
  ),
  `| total | ${total.toFixed(2)} | ${(total / baseline).toFixed(2)}× | 100% |`,
  `| of which JSON.stringify of each stored span (merge-span.ts, in the store's row) | ${stringifyUs.toFixed(2)} | ${(stringifyUs / baseline).toFixed(2)}× | ${((100 * stringifyUs) / total).toFixed(0)}% |`,
  '',
  `Floor of a store that commits every snapshot as a row (one INSERT OR REPLACE of the span's JSON per event, primary key only, one transaction per body, WAL, synchronous=NORMAL; no merge, summary, search or statistics): ${floorUs.toFixed(2)} µs per event, ${(floorUs / baseline).toFixed(2)}× JSON.parse. With JSON.parse alone in front of it: ${(floorUs + baseline).toFixed(2)} µs per event, ${((floorUs + baseline) / ISSUE_TARGET_US).toFixed(2)}× issue 16's whole-server target of ${ISSUE_TARGET_US} µs.`,
];
console.log(lines.join('\n'));
await updateResults('server-ingest-stages', lines.join('\n'), 'npx tsx bench/server/ingest-stages.ts');
