import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createServer, type LivespanServer } from './create-server.js';
import { createSqliteTraceStore } from './sqlite-trace-store.js';
import { type Json, makeSpan, postSpans, SseReader, spanId } from './test-support/factories.js';
import { startServerProcess } from './test-support/server-process.js';
import type { TraceStore } from './trace-store.js';

let dir: string;
let server: LivespanServer | undefined;
let store: TraceStore | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await server?.close();
  await store?.close();
  server = undefined;
  store = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const MAX_BYTES = 256 * 1024;
/** Enough 4 KiB traces to fill MAX_BYTES several times over: the loop below is bounded by it. */
const MAX_POSTS = 400;

function bulkySpan(n: number) {
  const traceId = n.toString(16).padStart(32, 'd');
  return makeSpan({
    traceId,
    spanId: spanId(1),
    displayName: `trace ${n}`,
    attributes: { blob: 'x'.repeat(4096) },
  });
}

describe('database full', () => {
  it('answers ingest 503 with a JSON error, logs it once, keeps serving reads and loses nothing acknowledged', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-full-'));
    const dbPath = path.join(dir, 'traces.db');
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
    store = createSqliteTraceStore({ path: dbPath, retention: 100_000, maxSizeBytes: MAX_BYTES });
    server = createServer({ store, uiDir: '/nonexistent' });
    const list = new SseReader(await server.app.request('/api/stream'));
    expect((await list.nextEvent()).event).toBe('snapshot');

    const acknowledged: string[] = [];
    const refusals: Array<{ status: number; body: Json }> = [];
    for (let n = 0; n < MAX_POSTS && refusals.length < 3; n++) {
      const span = bulkySpan(n);
      const response = await postSpans(server, [span]);
      if (response.status === 200) acknowledged.push(span.traceId);
      else refusals.push({ status: response.status, body: await response.json() });
    }
    expect(acknowledged.length).toBeGreaterThan(0);
    expect(refusals).toHaveLength(3);
    for (const refusal of refusals) {
      expect(refusal.status).toBe(503);
      expect(refusal.body).toEqual({
        error: 'the trace database cannot store spans right now: database or disk is full',
      });
    }
    expect(logged.filter((line) => line.includes('database or disk is full'))).toHaveLength(1);

    // Still up: health, list and every acknowledged trace answer; the live stream is still open.
    expect((await server.app.request('/api/__health')).status).toBe(200);
    const page = (await (await server.app.request('/api/traces?limit=1000')).json()) as Json;
    expect(page.traces.map((t: Json) => t.traceId).sort()).toEqual([...acknowledged].sort());
    for (const traceId of acknowledged) {
      expect((await server.app.request(`/api/traces/${traceId}`)).status).toBe(200);
    }
    expect(server.hub.subscriberCount()).toBe(1);
    await list.cancel();

    // A fresh open without the limit finds every acknowledged trace and a sound file, and stores again.
    await server.close();
    await store.close();
    const db = new Database(dbPath);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
    store = createSqliteTraceStore({ path: dbPath, retention: 100_000 });
    server = createServer({ store, uiDir: '/nonexistent' });
    expect((await postSpans(server, [bulkySpan(MAX_POSTS)])).status).toBe(200);
    const reopened = (await (await server.app.request('/api/traces?limit=1000')).json()) as Json;
    expect(reopened.traces).toHaveLength(acknowledged.length + 1);
  });
});

describe('unwritable database location', () => {
  it('makes `livespan server` exit at once with a message naming the path, not start half-working', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-unwritable-'));
    const blocker = path.join(dir, 'a-file');
    writeFileSync(blocker, '');
    const dbPath = path.join(blocker, 'traces.db');
    const failure = await startServerProcess(dbPath).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/exited \(1\) before it was ready/);
    expect(failure).toContain(`livespan: cannot open the trace database at ${dbPath}`);
  });
});
