import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import { MAX_FILTER_KEYS } from './list-filter.js';
import { listTraces } from './sqlite-list-query.js';
import { migrate } from './sqlite-schema.js';
import { type Json, makeServer, makeSpan, SseReader, spanId, TRACE_ID } from './test-support/factories.js';
import { MAX_SUMMARY_NAME_LENGTH } from './trace-view.js';

let server: LivespanServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const filterUrl = (filter: unknown) => `/api/traces?filter=${encodeURIComponent(JSON.stringify(filter))}`;

describe('reads that stored data and queries cannot break', () => {
  it('answers 400, not 500, to filter keys with a backslash, NUL, quote or control character, and to too many keys', async () => {
    server = makeServer();
    const keys = Object.fromEntries(Array.from({ length: 999 }, (_, i) => [`k${i}`, i]));
    for (const filter of [
      { eq: { 'a\\b': 'x' } },
      { eq: { 'a\u0000b': 'x' } },
      { neq: { 'a"b': 'x' } },
      { eq: { 'a\nb': 1 } },
      { eq: keys },
      { eq: { a: 1 }, other: {} },
    ]) {
      const response = await server.app.request(filterUrl(filter));
      const text = await response.text();
      expect(response.status, `${JSON.stringify(filter).slice(0, 80)} → ${text}`).toBe(400);
      expect(JSON.parse(text).path).toBe('filter');
    }
    const allowed = Object.fromEntries(Array.from({ length: MAX_FILTER_KEYS }, (_, i) => [`k.${i}:x`, i]));
    expect((await server.app.request(filterUrl({ eq: allowed }))).status).toBe(200);
  });

  it('keeps at most 64 prepared list statements, however many filter shapes are asked for', () => {
    const db = new Database(':memory:');
    migrate(db);
    const cache = new Map<string, Database.Statement>();
    for (let eq = 0; eq <= MAX_FILTER_KEYS; eq++) {
      for (let neq = 0; eq + neq <= MAX_FILTER_KEYS; neq++) {
        const entries = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i]));
        listTraces(db, cache, {
          limit: 10,
          now: 0,
          staleAfterMs: 1,
          filter: { eq: entries(eq), neq: entries(neq) },
        });
      }
    }
    expect(cache.size).toBeLessThanOrEqual(64);
    db.close();
  });

  it('refuses reads of trace data from a foreign Origin or a cross-site no-cors request, and serves curl, local pages and the UI', async () => {
    server = makeServer();
    const get = (path: string, headers: Record<string, string>) => server!.app.request(path, { headers });
    const evil = { origin: 'http://evil.example' };
    const noCors = { 'sec-fetch-site': 'cross-site' };
    for (const path of [
      '/api/traces',
      `/api/traces/${TRACE_ID}`,
      `/api/traces/${TRACE_ID}/stream`,
      '/api/stream',
    ]) {
      expect((await get(path, evil)).status, path).toBe(403);
      expect((await get(path, noCors)).status, path).toBe(403);
    }
    expect((await get('/api/traces', {})).status).toBe(200);
    expect(
      (await get('/api/traces', { origin: 'http://localhost:5173', 'sec-fetch-site': 'same-site' })).status,
    ).toBe(200);
    expect((await get('/api/traces', { 'sec-fetch-site': 'same-origin' })).status).toBe(200);
    // A link from another site still opens the Dev UI (here: its build hint, as the UI is not built).
    expect((await get('/', noCors)).status).not.toBe(403);
  });

  it('answers a trace whose missing parent has 140,000 children, in its view and its stream', async () => {
    server = makeServer();
    const missing = spanId(0xffff_ffff);
    const children = Array.from({ length: 140_000 }, (_, i) =>
      makeSpan({ spanId: spanId(i + 1), parentSpanId: missing, startTime: 1_000 + i, endTime: 2_000_000 }),
    );
    await server.store.ingest(children, Date.now(), { source: 'genkit' });
    const response = await server.app.request(`/api/traces/${TRACE_ID}`);
    expect(response.status).toBe(200);
    const trace = (await response.json()) as Json;
    expect(trace.spans[missing]).toMatchObject({ placeholder: true, startTime: 1_000, endTime: 2_000_000 });
    const stream = await server.app.request(`/api/traces/${TRACE_ID}/stream`);
    expect(stream.status).toBe(200);
    // The first piece is enough: reading 30 MB through SseReader would only test SseReader.
    const reader = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toMatch(/^id: \d+\nevent: snapshot\ndata: \{/);
    await reader.cancel();
  }, 30_000);

  it('cuts stored trace names of 20 MiB in the list and the list stream, which stay small', async () => {
    server = makeServer();
    const name = 'n'.repeat(20 * 2 ** 20);
    for (let n = 1; n <= 3; n++) {
      const traceId = n.toString(16).padStart(32, '0');
      // Straight into the store, as data stored before ingest cut names.
      await server.store.ingest([makeSpan({ traceId, displayName: name })], Date.now(), { source: 'genkit' });
    }
    const list = await server.app.request('/api/traces');
    const text = await list.text();
    expect(list.status).toBe(200);
    expect(text.length).toBeLessThan(64 * 1024);
    const traces = JSON.parse(text).traces as Json[];
    expect(traces).toHaveLength(3);
    for (const trace of traces) {
      expect(trace.displayName.length).toBeLessThanOrEqual(MAX_SUMMARY_NAME_LENGTH + 1);
      expect(trace.displayName.startsWith('nnn')).toBe(true);
    }
    const stream = await server.app.request('/api/stream');
    const snapshot = await new SseReader(stream).nextEvent();
    expect(snapshot.data!.length).toBeLessThan(64 * 1024);
  }, 60_000);

  it('shows lone surrogates the same way in the list and in the trace view', async () => {
    server = makeServer();
    const lone = 'a\ud800b';
    const response = await server.app.request('/api/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        traceId: TRACE_ID,
        spans: { [spanId(1)]: makeSpan({ displayName: lone, attributes: { text: lone } }) },
      }),
    });
    expect(response.status).toBe(200);
    const list = (await (await server.app.request('/api/traces')).json()) as Json;
    const trace = (await (await server.app.request(`/api/traces/${TRACE_ID}`)).json()) as Json;
    expect(list.traces[0].displayName).toBe('a\ufffdb');
    expect(trace.displayName).toBe('a\ufffdb');
    expect(trace.spans[spanId(1)].displayName).toBe('a\ufffdb');
    expect(trace.spans[spanId(1)].attributes.text).toBe('a\ufffdb');
  });
});
