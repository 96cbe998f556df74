import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { SpanData } from '@livespan/tracing/wire';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { type Json, makeSpan, spanId, traceData } from './test-support/factories.js';
import { killServerProcess, type ServerProcess, startServerProcess } from './test-support/server-process.js';

const CLIENTS = 16;
/** Kill once this many requests were acknowledged; the clients are still sending then. */
const KILL_AFTER_ACKS = 400;
/** Bound on requests per client, so the loop ends even if the kill never happens. */
const MAX_REQUESTS_PER_CLIENT = 2_000;

let dir: string;
const servers: ServerProcess[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await killServerProcess(server);
  rmSync(dir, { recursive: true, force: true });
});

/** Request n of a client: a trace of a finished root, a finished child and a running child. */
function traceFor(client: number, n: number): SpanData[] {
  const traceId = `${client.toString(16).padStart(8, '0')}${n.toString(16).padStart(8, '0')}`.padEnd(32, 'c');
  return [
    makeSpan({ traceId, spanId: spanId(1), displayName: `root ${client}/${n}`, endTime: 2_000 }),
    makeSpan({ traceId, spanId: spanId(2), parentSpanId: spanId(1), displayName: 'done', endTime: 1_500 }),
    makeSpan({ traceId, spanId: spanId(3), parentSpanId: spanId(1), displayName: 'running', endTime: 0 }),
  ];
}

describe('server killed mid-ingest', () => {
  it('keeps every acknowledged event across SIGKILL and a restart on the same database', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-crash-'));
    const dbPath = path.join(dir, 'traces.db');
    const first = await startServerProcess(dbPath, ['--retention', '100000']);
    servers.push(first);

    const acknowledged: SpanData[][] = [];
    let refused = 0;
    let severed = 0;
    let killed = false;
    const client = async (id: number) => {
      // Every client keeps sending until the dead server fails its request: the kill lands mid-ingest.
      for (let n = 0; n < MAX_REQUESTS_PER_CLIENT; n++) {
        const spans = traceFor(id, n);
        try {
          const response = await fetch(`${first.url}/api/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(traceData(spans)),
          });
          if (response.status === 200) acknowledged.push(spans);
          else refused++;
          await response.arrayBuffer();
        } catch {
          severed++; // the server died before answering: this request was never acknowledged
          return;
        }
        if (acknowledged.length >= KILL_AFTER_ACKS && !killed) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: CLIENTS }, (_, id) => client(id)));
    expect(await first.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(refused).toBe(0);
    expect(severed, 'clients whose request the dead server never answered').toBe(CLIENTS);
    expect(acknowledged.length).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);

    const second = await startServerProcess(dbPath, ['--retention', '100000']);
    servers.push(second);
    const missing: string[] = [];
    for (const spans of acknowledged) {
      const traceId = spans[0]!.traceId;
      const response = await fetch(`${second.url}/api/traces/${traceId}`);
      if (response.status !== 200) {
        missing.push(traceId);
        continue;
      }
      const trace = (await response.json()) as Json;
      expect(trace.spanCount, traceId).toBe(3);
      expect(trace.runningCount, traceId).toBe(1);
      for (const span of spans) expect(trace.spans[span.spanId], traceId).toMatchObject(span);
    }
    expect(missing).toEqual([]);

    await killServerProcess(second);
    const db = new Database(dbPath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const stored = db.prepare('SELECT COUNT(*) AS n FROM traces').get() as { n: number };
      expect(stored.n).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      db.close();
    }
  }, 90_000);
});
