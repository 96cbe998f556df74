import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from './live-changes.js';
import { PostgresLiveHub } from './postgres-live-hub.js';
import { createPostgresTraceStore } from './postgres-trace-store.js';
import { makeSpan, SseReader } from './test-support/factories.js';
import { type PostgresCluster, startPostgresCluster } from './test-support/postgres-cluster.js';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(() => cluster?.destroy());

const hubs: PostgresLiveHub[] = [];
const silent = { error: () => undefined, info: () => undefined, warn: () => undefined };
/** A database with the schema, and a hub on it per server instance. */
async function database(): Promise<string> {
  const url = await cluster.createDatabase();
  const store = createPostgresTraceStore({ connectionString: url, poolSize: 1 });
  await store.ready;
  await store.close();
  return url;
}
async function openHub(url: string, replaySize?: number): Promise<PostgresLiveHub> {
  const hub = new PostgresLiveHub({
    connectionString: url,
    logger: silent as never,
    ...(replaySize !== undefined && { replaySize }),
  });
  hubs.push(hub);
  await hub.start();
  return hub;
}
afterEach(async () => {
  await Promise.all(hubs.splice(0).map((hub) => hub.shutdown()));
});

describe('PostgresLiveHub', () => {
  it('delivers an event published on one instance to a subscriber on another, over the NOTIFY payload limit', async () => {
    const url = await database();
    const [a, b] = [await openHub(url), await openHub(url)];
    const sub = b.subscribe('trace:t');
    sub.start();
    const reader = new SseReader(new Response(sub.stream));
    const big = 'x'.repeat(100_000);
    a.publish('trace:t', 'span_start', { n: 1, big });
    a.publish('other', 'span_start', { n: 2 });
    a.publish('trace:t', 'span_end', { n: 3 });
    const first = await reader.nextEvent();
    expect(first).toMatchObject({ event: 'span_start', json: { n: 1, big } });
    const second = await reader.nextEvent();
    expect(second).toMatchObject({ event: 'span_end', json: { n: 3 } });
    expect(Number(second.id)).toBeGreaterThan(Number(first.id));
    await reader.cancel();
  });

  it('gives every instance the same ids, so a Last-Event-ID from one resumes on another, even one started later', async () => {
    const url = await database();
    const a = await openHub(url);
    const onA = a.subscribe('list');
    onA.start();
    const readerA = new SseReader(new Response(onA.stream));
    for (let n = 1; n <= 4; n++) a.publish('list', 'trace_update', { n });
    const seen = [];
    for (let n = 1; n <= 4; n++) seen.push(await readerA.nextEvent());
    await readerA.cancel();
    const late = await openHub(url);
    const resumed = late.subscribe('list', seen[1]!.id);
    expect(resumed.resumed).toBe(true);
    const readerB = new SseReader(new Response(resumed.stream));
    expect(await readerB.nextEvent()).toEqual(seen[2]);
    expect(await readerB.nextEvent()).toEqual(seen[3]);
    await readerB.cancel();
  });

  it('keeps one order for events published on two instances at once', async () => {
    const url = await database();
    const [a, b, c] = [await openHub(url), await openHub(url), await openHub(url)];
    const readers = [b, c].map((hub) => {
      const sub = hub.subscribe('list');
      sub.start();
      return new SseReader(new Response(sub.stream));
    });
    for (let n = 0; n < 50; n++) (n % 2 ? a : b).publish('list', 'e', { n });
    const orders = [];
    for (const reader of readers) {
      const ids: string[] = [];
      for (let n = 0; n < 50; n++) ids.push(`${(await reader.nextEvent()).id}`);
      orders.push(ids);
      await reader.cancel();
    }
    expect(orders[0]).toEqual(orders[1]);
    expect(new Set(orders[0]).size).toBe(50);
  });

  it("relays an ingest's live events written in its transaction, even when the ingesting instance dies right after the commit", async () => {
    const url = await database();
    const b = await openHub(url);
    const sub = b.subscribe('list');
    sub.start();
    const reader = new SseReader(new Response(sub.stream));
    // Instance A: a store and no hub, as if the process was killed between its commit and any publish.
    const a = createPostgresTraceStore({ connectionString: url, poolSize: 1 });
    const now = Date.now();
    const result = await a.ingest(
      [makeSpan({ endTime: 0 })],
      now,
      { source: 'livespan' },
      {
        liveEvents: async (ingested) => ingestEvents(ingested, now, 600_000),
      },
    );
    await a.close();
    expect(result.liveEventsWritten).toBe(true);
    expect(await reader.nextEvent()).toMatchObject({ event: 'trace_start', json: { type: 'trace_start' } });
    await reader.cancel();
  });
});
