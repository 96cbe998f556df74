import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { RealtimeSpanProcessor, TelemetryServerSpanExporter } from '@livespan/tracing';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { createServer, type LivespanServer } from './create-server.js';
import { type Json, makeServer, makeSpan, SseReader, TRACE_ID, traceData } from './test-support/factories.js';

const servers: LivespanServer[] = [];
const dirs: string[] = [];
function track(server: LivespanServer): LivespanServer {
  servers.push(server);
  return server;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function postJson(url: string, body: unknown): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return response.status;
}

describe('listen', () => {
  it('runs several servers in one process on free ports', async () => {
    const a = await track(makeServer()).listen({ port: 0 });
    const b = await track(makeServer()).listen({ port: 0 });
    expect(a.port).not.toBe(b.port);
    expect(a.url).toBe(`http://127.0.0.1:${a.port}`);
    expect(await postJson(`${a.url}/api/traces`, traceData([makeSpan()]))).toBe(200);
    expect((await fetch(`${b.url}/api/traces/${TRACE_ID}`)).status).toBe(404);
  });

  it('rejects with a message naming the port when it is taken', async () => {
    const first = await track(makeServer()).listen({ port: 0 });
    await expect(track(makeServer()).listen({ port: first.port })).rejects.toThrow(
      new RegExp(`port ${first.port} on 127.0.0.1 is already in use`),
    );
  });

  it('refuses a request whose Host header is foreign, over a real socket', async () => {
    const { port } = await track(makeServer()).listen({ port: 0 });
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(
          { host: '127.0.0.1', port, path: '/api/traces', headers: { host: 'attacker.example' } },
          (response) => {
            response.resume();
            resolve(response.statusCode ?? 0);
          },
        )
        .on('error', reject);
    });
    expect(status).toBe(403);
  });

  it('answers 413 to an oversized body streamed over a real socket, and still serves the next request', async () => {
    const running = await track(makeServer({ bodyLimitBytes: 10_000 })).listen({ port: 0 });
    const big = traceData([makeSpan({ attributes: { pad: 'x'.repeat(200_000) } })]);
    expect(await postJson(`${running.url}/api/traces`, big)).toBe(413);
    expect(await postJson(`${running.url}/api/traces`, traceData([makeSpan()]))).toBe(200);
  });

  it('ends open SSE streams on close', async () => {
    const server = track(makeServer());
    const running = await server.listen({ port: 0 });
    const reader = new SseReader(await fetch(`${running.url}/api/stream`));
    expect((await reader.nextEvent()).event).toBe('snapshot');
    await server.close();
    expect(await reader.next()).toBeUndefined();
  });

  it('cuts off a client that stops reading instead of buffering without bound', async () => {
    const server = track(makeServer({ sseMaxPendingBytes: 64 * 1024 }));
    const running = await server.listen({ port: 0 });
    const request = http.get(`${running.url}/api/traces/${TRACE_ID}/stream`);
    request.on('error', () => {}); // the cut-off resets the connection; that is the point
    const [response] = (await once(request, 'response')) as [http.IncomingMessage];
    response.pause();
    const pad = 'x'.repeat(16 * 1024);
    let sent = 0;
    while (server.hub.subscriberCount() > 0 && sent < 5_000) {
      await postJson(
        `${running.url}/api/traces`,
        traceData([makeSpan({ endTime: 0, attributes: { pad, sent } })]),
      );
      sent++;
    }
    expect(server.hub.subscriberCount()).toBe(0);
    // A paused socket cannot notice the close; once it reads again it finds the connection ended.
    const closed = once(response.socket, 'close');
    response.resume();
    await closed;
  });

  it('keeps traces across a restart on the same database file', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-listen-'));
    dirs.push(dir);
    const dbPath = path.join(dir, 'traces.db');
    const firstServer = createServer({ dbPath });
    const first = await firstServer.listen({ port: 0 });
    await postJson(`${first.url}/api/traces`, traceData([makeSpan({ endTime: 0 })]));
    await firstServer.close();
    const second = await track(createServer({ dbPath })).listen({ port: 0 });
    const trace = await (await fetch(`${second.url}/api/traces/${TRACE_ID}`)).json();
    expect(trace).toMatchObject({ traceId: TRACE_ID, runningCount: 1 });
  });
});

describe('with @livespan/tracing', () => {
  it('stores a span as running before it ends, then complete', async () => {
    const server = track(makeServer());
    const running = await server.listen({ port: 0 });
    const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: running.url });
    const provider = new BasicTracerProvider({
      spanProcessors: [new RealtimeSpanProcessor(exporter, { flushIntervalMs: 0 })],
    });
    const list = new SseReader(await fetch(`${running.url}/api/stream`));
    await list.nextEvent();
    const span = provider.getTracer('e2e').startSpan('live work');
    const traceId = span.spanContext().traceId;
    expect(await list.nextEvent()).toMatchObject({
      event: 'trace_start',
      json: { trace: { traceId, status: 'running' } },
    });
    const before: Json = await (await fetch(`${running.url}/api/traces/${traceId}`)).json();
    expect(before).toMatchObject({ runningCount: 1, realtime: true, endTime: 0 });
    expect(before.spans[span.spanContext().spanId].endTime).toBe(0);
    span.end();
    expect(await list.nextEvent()).toMatchObject({
      event: 'trace_end',
      json: { trace: { traceId, status: 'ok' } },
    });
    const after: Json = await (await fetch(`${running.url}/api/traces/${traceId}`)).json();
    expect(after).toMatchObject({ runningCount: 0, spanCount: 1, status: 'ok' });
    expect(after.spans[span.spanContext().spanId].endTime).toBeGreaterThan(0);
    await list.cancel();
    await provider.shutdown();
  });

  it('answers requests that Node refuses itself (an over-long URL, bad syntax, no Host) with JSON errors', async () => {
    const running = await track(makeServer()).listen({ port: 0 });
    const { port } = new URL(running.url);
    const raw = async (request: string) => {
      const socket = connect(Number(port), '127.0.0.1');
      socket.end(request);
      const chunks: Buffer[] = [];
      for await (const chunk of socket) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    };
    for (const request of [
      `GET /api/traces?x=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`,
      'NOT HTTP AT ALL\r\n\r\n',
    ]) {
      const answer = await raw(request);
      expect(answer, request.slice(0, 40)).toMatch(/^HTTP\/1\.1 4\d\d /);
      expect(answer, request.slice(0, 40)).toMatch(/content-type: application\/json/i);
      expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4)).error).toEqual(expect.any(String));
    }
    const answer = await raw('GET /api/__health HTTP/1.1\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({
      error: 'a Host header is required',
    });
  });
});
