import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import { makeServer, makeSpan, postSpans, SseReader, spanId, TRACE_ID } from './test-support/factories.js';

let server: LivespanServer;
afterEach(() => server?.close());

const streamUrl = `/api/traces/${TRACE_ID}/stream`;
const root = makeSpan({ endTime: 0 });
const child = makeSpan({
  spanId: spanId(2),
  parentSpanId: spanId(1),
  displayName: 'child',
  startTime: 1_100,
  endTime: 0,
});

describe('GET /api/traces/:traceId/stream', () => {
  it('sends a null snapshot for an unknown trace, then span events, byte for byte', async () => {
    server = makeServer({ now: () => 5_000 });
    const response = await server.app.request(streamUrl);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = new SseReader(response);
    const snapshotId = server.hub.currentId;
    expect(await reader.nextEvent()).toMatchObject({ event: 'snapshot', json: { trace: null } });
    await postSpans(server, [child, root]);
    await reader.nextEvent();
    await reader.nextEvent();
    expect(await reader.nextEvent()).toMatchObject({
      event: 'trace_update',
      json: { type: 'trace_update', traceId: TRACE_ID, trace: { runningCount: 2, status: 'running' } },
    });
    // The server writes fields in its schema's order.
    const { spanId: id, traceId, parentSpanId, ...rest } = child;
    const inSchemaOrder = { spanId: id, traceId, parentSpanId, ...rest };
    const start = (span: object, id: number) =>
      `id: ${id}\nevent: span_start\ndata: ${JSON.stringify({ type: 'span_start', traceId: TRACE_ID, span })}\n\n`;
    expect(reader.raw.slice(0, reader.raw.indexOf('event: trace_update'))).toBe(
      `id: ${snapshotId}\nevent: snapshot\ndata: {"trace":null}\n\n${start(root, snapshotId + 1)}${start(inSchemaOrder, snapshotId + 2)}id: ${snapshotId + 3}\n`,
    );
  });

  it('sends the stored trace as the snapshot, then updates, ends and trace_end when the root completes', async () => {
    server = makeServer();
    await postSpans(server, [root, child]);
    const reader = new SseReader(await server.app.request(streamUrl));
    const snapshot = await reader.nextEvent();
    expect(snapshot.json).toMatchObject({
      trace: { traceId: TRACE_ID, runningCount: 2, spans: { [spanId(2)]: child } },
    });
    await postSpans(server, [{ ...child, attributes: { step: 1 } }]);
    expect(await reader.nextEvent()).toMatchObject({
      event: 'span_update',
      json: { span: { attributes: { step: 1 } } },
    });
    expect(await reader.nextEvent()).toMatchObject({ event: 'trace_update' });
    await postSpans(server, [
      { ...root, endTime: 3_000 },
      { ...child, endTime: 2_000 },
    ]);
    const order = [await reader.nextEvent(), await reader.nextEvent(), await reader.nextEvent()];
    expect(order.map((f) => f.event)).toEqual(['span_end', 'span_end', 'trace_end']);
    expect(order.map((f) => (f.json as { span?: { spanId: string } }).span?.spanId)).toEqual([
      spanId(1),
      spanId(2),
      undefined,
    ]);
    expect(order[2]?.json).toMatchObject({
      type: 'trace_end',
      traceId: TRACE_ID,
      trace: { status: 'ok', endTime: 3_000 },
    });
    expect(Number(order[2]?.id)).toBeGreaterThan(Number(order[1]?.id));
  });

  it('resumes from Last-Event-ID with the missed events, or falls back to a fresh snapshot', async () => {
    server = makeServer({ replaySize: 6 });
    const first = new SseReader(await server.app.request(streamUrl));
    await first.nextEvent();
    await postSpans(server, [root]);
    const seen = await first.nextEvent();
    await first.cancel();
    await postSpans(server, [child]);
    const resumed = new SseReader(
      await server.app.request(streamUrl, { headers: { 'last-event-id': seen.id! } }),
    );
    expect(await resumed.nextEvent()).toMatchObject({ event: 'trace_update' });
    expect(await resumed.nextEvent()).toMatchObject({
      event: 'span_start',
      json: { span: { spanId: spanId(2) } },
    });
    await resumed.cancel();
    for (let i = 0; i < 5; i++) await postSpans(server, [{ ...child, attributes: { i } }]);
    const stale = new SseReader(
      await server.app.request(streamUrl, { headers: { 'last-event-id': seen.id! } }),
    );
    const snapshot = await stale.nextEvent();
    expect(snapshot.event).toBe('snapshot');
    expect(snapshot.json).toMatchObject({ trace: { spans: { [spanId(2)]: { attributes: { i: 4 } } } } });
    expect(snapshot.id).toBe(String(server.hub.currentId));
  });

  it('reports running spans stale when the trace goes silent, then fresh when it speaks again', async () => {
    let now = 1_000_000;
    server = makeServer({ now: () => now, staleAfterMs: 60 });
    await postSpans(server, [root]);
    const trace = new SseReader(await server.app.request(streamUrl));
    const list = new SseReader(await server.app.request('/api/stream'));
    await trace.nextEvent();
    await list.nextEvent();
    now += 61;
    expect(await trace.nextEvent()).toMatchObject({
      event: 'span_update',
      json: {
        span: { spanId: spanId(1), stale: true, staleReason: 'no update for 60 ms', staleSince: 1_000_000 },
      },
    });
    expect(await trace.nextEvent()).toMatchObject({
      event: 'trace_update',
      json: {
        trace: { status: 'stale', runningCount: 0, staleCount: 1, staleReason: 'no update for 60 ms' },
      },
    });
    expect(await list.nextEvent()).toMatchObject({
      event: 'trace_update',
      json: { trace: { status: 'stale' } },
    });
    await postSpans(server, [child]);
    expect(await trace.nextEvent()).toMatchObject({
      event: 'span_start',
      json: { span: { spanId: spanId(2) } },
    });
    const fresh = await trace.nextEvent();
    expect(fresh).toMatchObject({ event: 'span_update', json: { span: { spanId: spanId(1) } } });
    expect((fresh.json as { span: object }).span).not.toHaveProperty('stale');
  });

  it('answers 400 for a malformed trace id', async () => {
    server = makeServer();
    expect((await server.app.request('/api/traces/xyz/stream')).status).toBe(400);
  });
});

describe('GET /api/stream', () => {
  it('sends the newest traces, then trace_start, trace_update, trace_end and trace_delete', async () => {
    server = makeServer({ retention: 1 });
    await postSpans(server, [makeSpan({ traceId: 'a'.repeat(32) })]);
    const reader = new SseReader(await server.app.request('/api/stream'));
    const snapshot = await reader.nextEvent();
    expect(snapshot).toMatchObject({
      event: 'snapshot',
      json: { traces: [{ traceId: 'a'.repeat(32), status: 'ok' }] },
    });
    expect((snapshot.json as { traces: object[] }).traces[0]).not.toHaveProperty('spans');
    await postSpans(server, [root]);
    expect(await reader.nextEvent()).toMatchObject({
      event: 'trace_start',
      json: { type: 'trace_start', trace: { traceId: TRACE_ID, status: 'running' } },
    });
    await postSpans(server, [child]);
    expect(await reader.nextEvent()).toMatchObject({
      event: 'trace_update',
      json: { trace: { spanCount: 2 } },
    });
    await postSpans(server, [{ ...root, endTime: 9_000 }]);
    expect(await reader.nextEvent()).toMatchObject({
      event: 'trace_end',
      json: { trace: { endTime: 9_000 } },
    });
    await postSpans(server, [makeSpan({ traceId: 'b'.repeat(32) })]);
    expect(await reader.nextEvent()).toMatchObject({ event: 'trace_start' });
    expect(await reader.nextEvent()).toEqual(
      expect.objectContaining({
        event: 'trace_delete',
        json: { type: 'trace_delete', traceId: 'a'.repeat(32) },
      }),
    );
  });
});
