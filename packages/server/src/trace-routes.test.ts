import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import {
  type Json,
  makeServer,
  makeSpan,
  postSpans,
  spanId,
  TRACE_ID,
  traceData,
} from './test-support/factories.js';

let server: LivespanServer;
afterEach(() => server?.close());

const json = { 'content-type': 'application/json' };

describe('Genkit routes', () => {
  it('answers health', async () => {
    server = makeServer();
    const response = await server.app.request('/api/__health');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('stores TraceData and returns the trace with summary fields', async () => {
    server = makeServer({ now: () => 50_000 });
    const root = makeSpan({ endTime: 0 });
    const child = makeSpan({
      spanId: spanId(2),
      parentSpanId: spanId(1),
      displayName: 'child',
      status: { code: 2 },
    });
    const response = await postSpans(server, [root, child]);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({});
    const trace: Json = await (await server.app.request(`/api/traces/${TRACE_ID}`)).json();
    expect(trace).toMatchObject({
      traceId: TRACE_ID,
      displayName: 'root',
      startTime: 1_000,
      endTime: 0,
      status: 'running',
      spanCount: 2,
      runningCount: 1,
      errorCount: 1,
      lastSeen: 50_000,
      hasRoot: true,
      realtime: true,
    });
    expect(trace.spans[spanId(2)]).toEqual(child);
  });

  it('lists traces newest first with only the root span, paged by continuationToken', async () => {
    server = makeServer();
    for (let i = 1; i <= 3; i++) {
      const traceId = `${i}`.repeat(32);
      await postSpans(server, [
        makeSpan({ traceId, startTime: i * 100, displayName: `flow${i}` }),
        makeSpan({ traceId, spanId: spanId(2), parentSpanId: spanId(1), startTime: i * 100 }),
      ]);
    }
    const first: Json = await (await server.app.request('/api/traces?limit=2')).json();
    expect(first.traces.map((t: { displayName: string }) => t.displayName)).toEqual(['flow3', 'flow2']);
    expect(Object.keys(first.traces[0].spans)).toEqual([spanId(1)]);
    const token = encodeURIComponent(first.continuationToken);
    const second: Json = await (
      await server.app.request(`/api/traces?limit=2&continuationToken=${token}`)
    ).json();
    expect(second.traces.map((t: { displayName: string }) => t.displayName)).toEqual(['flow1']);
    expect(second).not.toHaveProperty('continuationToken');
    const filtered: Json = await (await server.app.request('/api/traces?name=FLOW2&status=ok')).json();
    expect(filtered.traces).toHaveLength(1);
  });

  it('shows a child whose parent never arrived under a placeholder span', async () => {
    server = makeServer();
    await postSpans(server, [makeSpan({ spanId: spanId(5), parentSpanId: spanId(4), startTime: 1_500 })]);
    const trace: Json = await (await server.app.request(`/api/traces/${TRACE_ID}`)).json();
    expect(trace.spans[spanId(4)]).toMatchObject({ placeholder: true, startTime: 1_500, endTime: 2_000 });
    expect(trace.hasRoot).toBe(false);
  });

  it('marks running spans of a silent trace stale', async () => {
    let now = 10_000;
    server = makeServer({ now: () => now, staleAfterMs: 1_000 });
    await postSpans(server, [makeSpan({ endTime: 0 })]);
    now = 11_001;
    const trace: Json = await (await server.app.request(`/api/traces/${TRACE_ID}`)).json();
    expect(trace.status).toBe('stale');
    expect(trace.spans[spanId(1)].stale).toBe(true);
  });

  it('takes an array of TraceData in one request, and says so to exporters', async () => {
    server = makeServer();
    const other = 'b'.repeat(32);
    const body = [traceData([makeSpan()]), traceData([makeSpan({ traceId: other })], other)];
    const response = await server.app.request('/api/traces', {
      method: 'POST',
      headers: json,
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-livespan-accepts-trace-arrays')).toBe('true');
    for (const traceId of [TRACE_ID, other]) {
      expect((await server.app.request(`/api/traces/${traceId}`)).status).toBe(200);
    }
  });

  it('rejects a whole array when one trace in it is bad, naming which', async () => {
    server = makeServer();
    const bad = { ...traceData([makeSpan({ traceId: 'c'.repeat(32) })], 'c'.repeat(32)), traceId: 'nope' };
    const body = JSON.stringify([traceData([makeSpan()]), bad]);
    const response = await server.app.request('/api/traces', { method: 'POST', headers: json, body });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ path: '1.traceId' });
    expect((await server.app.request(`/api/traces/${TRACE_ID}`)).status).toBe(404);
  });

  it('answers 404 as JSON for an unknown trace or API route', async () => {
    server = makeServer();
    const response = await server.app.request(`/api/traces/${'f'.repeat(32)}`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: `trace ${'f'.repeat(32)} not found` });
    expect((await server.app.request('/api/nope')).status).toBe(404);
  });
});

describe('bad input', () => {
  const post = (body: string | Uint8Array, headers: Record<string, string> = json) =>
    server.app.request('/api/traces', { method: 'POST', headers, body });

  it('answers malformed JSON with 400 and no stack', async () => {
    server = makeServer();
    const response = await post('{"traceId": ');
    expect(response.status).toBe(400);
    const body: Json = await response.json();
    expect(body.error).toMatch(/^malformed JSON/);
    expect(JSON.stringify(body)).not.toMatch(/at .*\.ts/);
  });

  it('names the bad field and writes nothing of a rejected request', async () => {
    server = makeServer();
    const good = makeSpan({ spanId: spanId(1) });
    const bad = { ...makeSpan({ spanId: spanId(2) }), startTime: 'soon' };
    const response = await post(
      JSON.stringify({ traceId: TRACE_ID, spans: { [spanId(1)]: good, abc: bad } }),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ path: 'spans.abc.startTime' });
    expect((await server.app.request(`/api/traces/${TRACE_ID}`)).status).toBe(404);
  });

  it('leaves out only a span whose time is out of range, stores its siblings, and says so', async () => {
    server = makeServer();
    const siblings = Array.from({ length: 5 }, (_, i) => makeSpan({ spanId: spanId(i + 1) }));
    const spans = Object.fromEntries(siblings.map((span) => [span.spanId, span]));
    const late = JSON.stringify({ ...makeSpan({ spanId: spanId(9) }), endTime: 7e15 }).replace(
      '7000000000000000',
      '1e999',
    );
    const body = JSON.stringify({
      traceId: TRACE_ID,
      spans: { ...spans, neg: { ...makeSpan({ spanId: spanId(8) }), startTime: -1 } },
    });
    const response = await post(`${body.slice(0, -2)},"late":${late}}}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      partialSuccess: {
        rejectedSpans: 2,
        errorMessage: expect.stringMatching(/^spans\.neg\.startTime: .* \(and 1 more\)$/),
      },
    });
    const trace = (await (await server.app.request(`/api/traces/${TRACE_ID}`)).json()) as Json;
    expect(Object.keys(trace.spans).sort()).toEqual(siblings.map((span) => span.spanId).sort());
  });

  it('rejects a span of another trace and bad query parameters, naming them', async () => {
    server = makeServer();
    const other = makeSpan({ traceId: 'e'.repeat(32) });
    const response = await post(JSON.stringify({ traceId: TRACE_ID, spans: { x: other } }));
    expect(await response.json()).toMatchObject({ path: 'spans.x.traceId' });
    const query = await server.app.request('/api/traces?limit=abc');
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({ path: 'limit' });
    expect(await (await server.app.request('/api/traces?filter={')).json()).toMatchObject({ path: 'filter' });
    expect(await (await server.app.request('/api/traces?continuationToken=zz')).json()).toMatchObject({
      path: 'continuationToken',
    });
    expect((await server.app.request('/api/traces/..%2F..%2Fetc')).status).toBe(400);
  });

  it('answers 413 over the body limit, declared or streamed, and for a gzip bomb', async () => {
    server = makeServer({ bodyLimitBytes: 1_000 });
    const big = JSON.stringify(traceData([makeSpan({ attributes: { pad: 'x'.repeat(2_000) } })]));
    expect((await post(big)).status).toBe(413);
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(big));
        controller.close();
      },
    });
    const streamed = await server.app.request('/api/traces', {
      method: 'POST',
      headers: json,
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);
    const bomb = gzipSync(Buffer.alloc(500_000, 32));
    expect(bomb.length).toBeLessThan(1_000);
    expect((await post(bomb, { ...json, 'content-encoding': 'gzip' })).status).toBe(413);
  });

  it('accepts gzip-encoded TraceData', async () => {
    server = makeServer();
    const body = gzipSync(JSON.stringify(traceData([makeSpan()])));
    expect((await post(body, { ...json, 'content-encoding': 'gzip' })).status).toBe(200);
  });
});

describe('safe defaults', () => {
  it('refuses a foreign Host (DNS rebinding) with 403, on any route', async () => {
    server = makeServer();
    const response = await server.app.request('/api/traces', { headers: { host: 'evil.example:4000' } });
    expect(response.status).toBe(403);
    expect((await server.app.request('/api/__health', { headers: { host: 'localhost:4000' } })).status).toBe(
      200,
    );
    expect((await server.app.request('/api/__health', { headers: { host: '[::1]:4000' } })).status).toBe(200);
  });

  it('refuses a POST from a foreign Origin and a text/plain POST', async () => {
    server = makeServer();
    const body = JSON.stringify(traceData([makeSpan()]));
    const foreign = await server.app.request('/api/traces', {
      method: 'POST',
      headers: { ...json, origin: 'http://evil.example' },
      body,
    });
    expect(foreign.status).toBe(403);
    const plain = await server.app.request('/api/traces', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body,
    });
    expect(plain.status).toBe(415);
    expect((await server.app.request(`/api/traces/${TRACE_ID}`)).status).toBe(404);
    const local = await server.app.request('/api/traces', {
      method: 'POST',
      headers: { ...json, origin: 'http://localhost:5173' },
      body,
    });
    expect(local.status).toBe(200);
  });

  it('grants CORS to localhost origins only', async () => {
    server = makeServer();
    const local = await server.app.request('/api/traces', { headers: { origin: 'http://127.0.0.1:5173' } });
    expect(local.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    const foreign = await server.app.request('/api/traces', {
      headers: { origin: 'http://localhost.evil.example' },
    });
    expect(foreign.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('serves a build hint with a CSP when the UI is not built, for / and for SPA paths', async () => {
    server = makeServer();
    for (const url of ['/', '/traces/abc']) {
      const response = await server.app.request(url);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('npm run build');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    }
  });
});

describe('flows routes without an app', () => {
  it('answer 503 with how to connect one', async () => {
    server = makeServer();
    const list = await server.app.request('/api/flows');
    expect(list.status).toBe(503);
    expect(await list.json()).toEqual({
      error: 'no app connected: start your app with `livespan start -- <cmd>`',
    });
    const run = await server.app.request('/api/flows/x/run', {
      method: 'POST',
      headers: json,
      body: '{"input":1}',
    });
    expect(run.status).toBe(503);
  });
});
