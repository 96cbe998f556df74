import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import {
  type Json,
  makeServer,
  makeSpan,
  postSpans,
  SseReader,
  spanId,
  TRACE_ID,
  traceData,
} from './test-support/factories.js';

let server: LivespanServer;
afterEach(() => server?.close());

const OTHER = 'c'.repeat(32);
const json = { 'content-type': 'application/json' };
const root = makeSpan();
const child = makeSpan({
  spanId: spanId(2),
  parentSpanId: spanId(1),
  displayName: 'child',
  startTime: 1_100,
});

async function importBody(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return server.app.request('/api/traces/import', {
    method: 'POST',
    headers: { ...json, ...headers },
    body: JSON.stringify(body),
  });
}

async function listIds(): Promise<string[]> {
  const list: Json = await (await server.app.request('/api/traces')).json();
  return list.traces.map((trace: { traceId: string }) => trace.traceId);
}

describe('DELETE /api/traces/:traceId', () => {
  it('answers 204, then the trace is gone, and says so on the list and the trace streams', async () => {
    server = makeServer();
    await postSpans(server, [root, child]);
    await postSpans(server, [makeSpan({ traceId: OTHER })]);
    const list = new SseReader(await server.app.request('/api/stream'));
    const trace = new SseReader(await server.app.request(`/api/traces/${TRACE_ID}/stream`));
    await list.nextEvent();
    await trace.nextEvent();
    const response = await server.app.request(`/api/traces/${TRACE_ID.toUpperCase()}`, { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect((await server.app.request(`/api/traces/${TRACE_ID}`)).status).toBe(404);
    expect(await listIds()).toEqual([OTHER]);
    expect(await list.nextEvent()).toMatchObject({
      event: 'trace_delete',
      json: { type: 'trace_delete', traceId: TRACE_ID },
    });
    expect(await trace.nextEvent()).toMatchObject({ event: 'trace_delete', json: { traceId: TRACE_ID } });
    await list.cancel();
    await trace.cancel();
  });

  it('answers 404 for an unknown trace and 400 for a malformed id', async () => {
    server = makeServer();
    const unknown = await server.app.request(`/api/traces/${TRACE_ID}`, { method: 'DELETE' });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: `trace ${TRACE_ID} not found` });
    const malformed = await server.app.request('/api/traces/xyz', { method: 'DELETE' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ path: 'traceId' });
  });

  it('refuses a foreign Origin and a missing token, deleting nothing', async () => {
    server = makeServer({ token: 'x'.repeat(32) });
    const auth = { authorization: `Bearer ${'x'.repeat(32)}` };
    await server.app.request('/api/traces', {
      method: 'POST',
      headers: { ...json, ...auth },
      body: JSON.stringify(traceData([root])),
    });
    const foreign = await server.app.request(`/api/traces/${TRACE_ID}`, {
      method: 'DELETE',
      headers: { ...auth, origin: 'https://evil.example' },
    });
    expect(foreign.status).toBe(403);
    expect(
      (await server.app.request('/api/traces', { method: 'DELETE', headers: { ...auth, origin: 'null' } }))
        .status,
    ).toBe(403);
    expect((await server.app.request(`/api/traces/${TRACE_ID}`, { method: 'DELETE' })).status).toBe(401);
    expect((await server.app.request('/api/traces', { method: 'DELETE' })).status).toBe(401);
    expect((await server.app.request(`/api/traces/${TRACE_ID}`, { headers: auth })).status).toBe(200);
    const allowed = await server.app.request(`/api/traces/${TRACE_ID}`, {
      method: 'DELETE',
      headers: { ...auth, origin: 'http://localhost:4000' },
    });
    expect(allowed.status).toBe(204);
  });
});

describe('DELETE /api/traces', () => {
  it('clears every trace and sends traces_clear on the list stream', async () => {
    server = makeServer();
    await postSpans(server, [root, child]);
    await postSpans(server, [makeSpan({ traceId: OTHER })]);
    const list = new SseReader(await server.app.request('/api/stream'));
    await list.nextEvent();
    expect((await server.app.request('/api/traces', { method: 'DELETE' })).status).toBe(204);
    expect(await listIds()).toEqual([]);
    expect((await server.app.request(`/api/traces/${OTHER}`)).status).toBe(404);
    expect(await list.nextEvent()).toMatchObject({ event: 'traces_clear', json: { type: 'traces_clear' } });
    await list.cancel();
  });
});

describe('POST /api/traces/import', () => {
  it('imports an exported trace into a fresh server, which then returns the same trace', async () => {
    server = makeServer();
    const orphan = makeSpan({
      spanId: spanId(5),
      parentSpanId: spanId(4),
      startTime: 1_200,
      displayName: 'orphan',
    });
    await postSpans(server, [root, child, orphan]);
    const exported: Json = await (await server.app.request(`/api/traces/${TRACE_ID}`)).json();
    expect(exported.spans[spanId(4)]).toMatchObject({ placeholder: true });
    server.close();
    server = makeServer();
    const list = new SseReader(await server.app.request('/api/stream'));
    await list.nextEvent();
    const response = await importBody(exported);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ imported: [{ traceId: TRACE_ID, spanCount: 3 }] });
    const imported: Json = await (await server.app.request(`/api/traces/${TRACE_ID}`)).json();
    const { lastSeen: _a, ...before } = exported;
    const { lastSeen: _b, ...after } = imported;
    expect(after).toEqual(before);
    expect(await list.nextEvent()).toMatchObject({
      event: 'trace_start',
      json: { trace: { traceId: TRACE_ID } },
    });
    await list.cancel();
  });

  it('imports an array and a {traces} object, one entry per trace', async () => {
    server = makeServer();
    const other = makeSpan({ traceId: OTHER });
    const array = await importBody([traceData([root, child]), traceData([other])]);
    expect(await array.json()).toEqual({
      imported: [
        { traceId: TRACE_ID, spanCount: 2 },
        { traceId: OTHER, spanCount: 1 },
      ],
    });
    await server.app.request('/api/traces', { method: 'DELETE' });
    const wrapped = await importBody({ traces: [traceData([other])] });
    expect(await wrapped.json()).toEqual({ imported: [{ traceId: OTHER, spanCount: 1 }] });
    expect(await listIds()).toEqual([OTHER]);
  });

  it('refuses a bad file with the path of the bad part and stores nothing of it', async () => {
    server = makeServer();
    const good = traceData([makeSpan({ traceId: OTHER })]);
    const bad = traceData([root, { ...child, startTime: 'soon' as unknown as number }]);
    const response = await importBody({ traces: [good, bad] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: expect.stringContaining(`traces.1.spans.${spanId(2)}.startTime`),
      path: `traces.1.spans.${spanId(2)}.startTime`,
    });
    // A time out of range is left out alone by ingest; an import is all or nothing.
    const outOfRange = await importBody([good, traceData([root, { ...child, startTime: 9e15 }])]);
    expect(outOfRange.status).toBe(400);
    expect(await outOfRange.json()).toMatchObject({ path: `1.spans.${spanId(2)}.startTime` });
    const empty = await importBody({ traceId: TRACE_ID, spans: {} });
    expect(await empty.json()).toEqual({ error: 'invalid import: spans holds no spans', path: 'spans' });
    expect((await importBody({ traces: 'all' })).status).toBe(400);
    expect(await listIds()).toEqual([]);
  });

  it('refuses a foreign Origin like every other write', async () => {
    server = makeServer();
    const response = await importBody(traceData([root]), { origin: 'https://evil.example' });
    expect(response.status).toBe(403);
    expect(await listIds()).toEqual([]);
  });
});
