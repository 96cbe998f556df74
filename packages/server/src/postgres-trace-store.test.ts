import type { SpanData } from '@livespan/tracing/wire';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from './live-changes.js';
import { POSTGRES_SCHEMA_VERSION } from './postgres-schema.js';
import { createPostgresTraceStore, type PostgresTraceStore } from './postgres-trace-store.js';
import type { Sender } from './sender.js';
import { makeSpan, spanId, TRACE_ID } from './test-support/factories.js';
import { type PostgresCluster, startPostgresCluster } from './test-support/postgres-cluster.js';
import { StoreUnavailableError } from './trace-store.js';

// What only the PostgreSQL store has: several instances on one database, and a database that goes away.
// The behaviour it shares with SQLite is in trace-store-contract.test.ts.
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(() => cluster?.destroy());

const stores: PostgresTraceStore[] = [];
function openStore(
  url: string,
  options: { maxAgeMs?: number; retention?: number; poolSize?: number } = {},
): PostgresTraceStore {
  const store = createPostgresTraceStore({
    connectionString: url,
    poolSize: 4,
    connectTimeoutMs: 2_000,
    ...options,
  });
  stores.push(store);
  return store;
}
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

const GENKIT: Sender = { source: 'genkit' };
const traceId = (n: number) => n.toString(16).padStart(32, '0');

describe('PostgreSQL trace store', () => {
  it('migrates a new database once when instances start together, and refuses a newer schema', async () => {
    const url = await cluster.createDatabase();
    const instances = [openStore(url), openStore(url), openStore(url)];
    await Promise.all(instances.map((store) => store.ready));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query('SELECT version FROM livespan_schema')).rows).toEqual([
        { version: POSTGRES_SCHEMA_VERSION },
      ]);
      await client.query('UPDATE livespan_schema SET version = $1', [POSTGRES_SCHEMA_VERSION + 1]);
    } finally {
      await client.end();
    }
    await expect(openStore(url).ready).rejects.toThrow(/newer than this livespan understands/);
  });

  it('compresses live event rows with lz4, which this PostgreSQL has, rather than the slower default', async () => {
    const url = await cluster.createDatabase();
    await openStore(url).ready;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ table: string; compression: string }>(
        `SELECT attrelid::regclass::text AS table, attcompression AS compression FROM pg_attribute
         WHERE attname = 'events' AND attrelid IN ('live_outbox'::regclass, 'live_events'::regclass)
         ORDER BY 1`,
      );
      expect(rows).toEqual([
        { table: 'live_events', compression: 'l' },
        { table: 'live_outbox', compression: 'l' },
      ]);
    } finally {
      await client.end();
    }
  });

  it('upgrades a database written before the search index: stored spans are found by q', async () => {
    const url = await cluster.createDatabase();
    const before = openStore(url);
    const spans = Array.from({ length: 1_100 }, (_, i) =>
      makeSpan({ traceId: traceId(i + 1), attributes: { sku: `Lamp-${i}` } }),
    );
    await before.ingest(spans, 1, GENKIT);
    await before.close();
    // Back to schema version 1: every later step undone.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`DROP TABLE span_search; DROP TABLE resources; DROP TABLE live_outbox; DROP TABLE span_durations; DROP INDEX spans_by_parent;
        ALTER TABLE traces DROP COLUMN service_name; ALTER TABLE traces DROP COLUMN route;
        ALTER TABLE traces DROP COLUMN usage; ALTER TABLE traces DROP COLUMN root_path;
        UPDATE livespan_schema SET version = 1`);
    } finally {
      await client.end();
    }
    const after = openStore(url);
    await after.ready;
    const found = await after.listTraces({ limit: 10, now: 2, staleAfterMs: 600_000, q: 'LAMP-1099' });
    expect(found.traces.map((t) => t.trace.traceId)).toEqual([traceId(1_100)]);
  });
  it('keeps every span when two instances ingest into the same new trace at once', async () => {
    const url = await cluster.createDatabase();
    const [a, b] = [openStore(url), openStore(url)];
    await Promise.all([a.ready, b.ready]);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        (n % 2 ? a : b).ingest(
          [makeSpan({ spanId: spanId(n + 2), parentSpanId: spanId(1), endTime: n % 4 ? 0 : 2_000 })],
          n,
          GENKIT,
        ),
      ),
    );
    expect(results.filter((result) => result.traces[0]?.created)).toHaveLength(1);
    expect(await a.getTrace(TRACE_ID)).toMatchObject({ spanCount: 40, runningCount: 30 });
    expect(await b.getSpans(TRACE_ID)).toHaveLength(40);
  });

  it('reports each stale trace to exactly one of two instances sweeping at once', async () => {
    const url = await cluster.createDatabase();
    const [a, b] = [openStore(url), openStore(url)];
    await Promise.all([a.ready, b.ready]);
    for (let n = 1; n <= 30; n++) await a.ingest([makeSpan({ traceId: traceId(n), endTime: 0 })], 0, GENKIT);
    const reported: string[] = [];
    for (let round = 0; round < 3; round++) {
      const [fromA, fromB] = await Promise.all([a.takeNewlyStale(1_000, 10), b.takeNewlyStale(1_000, 10)]);
      reported.push(...[...fromA, ...fromB].map(({ trace }) => trace.traceId));
    }
    expect(reported.sort()).toEqual(Array.from({ length: 30 }, (_, n) => traceId(n + 1)));
  });

  it('deletes traces not updated within maxAgeMs, reporting them as deleted', async () => {
    const store = openStore(await cluster.createDatabase(), { maxAgeMs: 1_000 });
    await store.ingest([makeSpan({ traceId: traceId(1) })], 0, GENKIT);
    await store.ingest([makeSpan({ traceId: traceId(2) })], 500, GENKIT);
    const result = await store.ingest([makeSpan({ traceId: traceId(3) })], 1_200, GENKIT);
    expect(result.deleted).toEqual([traceId(1)]);
    expect(await store.getTrace(traceId(1))).toBeUndefined();
    expect(await store.getSpans(traceId(1))).toEqual([]);
    expect(await store.getTrace(traceId(2))).toBeDefined();
  });

  it('builds the live events of an ingest from the usual durations it holds, needing no second connection', async () => {
    // One connection: a lookup on another connection while the ingest's transaction holds it could not run.
    const store = openStore(await cluster.createDatabase(), { poolSize: 1 });
    const path = '/{flow,t:flow}/{step,t:flowStep}';
    const run = (n: number, endTime: number) =>
      makeSpan({ traceId: traceId(n), startTime: 1_000, endTime, attributes: { 'genkit:path': path } });
    for (const [i, duration] of [100, 200, 300].entries()) {
      await store.ingest([run(i + 1, 0)], i, GENKIT);
      await store.ingest([run(i + 1, 1_000 + duration)], i, GENKIT);
    }
    let seen: Map<string, unknown> | undefined;
    const result = await store.ingest([run(9, 0)], 9, GENKIT, {
      liveEvents: async () => {
        seen = await store.usualDurations([path]);
        return [];
      },
    });
    expect(result.liveEventsWritten).toBe(true);
    expect(seen?.get(path)).toEqual({ usualDurationMs: 200, usualP95Ms: 300 });
  });

  it('writes live events with quotes, backslashes and any Unicode to the outbox unchanged', async () => {
    const url = await cluster.createDatabase();
    const store = openStore(url);
    const text = `it's a \\ back\\slash, a "quote", \\' and \\\\'' both, $$ dollars $$, é 😀 \n`;
    const span = makeSpan({ traceId: traceId(1), displayName: text, attributes: { [text]: text } });
    await store.ingest([span], 1, GENKIT, {
      liveEvents: async (result) => ingestEvents(result, 1, 60_000),
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ events: string }>('SELECT events FROM live_outbox');
      const events = rows.flatMap(
        (row) => JSON.parse(row.events) as Array<[string, string, { span?: SpanData }]>,
      );
      const stored = events.find(([, name]) => name.startsWith('span_'))?.[2].span;
      expect(stored?.displayName).toBe(text);
      expect(stored?.attributes).toEqual({ [text]: text });
    } finally {
      await client.end();
    }
  });

  it('finds a span by the text of its latest version, whether a new version changed its text or kept it', async () => {
    const store = openStore(await cluster.createDatabase());
    const version = (n: number, endTime: number, attributes: Record<string, string>) =>
      makeSpan({ traceId: traceId(n), startTime: 1_000, endTime, attributes });
    await store.ingest([version(1, 0, { sku: 'lamp' }), version(2, 0, { sku: 'desk' })], 1, GENKIT);
    await store.ingest([version(1, 2_000, { sku: 'lamp' }), version(2, 2_000, { sku: 'chair' })], 2, GENKIT);
    const found = async (q: string) =>
      (await store.listTraces({ limit: 10, now: 3, staleAfterMs: 60_000, q })).traces.map(
        (t) => t.trace.traceId,
      );
    expect(await found('lamp')).toEqual([traceId(1)]);
    expect(await found('chair')).toEqual([traceId(2)]);
    expect(await found('desk')).toEqual([]);
  });

  it('refuses a span with a NUL character, which PostgreSQL text cannot hold, storing nothing of its request', async () => {
    const store = openStore(await cluster.createDatabase());
    await expect(
      store.ingest(
        [makeSpan({ traceId: traceId(2) }), makeSpan({ traceId: traceId(1), displayName: 'a\u0000b' })],
        1,
        GENKIT,
      ),
    ).rejects.toThrow(/NUL character/);
    expect(await store.getTrace(traceId(2))).toBeUndefined();
    await store.ingest([makeSpan({ traceId: traceId(1), displayName: 'ab' })], 2, GENKIT);
    expect(await store.getTrace(traceId(1))).toMatchObject({ displayName: 'ab' });
  });

  it('cannot send a payload over 8000 bytes with NOTIFY, which is why live events travel as rows', async () => {
    const client = new pg.Client({ connectionString: cluster.url() });
    await client.connect();
    try {
      await client.query("SELECT pg_notify('livespan_probe', repeat('x', 7999))");
      await expect(client.query("SELECT pg_notify('livespan_probe', repeat('x', 8000))")).rejects.toThrow(
        /payload string too long/,
      );
    } finally {
      await client.end();
    }
  });

  // Last in this file: it stops the shared cluster and starts it again.
  it('rejects with StoreUnavailableError while the database is down, and stores again once it is back', async () => {
    const store = openStore(await cluster.createDatabase());
    await store.ingest([makeSpan({ traceId: traceId(1) })], 1, GENKIT);
    cluster.kill();
    try {
      await expect(store.ingest([makeSpan({ traceId: traceId(2) })], 2, GENKIT)).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(store.getTrace(traceId(1))).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(store.listTraces({ limit: 1, now: 0, staleAfterMs: 1 })).rejects.toBeInstanceOf(
        StoreUnavailableError,
      );
      await expect(store.takeNewlyStale(3, 1)).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      cluster.start();
    }
    await store.ingest([makeSpan({ traceId: traceId(2) })], 4, GENKIT);
    expect(await store.getTrace(traceId(1))).toMatchObject({ spanCount: 1 });
    expect(await store.getTrace(traceId(2))).toMatchObject({ spanCount: 1 });
  }, 60_000);
});
