import type { SpanData } from '@livespan/tracing/wire';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresTraceStore } from './postgres-trace-store.js';
import { type Resource, toResource } from './resource.js';
import type { Sender } from './sender.js';
import { createSqliteTraceStore } from './sqlite-trace-store.js';
import { makeSpan, spanId, TRACE_ID } from './test-support/factories.js';
import { type PostgresCluster, startPostgresCluster } from './test-support/postgres-cluster.js';
import type { TraceListQuery, TraceStore } from './trace-store.js';

/**
 * The `TraceStore` contract, run unchanged against every store. A new store
 * passes by adding one entry to `STORES`.
 */
interface StoreKind {
  name: string;
  setUp?(): Promise<void>;
  tearDown?(): Promise<void>;
  open(options: { retention?: number }): Promise<TraceStore>;
}

let cluster: PostgresCluster | undefined;
const STORES: StoreKind[] = [
  {
    name: 'SQLite',
    async open({ retention }) {
      return createSqliteTraceStore({ path: ':memory:', ...(retention !== undefined && { retention }) });
    },
  },
  {
    name: 'PostgreSQL',
    async setUp() {
      cluster = await startPostgresCluster();
    },
    async tearDown() {
      cluster?.destroy();
    },
    async open({ retention }) {
      const store = createPostgresTraceStore({
        connectionString: await cluster!.createDatabase(),
        poolSize: 2,
        ...(retention !== undefined && { retention }),
      });
      await store.ready;
      return store;
    },
  },
];

const GENKIT: Sender = { source: 'genkit' };
function ingest(
  store: TraceStore,
  spans: SpanData[],
  now: number,
  sender: Sender = GENKIT,
  resources?: Resource[],
) {
  return store.ingest(spans, now, sender, resources);
}

const root = (overrides = {}) => makeSpan({ spanId: spanId(1), displayName: 'root', ...overrides });
const child = (n: number, overrides = {}) =>
  makeSpan({
    spanId: spanId(n),
    parentSpanId: spanId(1),
    displayName: `child${n}`,
    startTime: 1_000 + n,
    ...overrides,
  });

describe.each(STORES)('$name trace store (contract)', (kind) => {
  const stores: TraceStore[] = [];
  const openStore = async (options: { retention?: number } = {}) => {
    const store = await kind.open(options);
    stores.push(store);
    return store;
  };
  beforeAll(async () => kind.setUp?.(), 60_000);
  afterAll(async () => kind.tearDown?.());
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('keeps running and error counts by diffing each span, through start, update and end', async () => {
    const store = await openStore();
    await ingest(store, [root({ endTime: 0 }), child(2, { endTime: 0 })], 10);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({
      spanCount: 2,
      runningCount: 2,
      errorCount: 0,
      realtime: true,
    });
    await ingest(store, [child(2, { endTime: 1_500, status: { code: 2 } })], 11);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({
      spanCount: 2,
      runningCount: 1,
      errorCount: 1,
      lastSeen: 11,
    });
    await ingest(store, [child(2, { endTime: 1_600, status: { code: 1 } }), root({ endTime: 2_000 })], 12);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({
      spanCount: 2,
      runningCount: 0,
      errorCount: 0,
      endTime: 2_000,
    });
  });
  it('does not regress a complete span with a late start, and ignores duplicates', async () => {
    const store = await openStore();
    await ingest(store, [root()], 1);
    const late = await ingest(store, [root({ endTime: 0 }), root()], 2);
    expect(late.traces[0]?.spans).toEqual([]);
    expect(await store.getSpans(TRACE_ID)).toEqual([root()]);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({ spanCount: 1, runningCount: 0 });
  });
  it('handles end before start, out of order', async () => {
    const store = await openStore();
    await ingest(store, [child(2)], 1);
    await ingest(store, [child(2, { endTime: 0 })], 2);
    expect((await store.getSpans(TRACE_ID))[0]?.endTime).toBe(2_000);
  });
  it('lists a trace by its earliest span until the root arrives, then by the root', async () => {
    const store = await openStore();
    await ingest(store, [child(3, { startTime: 1_300 })], 1);
    await ingest(store, [child(2, { startTime: 1_200 })], 2);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({
      displayName: 'child2',
      startTime: 1_200,
      hasRoot: false,
    });
    const change = await ingest(store, [root({ startTime: 1_000 })], 3);
    expect(change.traces[0]).toMatchObject({ rootEnded: true, created: false });
    expect(await store.getTrace(TRACE_ID)).toMatchObject({
      displayName: 'root',
      startTime: 1_000,
      hasRoot: true,
    });
  });
  it('pages newest first with a continuation token and filters by name, status and root attributes', async () => {
    const store = await openStore();
    for (let i = 0; i < 5; i++) {
      const traceId = `${i}`.repeat(32);
      await ingest(
        store,
        [makeSpan({ traceId, startTime: i * 10, displayName: i % 2 ? 'odd' : 'even', attributes: { i } })],
        1,
      );
    }
    const base = { now: 1, staleAfterMs: 1_000 };
    const first = await store.listTraces({ ...base, limit: 2 });
    expect(first.traces.map((t) => t.trace.startTime)).toEqual([40, 30]);
    const second = await store.listTraces({
      ...base,
      limit: 10,
      continuationToken: first.continuationToken!,
    });
    expect(second.traces.map((t) => t.trace.startTime)).toEqual([20, 10, 0]);
    expect(second.continuationToken).toBeUndefined();
    expect((await store.listTraces({ ...base, limit: 10, name: 'OD' })).traces).toHaveLength(2);
    expect((await store.listTraces({ ...base, limit: 10, filter: { eq: { i: 3 } } })).traces).toHaveLength(1);
    expect((await store.listTraces({ ...base, limit: 10, filter: { neq: { i: 3 } } })).traces).toHaveLength(
      4,
    );
    expect((await store.listTraces({ ...base, limit: 10, status: ['ok'] })).traces).toHaveLength(5);
    expect((await store.listTraces({ ...base, limit: 10, status: ['running'] })).traces).toHaveLength(0);
  });
  it('reports a silent running trace as stale once, with the reason, until new data revives it', async () => {
    const store = await openStore();
    await ingest(store, [root({ endTime: 0 })], 100);
    expect(await store.takeNewlyStale(200, 100)).toEqual([]);
    const stale = await store.takeNewlyStale(201, 100);
    expect(stale.map(({ trace: t }) => [t.traceId, t.staleReason])).toEqual([
      [TRACE_ID, 'no update for 100 ms'],
    ]);
    expect(await store.takeNewlyStale(201, 100)).toEqual([]);
    expect((await store.getTrace(TRACE_ID))?.staleReason).toBe('no update for 100 ms');
    const revived = await ingest(store, [child(2, { endTime: 0 })], 300);
    expect(revived.traces[0]?.revived).toBe(true);
    expect((await store.getTrace(TRACE_ID))?.staleReason).toBeUndefined();
    expect(await store.takeNewlyStale(401, 100)).toHaveLength(1);
  });
  it('judges silence by what the sender promised: 3 missed heartbeats, or the long limit without heartbeats', async () => {
    const store = await openStore();
    const beating: Sender = { source: 'livespan', realtime: true, heartbeatMs: 5_000 };
    await ingest(store, [root({ endTime: 0 })], 0, beating);
    await ingest(store, [makeSpan({ traceId: 'b'.repeat(32), endTime: 0 })], 0, { source: 'otlp' });
    expect(await store.takeNewlyStale(15_000, 600_000)).toEqual([]);
    const stale = await store.takeNewlyStale(15_001, 600_000);
    expect(stale.map(({ trace: t }) => [t.traceId, t.staleReason])).toEqual([
      [TRACE_ID, 'no heartbeat for 15 s (the app sends one every 5 s)'],
    ]);
    expect(await store.takeNewlyStale(600_000, 600_000)).toEqual([]);
    expect((await store.takeNewlyStale(600_001, 600_000)).map(({ trace: t }) => t.staleReason)).toEqual([
      'no update for 10 min',
    ]);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({
      source: 'livespan',
      senderRealtime: true,
      heartbeatMs: 5_000,
    });
  });
  it("stops the running traces of a gone app at once, with the reason, and leaves other apps' traces alone", async () => {
    const store = await openStore();
    const other = 'c'.repeat(32);
    await ingest(store, [root({ endTime: 0 })], 10, { source: 'genkit', appId: 'a-1' });
    await ingest(store, [makeSpan({ traceId: other, endTime: 0 })], 10, { source: 'genkit', appId: 'a-2' });
    await ingest(store, [makeSpan({ traceId: 'd'.repeat(32) })], 10, { source: 'genkit', appId: 'a-1' });
    const stopped = await store.stopApp('a-1', 'app exited with code 1');
    expect(stopped.map(({ trace: t }) => [t.traceId, t.staleReason])).toEqual([
      [TRACE_ID, 'app exited with code 1'],
    ]);
    expect(await store.stopApp('a-1', 'app exited with code 1')).toEqual([]);
    expect((await store.getTrace(other))?.staleReason).toBeUndefined();
    const page = await store.listTraces({ limit: 10, now: 11, staleAfterMs: 600_000, status: ['stale'] });
    expect(page.traces.map((t) => t.trace.traceId)).toEqual([TRACE_ID]);
  });
  it('keeps the newest traces, deleting whole old ones once past the slack', async () => {
    const store = await openStore({ retention: 20 });
    const deleted: string[] = [];
    for (let i = 0; i < 30; i++) {
      const traceId = i.toString(16).padStart(32, '0');
      const result = await ingest(
        store,
        [makeSpan({ traceId }), makeSpan({ traceId, spanId: spanId(2), parentSpanId: spanId(1) })],
        i,
      );
      deleted.push(...result.deleted);
    }
    expect(deleted.length).toBeGreaterThan(0);
    expect(await store.getTrace('0'.repeat(32))).toBeUndefined();
    expect(await store.getSpans('0'.repeat(32))).toEqual([]);
    const page = await store.listTraces({ limit: 1000, now: 0, staleAfterMs: 1 });
    expect(page.traces.length).toBe(30 - deleted.length);
    expect(page.traces.length).toBeGreaterThanOrEqual(20);
    expect(page.traces.length).toBeLessThanOrEqual(21);
  });
  it('deletes one trace with its spans, leaving the others; false for an unknown one', async () => {
    const store = await openStore();
    const other = 'c'.repeat(32);
    await ingest(store, [root(), child(2)], 10);
    await ingest(store, [makeSpan({ traceId: other })], 10);
    expect(await store.deleteTrace(TRACE_ID)).toBe(true);
    expect(await store.getTrace(TRACE_ID)).toBeUndefined();
    expect(await store.getSpans(TRACE_ID)).toEqual([]);
    expect(await store.deleteTrace(TRACE_ID)).toBe(false);
    const page = await store.listTraces({ limit: 10, now: 11, staleAfterMs: 600_000 });
    expect(page.traces.map((t) => t.trace.traceId)).toEqual([other]);
    await ingest(store, [child(3)], 12);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({ spanCount: 1, hasRoot: false });
  });
  it('clears every trace, then stores new ones as before', async () => {
    const store = await openStore();
    await ingest(store, [root(), child(2)], 10);
    await ingest(store, [makeSpan({ traceId: 'c'.repeat(32) })], 10);
    await store.clear();
    expect((await store.listTraces({ limit: 10, now: 11, staleAfterMs: 600_000 })).traces).toEqual([]);
    expect(await store.getSpans(TRACE_ID)).toEqual([]);
    await ingest(store, [root()], 12);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({ spanCount: 1, hasRoot: true });
  });
  it('finds traces by q in any span: names, attribute keys and values, case-insensitive, short queries too', async () => {
    const store = await openStore();
    const other = 'c'.repeat(32);
    await ingest(
      store,
      [root(), child(2, { attributes: { 'http.url': 'https://Example.COM/orders?id=42' } })],
      10,
    );
    await ingest(store, [child(3, { attributes: { nested: { deep: ['Café', 7] } } })], 11);
    await ingest(store, [makeSpan({ traceId: other, displayName: 'Checkout "quoted"', startTime: 500 })], 12);
    const found = async (q: string) =>
      (await store.listTraces({ limit: 10, now: 13, staleAfterMs: 600_000, q })).traces.map(
        (t) => t.trace.traceId,
      );
    expect(await found('example.com/ORDERS')).toEqual([TRACE_ID]);
    expect(await found('HTTP.URL')).toEqual([TRACE_ID]);
    expect(await found('nested.deep')).toEqual([TRACE_ID]);
    expect(await found('café')).toEqual([TRACE_ID]);
    expect(await found('CAFÉ')).toEqual([TRACE_ID]);
    expect(await found('"quoted"')).toEqual([other]);
    expect(await found('42')).toEqual([TRACE_ID]);
    expect(await found('7')).toEqual([TRACE_ID]);
    expect(await found('%')).toEqual([]);
    expect(await found('_')).toEqual([]);
    expect(await found('example.org')).toEqual([]);
    expect(await found('child')).toEqual([TRACE_ID]);
    expect(await found('o')).toEqual([TRACE_ID, other]);
    // A span's later version replaces its search text; a deleted trace is no longer found.
    await ingest(
      store,
      [child(2, { attributes: { 'http.url': 'https://example.org/' }, endTime: 3_000 })],
      14,
    );
    expect(await found('example.com')).toEqual([]);
    expect(await found('example.org')).toEqual([TRACE_ID]);
    await store.deleteTrace(TRACE_ID);
    expect(await found('example.org')).toEqual([]);
    expect(await found('xa')).toEqual([]);
  });
  it('filters the list by start time (since inclusive, until exclusive) and by several statuses', async () => {
    const store = await openStore();
    for (let i = 0; i < 4; i++) {
      const traceId = `${i + 1}`.repeat(32);
      const status = i === 1 ? { status: { code: 2 } } : {};
      await ingest(
        store,
        [makeSpan({ traceId, startTime: i * 100, endTime: i === 3 ? 0 : 1_000, ...status })],
        10,
      );
    }
    const base = { limit: 10, now: 11, staleAfterMs: 600_000 };
    const ids = async (query: Partial<TraceListQuery>) =>
      (await store.listTraces({ ...base, ...query })).traces.map((t) => t.trace.startTime);
    expect(await ids({ since: 100, until: 300 })).toEqual([200, 100]);
    expect(await ids({ since: 101 })).toEqual([300, 200]);
    expect(await ids({ status: ['error', 'running'] })).toEqual([300, 100]);
    expect(await ids({ status: ['error', 'running'], until: 300 })).toEqual([100]);
  });
  it("stores each resource once, names the trace by its root's service, and forgets resources on clear", async () => {
    const store = await openStore();
    const web = toResource({ 'service.name': 'web' });
    const db = toResource({ 'service.name': 'db', 'db.system': 'postgresql' });
    await ingest(store, [child(2, { resourceId: db.resourceId })], 10, GENKIT, [db]);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({ serviceName: 'db' });
    await ingest(
      store,
      [root({ resourceId: web.resourceId, attributes: { 'http.route': '/cart' } })],
      11,
      GENKIT,
      [web, web],
    );
    await ingest(store, [child(3, { resourceId: db.resourceId })], 12, GENKIT, [db]);
    expect(await store.getTrace(TRACE_ID)).toMatchObject({ serviceName: 'web', route: '/cart' });
    const page = await store.listTraces({ limit: 10, now: 13, staleAfterMs: 600_000 });
    expect(page.traces[0]?.trace).toMatchObject({ serviceName: 'web', route: '/cart' });
    expect(await store.getResource(db.resourceId)).toEqual({
      'service.name': 'db',
      'db.system': 'postgresql',
    });
    expect((await store.getSpans(TRACE_ID)).map((span) => span.resourceId)).toEqual([
      web.resourceId,
      db.resourceId,
      db.resourceId,
    ]);
    await store.deleteTrace(TRACE_ID);
    expect(await store.getResource(web.resourceId)).toEqual({ 'service.name': 'web' });
    await store.clear();
    expect(await store.getResource(web.resourceId)).toBeUndefined();
  });
});
