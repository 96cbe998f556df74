import { HEARTBEAT_HEADER, REALTIME_HEADER } from '@livespan/tracing/wire';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import {
  type Json,
  makeServer,
  makeSpan,
  SseReader,
  spanId,
  TRACE_ID,
  traceData,
} from './test-support/factories.js';

let server: LivespanServer;
afterEach(() => server?.close());

const OTHER_TRACE = 'b'.repeat(32);
const running = (traceId: string, n = 1) =>
  makeSpan({
    traceId,
    spanId: spanId(n),
    endTime: 0,
    startTime: 1_000,
    ...(n > 1 && { parentSpanId: spanId(1) }),
  });

function post(path: string, spans: ReturnType<typeof makeSpan>[], headers: Record<string, string> = {}) {
  return server.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(traceData(spans)),
  });
}

async function getTrace(traceId: string): Promise<Json> {
  return (await server.app.request(`/api/traces/${traceId}`)).json();
}

describe('runs that stop', () => {
  it("stops an app's running spans at once with the reason, frozen at the last signal, and leaves other apps running", async () => {
    let now = 5_000;
    server = makeServer({ now: () => now });
    expect((await post('/apps/s1-1/api/traces', [running(TRACE_ID), running(TRACE_ID, 2)])).status).toBe(200);
    expect((await post('/apps/s2-1/api/traces', [running(OTHER_TRACE)])).status).toBe(200);
    const stream = new SseReader(await server.app.request(`/api/traces/${TRACE_ID}/stream`));
    await stream.nextEvent(); // snapshot
    now = 9_000;

    expect(await server.stopApp('s1-1', 'app exited with code 1')).toBe(1);

    const frozen = { stale: true, staleReason: 'app exited with code 1', staleSince: 5_000 };
    const events = [await stream.nextEvent(), await stream.nextEvent(), await stream.nextEvent()];
    expect(events.map((e) => e.event)).toEqual(['span_update', 'span_update', 'trace_update']);
    expect(events[0]?.json).toMatchObject({ span: frozen });
    expect(events[2]?.json).toMatchObject({
      trace: {
        status: 'stale',
        runningCount: 0,
        staleCount: 2,
        staleReason: 'app exited with code 1',
        staleSince: 5_000,
        appId: 's1-1',
      },
    });
    const stopped = await getTrace(TRACE_ID);
    expect(stopped).toMatchObject({ status: 'stale', runningCount: 0, staleCount: 2 });
    expect(stopped.spans[spanId(2)]).toMatchObject(frozen);
    expect(await getTrace(OTHER_TRACE)).toMatchObject({ status: 'running', runningCount: 1, staleCount: 0 });
    const list = (await (await server.app.request('/api/traces?status=stale')).json()) as Json;
    expect(list.traces.map((t: Json) => t.traceId)).toEqual([TRACE_ID]);
  });

  it('holds a sender with heartbeats to 3 missed ones, and one without to the long limit only', async () => {
    let now = 0;
    server = makeServer({ now: () => now, staleAfterMs: 600_000 });
    await post('/api/traces', [running(TRACE_ID)], { [REALTIME_HEADER]: 'true', [HEARTBEAT_HEADER]: '100' });
    await post('/api/traces', [running(OTHER_TRACE)]);
    now = 300;
    expect(await getTrace(TRACE_ID)).toMatchObject({
      status: 'running',
      source: 'livespan',
      senderRealtime: true,
      heartbeatMs: 100,
    });
    now = 301;
    expect(await getTrace(TRACE_ID)).toMatchObject({
      status: 'stale',
      staleReason: 'no heartbeat for 300 ms (the app sends one every 100 ms)',
    });
    now = 599_000;
    const silent = await getTrace(OTHER_TRACE);
    expect(silent).toMatchObject({ status: 'running', source: 'genkit', lastSeen: 0 });
    expect(silent).not.toHaveProperty('heartbeatMs');
    now = 600_001;
    expect(await getTrace(OTHER_TRACE)).toMatchObject({
      status: 'stale',
      staleReason: 'no update for 10 min',
    });
  });

  it('brings a stopped trace back to running when new data arrives', async () => {
    server = makeServer();
    await post('/apps/a-1/api/traces', [running(TRACE_ID)]);
    await server.stopApp('a-1', 'app killed by SIGKILL');
    expect(await getTrace(TRACE_ID)).toMatchObject({ status: 'stale' });
    await post('/apps/a-1/api/traces', [running(TRACE_ID, 2)]);
    const revived = await getTrace(TRACE_ID);
    expect(revived).toMatchObject({ status: 'running', runningCount: 2, staleCount: 0 });
    expect(revived).not.toHaveProperty('staleReason');
  });

  it("records OTLP traces sent under /apps/:appId as that app's, from an OTLP source", async () => {
    server = makeServer();
    const otlp = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              scope: { name: 'otel' },
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: spanId(1),
                  name: 'GET',
                  startTimeUnixNano: '1000000000',
                  endTimeUnixNano: '0',
                },
              ],
            },
          ],
        },
      ],
    };
    const response = await server.app.request('/apps/otel-1/v1/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(otlp),
    });
    expect(response.status).toBe(200);
    expect(await getTrace(TRACE_ID)).toMatchObject({ source: 'otlp', appId: 'otel-1', status: 'running' });
    await server.stopApp('otel-1', 'app exited with code 0');
    expect(await getTrace(TRACE_ID)).toMatchObject({
      status: 'stale',
      staleReason: 'app exited with code 0',
    });
  });

  it('refuses a malformed app id in the ingest path with a 400 that names it', async () => {
    server = makeServer();
    const response = await post('/apps/bad%20id/api/traces', [running(TRACE_ID)]);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ path: 'appId' });
    expect((await server.app.request(`/api/traces/${TRACE_ID}`)).status).toBe(404);
  });
});

describe('GET /api/app', () => {
  it('says no app until one is reported, then sends each change on the list stream', async () => {
    server = makeServer();
    expect(await (await server.app.request('/api/app')).json()).toEqual({ state: 'none' });
    const list = new SseReader(await server.app.request('/api/stream'));
    expect((await list.nextEvent()).json).toMatchObject({ app: { state: 'none' } });
    const exited = {
      state: 'exited' as const,
      appId: 'a-1',
      command: 'node app.mjs',
      startedAt: 1,
      exit: { code: 1, signal: null, at: 2, reason: 'app exited with code 1' },
      stderrTail: ['Error: boom'],
    };
    server.reportApp(exited);
    expect(await list.nextEvent()).toMatchObject({ event: 'app', json: { type: 'app', app: exited } });
    expect(await (await server.app.request('/api/app')).json()).toEqual(exited);
  });
});
