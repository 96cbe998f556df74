import type { SpanData } from '@livespan/tracing/wire';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Json, makeSpan, SseReader, spanId, traceData } from './test-support/factories.js';
import { type PostgresCluster, startPostgresCluster } from './test-support/postgres-cluster.js';
import { killServerProcess, type ServerProcess, startServerProcess } from './test-support/server-process.js';

// Several `livespan server` processes on one PostgreSQL database, as a team runs them behind a proxy.
const CLIENTS = 8;
/** Bound on requests per client, so every loop ends even if the event it waits for never comes. */
const MAX_REQUESTS_PER_CLIENT = 2_000;

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgresCluster();
}, 60_000);
afterAll(() => cluster?.destroy());

const servers: ServerProcess[] = [];
async function startInstances(url: string, count: number): Promise<ServerProcess[]> {
  const started = await Promise.all(
    Array.from({ length: count }, () => startServerProcess(url, ['--retention', '100000'])),
  );
  servers.push(...started);
  return started;
}
afterEach(async () => {
  for (const server of servers.splice(0)) await killServerProcess(server);
});

const traceIdOf = (client: number, n: number) =>
  `${client.toString(16).padStart(8, '0')}${n.toString(16).padStart(8, '0')}`.padEnd(32, 'e');

/** Request n of a client: a finished root and a running child. */
function traceFor(client: number, n: number): SpanData[] {
  const traceId = traceIdOf(client, n);
  return [
    makeSpan({ traceId, spanId: spanId(1), displayName: `root ${client}/${n}` }),
    makeSpan({ traceId, spanId: spanId(2), parentSpanId: spanId(1), displayName: 'running', endTime: 0 }),
  ];
}

function post(server: ServerProcess, spans: SpanData[]): Promise<Response> {
  return fetch(`${server.url}/api/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(traceData(spans)),
  });
}

/** Every acknowledged trace, read back through `server`; returns the ids not found whole. */
async function missingOn(server: ServerProcess, acknowledged: SpanData[][]): Promise<string[]> {
  const missing: string[] = [];
  for (const spans of acknowledged) {
    const traceId = spans[0]!.traceId;
    const response = await fetch(`${server.url}/api/traces/${traceId}`);
    const trace = response.status === 200 ? ((await response.json()) as Json) : undefined;
    if (trace?.spanCount !== spans.length) missing.push(traceId);
  }
  return missing;
}

describe('livespan server instances on one PostgreSQL database', () => {
  it('streams a span posted to one instance live from another, and resumes its Last-Event-ID there', async () => {
    const [a, b] = await startInstances(await cluster.createDatabase(), 2);
    const [root, child] = traceFor(0, 1);
    const [onA, onB] = await Promise.all(
      [a!, b!].map(
        async (server) => new SseReader(await fetch(`${server.url}/api/traces/${root!.traceId}/stream`)),
      ),
    );
    for (const reader of [onA!, onB!]) {
      expect(await reader.nextEvent()).toMatchObject({ event: 'snapshot', json: { trace: null } });
    }
    expect((await post(a!, [child!])).status).toBe(200);
    const started = await onB!.nextEvent();
    expect(started).toMatchObject({ event: 'span_start', json: { span: { spanId: child!.spanId } } });
    // One id for the event on every instance: the database's.
    expect(await onA!.nextEvent()).toEqual(started);
    await Promise.all([onA!.cancel(), onB!.cancel()]);

    // Resume on A from the id B gave: what happened since (the root, through B) is replayed, not a snapshot.
    expect((await post(b!, [root!])).status).toBe(200);
    const resumed = new SseReader(
      await fetch(`${a!.url}/api/traces/${root!.traceId}/stream`, {
        headers: { 'last-event-id': started.id! },
      }),
    );
    let frame = await resumed.nextEvent();
    for (let n = 0; n < 10 && frame.event !== 'span_end'; n++) {
      expect(frame.event).not.toBe('snapshot');
      frame = await resumed.nextEvent();
    }
    expect(frame).toMatchObject({ event: 'span_end', json: { span: { spanId: root!.spanId } } });
    expect(Number(frame.id)).toBeGreaterThan(Number(started.id));
    await resumed.cancel();
  }, 60_000);

  it('keeps every acknowledged event when an instance is killed mid-ingest, and the other serves them', async () => {
    const [a, b] = await startInstances(await cluster.createDatabase(), 2);
    const acknowledged: SpanData[][] = [];
    const refused: number[] = [];
    let severed = 0;
    let killed = false;
    const client = async (id: number) => {
      for (let n = 0; n < MAX_REQUESTS_PER_CLIENT; n++) {
        const spans = traceFor(id, n);
        try {
          const response = await post(a!, spans);
          if (response.status === 200) acknowledged.push(spans);
          else refused.push(response.status);
          await response.arrayBuffer();
        } catch {
          severed++; // A died before answering: never acknowledged
          return;
        }
        if (acknowledged.length >= 200 && !killed) {
          killed = true;
          a!.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(id)));
    expect(await a!.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(refused).toEqual([]);
    expect(severed).toBe(CLIENTS);
    expect(await missingOn(b!, acknowledged)).toEqual([]);
  }, 90_000);

  it('answers 503 while the database restarts mid-ingest, keeps every acknowledged event and streams again', async () => {
    const [a, b] = await startInstances(await cluster.createDatabase(), 2);
    const acknowledged: SpanData[][] = [];
    const other: number[] = [];
    let refused = 0;
    let phase: 'before' | 'down' | 'after' = 'before';
    let ackedAfter = 0;
    const client = async (id: number) => {
      for (let n = 0; n < MAX_REQUESTS_PER_CLIENT && ackedAfter < 100; n++) {
        const spans = traceFor(id, n);
        const response = await post(a!, spans);
        await response.arrayBuffer();
        if (response.status === 200) {
          acknowledged.push(spans);
          if (phase === 'after') ackedAfter++;
        } else if (response.status === 503) refused++;
        else other.push(response.status);
        if (phase === 'before' && acknowledged.length >= 100) {
          phase = 'down';
          cluster.kill();
        } else if (phase === 'down' && refused >= 20) {
          phase = 'after';
          cluster.start();
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(id)));
    } finally {
      if ((phase as string) === 'down') cluster.start();
    }
    expect(other).toEqual([]);
    expect(refused).toBeGreaterThanOrEqual(20);
    expect(ackedAfter).toBeGreaterThanOrEqual(100);
    expect(await missingOn(b!, acknowledged)).toEqual([]);

    // Both instances listen again: a span posted to A reaches a stream on B.
    const [root] = traceFor(99, 0);
    const onB = new SseReader(await fetch(`${b!.url}/api/traces/${root!.traceId}/stream`));
    expect((await onB.nextEvent()).event).toBe('snapshot');
    expect((await post(a!, [root!])).status).toBe(200);
    expect(await onB.nextEvent()).toMatchObject({
      event: 'span_end',
      json: { span: { spanId: root!.spanId } },
    });
    await onB.cancel();
  }, 90_000);
});
