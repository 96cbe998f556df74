import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import { type Json, makeServer, SseReader } from './test-support/factories.js';

const STALE_AFTER_MS = 500;
const HEARTBEAT_MS = 100;
const tsxLoader = createRequire(import.meta.url).resolve('tsx');
const doomedApp = path.join(import.meta.dirname, 'test-support', 'doomed-app.ts');

let server: LivespanServer | undefined;
let app: ChildProcess | undefined;
afterEach(async () => {
  if (app && app.exitCode === null && app.signalCode === null) {
    app.kill('SIGKILL');
    await once(app, 'exit');
  }
  await server?.close();
  server = undefined;
});

/** Reads events until one matches; bounded by the stream's own end and by `limit` events. */
async function nextMatching(
  reader: SseReader,
  match: (event: Json) => boolean,
  limit = 1_000,
): Promise<Json> {
  for (let i = 0; i < limit; i++) {
    const frame = await reader.nextEvent();
    if (match(frame.json)) return frame.json;
  }
  throw new Error(`no matching event in ${limit}`);
}

describe('app killed mid-flow', () => {
  it('shows its spans as stale, not running forever, once the heartbeats stop', async () => {
    server = makeServer({ staleAfterMs: STALE_AFTER_MS });
    const running = await server.listen({ port: 0 });
    const list = new SseReader(await server.app.request('/api/stream'));
    await list.nextEvent(); // snapshot

    app = spawn(process.execPath, ['--import', tsxLoader, doomedApp, running.url, String(HEARTBEAT_MS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(app.stdout!, 'data')) as [Buffer];
    const [, traceId, rootId, stepId] = line.toString().trim().split(' ');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    // While the app lives, its heartbeats keep the trace fresh for well over the stale window.
    let heartbeats = 0;
    const startedAt = Date.now();
    while (heartbeats < 10 || Date.now() - startedAt < 2 * STALE_AFTER_MS) {
      const event = await nextMatching(list, (e) => e.trace?.traceId === traceId);
      expect(event.trace.status, 'trace status while the app is alive').toBe('running');
      heartbeats++;
    }
    const alive = (await (await server.app.request(`/api/traces/${traceId}`)).json()) as Json;
    expect(alive.status).toBe('running');
    expect(alive.spans[stepId!].stale).toBeUndefined();

    const stream = new SseReader(await server.app.request(`/api/traces/${traceId}/stream`));
    await stream.nextEvent(); // snapshot
    app.kill('SIGKILL');
    await once(app, 'exit');

    const staleIds = new Set<string>();
    while (staleIds.size < 2) {
      const event = await nextMatching(stream, (e) => e.type === 'span_update' && e.span.stale === true);
      staleIds.add(event.span.spanId);
    }
    expect([...staleIds].sort()).toEqual([rootId, stepId].sort());
    const listed = await nextMatching(
      list,
      (e) => e.trace?.traceId === traceId && e.trace.status === 'stale',
    );
    expect(listed.trace).toMatchObject({ runningCount: 0, staleCount: 2 });

    const dead = (await (await server.app.request(`/api/traces/${traceId}`)).json()) as Json;
    expect(dead.status).toBe('stale');
    expect(dead.spans[rootId!]).toMatchObject({ endTime: 0, stale: true });
    expect(dead.spans[stepId!]).toMatchObject({ endTime: 0, stale: true });
    await stream.cancel();
    await list.cancel();
  }, 30_000);
});
