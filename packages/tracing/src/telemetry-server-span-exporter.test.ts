import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import { context } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode, isTracingSuppressed } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportError } from './export-error.js';
import { RealtimeSpanProcessor } from './realtime-span-processor.js';
import {
  TelemetryServerSpanExporter,
  type TelemetryServerSpanExporterOptions,
} from './telemetry-server-span-exporter.js';
import { startCaptureServer } from './test-support/capture-server.js';
import { makeTracer } from './test-support/tracer.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Real ended spans, made with the SDK. */
async function makeSpans(
  build: (tracer: ReturnType<typeof makeTracer>['tracer']) => void,
): Promise<ReadableSpan[]> {
  const memory = new InMemorySpanExporter();
  const { tracer, close } = makeTracer(new SimpleSpanProcessor(memory));
  build(tracer);
  const spans = memory.getFinishedSpans();
  await close();
  return spans;
}

function exportTo(exporter: TelemetryServerSpanExporter, spans: ReadableSpan[]): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(spans, resolve));
}

async function setup(options: Omit<TelemetryServerSpanExporterOptions, 'telemetryServerUrl'> = {}) {
  const capture = await startCaptureServer();
  const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: capture.url, ...options });
  cleanups.push(async () => {
    await capture.close();
    await exporter.shutdown();
  });
  return { capture, exporter };
}

describe('TelemetryServerSpanExporter', () => {
  it("posts Genkit TraceData with Genkit's SpanData fields to /api/traces", async () => {
    const { capture, exporter } = await setup();
    const spans = await makeSpans((tracer) => {
      tracer.startActiveSpan('root', { attributes: { 'genkit:type': 'flow' } }, (root) => {
        const child = tracer.startSpan('child');
        child.addEvent('tick', { n: 1 });
        child.end();
        root.end();
      });
    });
    expect(await exportTo(exporter, spans)).toEqual({ code: ExportResultCode.SUCCESS });
    expect(capture.requests).toHaveLength(1);
    const { path, headers, body } = capture.requests[0]!;
    expect(path).toBe('/api/traces');
    expect(headers['content-type']).toBe('application/json');
    const root = Object.values(body.spans).find((s) => s.displayName === 'root')!;
    const child = Object.values(body.spans).find((s) => s.displayName === 'child')!;
    expect(body).toMatchObject({
      traceId: root.traceId,
      displayName: 'root',
      startTime: root.startTime,
      endTime: root.endTime,
      resource: { attributes: expect.objectContaining({ 'service.name': expect.any(String) }) },
    });
    expect(root).toEqual({
      spanId: expect.stringMatching(/^[0-9a-f]{16}$/),
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      startTime: expect.any(Number),
      endTime: expect.any(Number),
      attributes: { 'genkit:type': 'flow' },
      displayName: 'root',
      instrumentationLibrary: { name: 'test', version: '1.0.0' },
      spanKind: 'INTERNAL',
      sameProcessAsParentSpan: { value: true },
      status: { code: 0 },
      timeEvents: { timeEvent: [] },
    });
    expect(child.parentSpanId).toBe(root.spanId);
    expect(child.timeEvents?.timeEvent).toEqual([
      { time: expect.any(Number), annotation: { description: 'tick', attributes: { n: 1 } } },
    ]);
  });

  it('sends every trace of a mixed batch, one request each', async () => {
    const { capture, exporter } = await setup();
    const spans = await makeSpans((tracer) => {
      for (let i = 0; i < 3; i++) tracer.startSpan(`trace-${i}`).end();
    });
    expect((await exportTo(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(capture.requests.map((r) => r.body.displayName).sort()).toEqual(['trace-0', 'trace-1', 'trace-2']);
  });

  it('sends a batch of traces in one request once the server says it takes arrays', async () => {
    const capture = await startCaptureServer(0, { acceptTraceArrays: true });
    const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: capture.url });
    cleanups.push(async () => {
      await capture.close();
      await exporter.shutdown();
    });
    const first = await makeSpans((tracer) => tracer.startSpan('first').end());
    await exportTo(exporter, first);
    const batch = await makeSpans((tracer) => {
      for (let i = 0; i < 3; i++) tracer.startSpan(`batched-${i}`).end();
    });
    expect((await exportTo(exporter, batch)).code).toBe(ExportResultCode.SUCCESS);
    expect(capture.attempts()).toBe(2);
    expect(capture.arrayRequests()).toBe(1);
    expect(capture.requests.map((r) => r.body.displayName)).toEqual([
      'first',
      'batched-0',
      'batched-1',
      'batched-2',
    ]);
  });

  it("sends a first batch's other traces as one array once the first trace's answer says the server takes arrays", async () => {
    const capture = await startCaptureServer(0, { acceptTraceArrays: true });
    const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: capture.url });
    cleanups.push(async () => {
      await capture.close();
      await exporter.shutdown();
    });
    const batch = await makeSpans((tracer) => {
      for (let i = 0; i < 4; i++) tracer.startSpan(`burst-${i}`).end();
    });
    expect((await exportTo(exporter, batch)).code).toBe(ExportResultCode.SUCCESS);
    expect(capture.attempts()).toBe(2);
    expect(capture.arrayRequests()).toBe(1);
    expect(capture.requests.map((r) => r.body.displayName)).toEqual([
      'burst-0',
      'burst-1',
      'burst-2',
      'burst-3',
    ]);
  });

  it('falls back to one request per trace when an array is refused', async () => {
    const { capture, exporter } = await setup();
    const port = capture.port;
    await capture.close();
    const arrays = await startCaptureServer(port, { acceptTraceArrays: true });
    await exportTo(exporter, await makeSpans((tracer) => tracer.startSpan('learn').end()));
    await arrays.close();
    const genkitLike = await startCaptureServer(port);
    cleanups.push(() => genkitLike.close());
    genkitLike.respondWith(400);
    const batch = await makeSpans((tracer) => {
      for (let i = 0; i < 2; i++) tracer.startSpan(`plain-${i}`).end();
    });
    const refused = exportTo(exporter, batch);
    await waitUntil(() => genkitLike.attempts() >= 1);
    genkitLike.respondWith(200);
    expect((await refused).code).toBe(ExportResultCode.SUCCESS);
    expect(genkitLike.arrayRequests()).toBe(0);
    expect(genkitLike.requests.map((r) => r.body.displayName).sort()).toEqual(['plain-0', 'plain-1']);
  });

  it('makes one attempt per export and leaves retrying a 5xx to its caller, counting nothing as failed', async () => {
    const { capture, exporter } = await setup();
    const spans = await makeSpans((tracer) => tracer.startSpan('retried later').end());
    capture.respondWith(503);
    const result = await exportTo(exporter, spans);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect((result.error as ExportError).retryable).toBe(true);
    expect(capture.attempts()).toBe(1);
    capture.respondWith(200);
    expect((await exportTo(exporter, spans)).code).toBe(ExportResultCode.SUCCESS);
    expect(exporter.failedSpanCount).toBe(0);
  });

  it('does not retry a rejected request, and counts the spans as failed', async () => {
    const { capture, exporter } = await setup();
    const spans = await makeSpans((tracer) => tracer.startSpan('rejected').end());
    capture.respondWith(400);
    const result = await exportTo(exporter, spans);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error).toBeInstanceOf(ExportError);
    expect((result.error as ExportError).retryable).toBe(false);
    expect(result.error?.message).toContain('answered 400');
    expect(exporter.failedSpanCount).toBe(1);
  });

  it('reports an unreachable server as a retryable failure', async () => {
    const capture = await startCaptureServer();
    await capture.close();
    const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: capture.url });
    const spans = await makeSpans((tracer) => tracer.startSpan('lost').end());
    const result = await exportTo(exporter, spans);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect(result.error?.message).toContain('ECONNREFUSED');
    expect((result.error as ExportError).retryable).toBe(true);
    await exporter.shutdown();
  });

  it('reports a server that closes the connection without answering as a retryable failure', async () => {
    const server = http.createServer((request) => request.socket.destroy());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as { port: number };
    const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: `http://127.0.0.1:${port}` });
    cleanups.push(() => exporter.shutdown());
    const result = await exportTo(exporter, await makeSpans((tracer) => tracer.startSpan('cut off').end()));
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect((result.error as ExportError).retryable).toBe(true);
  });

  it('makes its requests with tracing suppressed, so HTTP instrumentation cannot trace them', async () => {
    const { exporter } = await setup();
    const suppressed: boolean[] = [];
    const onRequest = () => suppressed.push(isTracingSuppressed(context.active()));
    diagnosticsChannel.subscribe('http.client.request.start', onRequest);
    cleanups.push(async () => void diagnosticsChannel.unsubscribe('http.client.request.start', onRequest));
    const spans = await makeSpans((tracer) => tracer.startSpan('quiet').end());
    const { close } = makeTracer(new SimpleSpanProcessor(new InMemorySpanExporter()));
    cleanups.push(close);
    await exportTo(exporter, spans);
    expect(suppressed).toEqual([true]);
  });

  it('never sends the value of GEMINI_API_KEY or an authorization header', async () => {
    process.env.GEMINI_API_KEY = 'AIza-test-secret-value';
    try {
      const { capture, exporter } = await setup();
      const spans = await makeSpans((tracer) =>
        tracer
          .startSpan('call', {
            attributes: { 'genkit:input': '{"apiKey":"AIza-test-secret-value"}', authorization: 'Bearer x' },
          })
          .end(),
      );
      await exportTo(exporter, spans);
      const sent = capture.spans()[0]!;
      expect(sent.attributes).toEqual({
        'genkit:input': '{"apiKey":"[REDACTED]"}',
        authorization: '[REDACTED]',
      });
    } finally {
      delete process.env.GEMINI_API_KEY;
    }
  });

  it('redacts secret values from span and trace names, status, events, links and scope, from the env it is given', async () => {
    const secret = 'AIza-given-env-secret';
    const { capture, exporter } = await setup({ env: { GEMINI_API_KEY: secret } });
    const spans = await makeSpans((tracer) => {
      const linked = tracer.startSpan('linked');
      linked.end();
      const span = tracer.startSpan(`call with ${secret}`, {
        links: [
          { context: linked.spanContext(), attributes: { note: `key ${secret}`, github_token: 'ghp_x' } },
        ],
      });
      span.addEvent(`retry with ${secret}`, { db_password: 'hunter2' });
      span.setStatus({ code: 2, message: `401 for key ${secret}` });
      span.end();
    });
    await exportTo(exporter, spans);
    const sent = JSON.stringify(capture.requests.map((request) => request.body));
    expect(sent).not.toContain(secret);
    expect(sent).not.toContain('ghp_x');
    expect(sent).not.toContain('hunter2');
    const call = capture.spans().find((span) => span.displayName.startsWith('call with'))!;
    expect(call.displayName).toBe('call with [REDACTED]');
    expect(capture.requests.find((r) => r.body.spans[call.spanId])?.body.displayName).toBe(
      'call with [REDACTED]',
    );
    expect(call.status).toEqual({ code: 2, message: '401 for key [REDACTED]' });
    expect(call.timeEvents?.timeEvent?.[0]?.annotation).toEqual({
      description: 'retry with [REDACTED]',
      attributes: { db_password: '[REDACTED]' },
    });
    expect(call.links?.[0]?.attributes).toEqual({ note: 'key [REDACTED]', github_token: '[REDACTED]' });
  });

  it('declares itself not realtime, with no heartbeat promise, on every POST by default', async () => {
    const { capture, exporter } = await setup();
    await exportTo(exporter, await makeSpans((tracer) => tracer.startSpan('a').end()));
    await exportTo(exporter, await makeSpans((tracer) => tracer.startSpan('b').end()));
    expect(capture.requests.map((r) => r.headers['x-livespan-realtime'])).toEqual(['false', 'false']);
    expect(capture.requests.map((r) => r.headers['x-livespan-heartbeat-ms'])).toEqual([undefined, undefined]);
  });

  it('declares realtime and its heartbeat once a RealtimeSpanProcessor uses it', async () => {
    const { capture, exporter } = await setup();
    new RealtimeSpanProcessor(exporter, { heartbeatMs: 1_234 });
    await exportTo(exporter, await makeSpans((tracer) => tracer.startSpan('live').end()));
    expect(capture.requests[0]?.headers['x-livespan-realtime']).toBe('true');
    expect(capture.requests[0]?.headers['x-livespan-heartbeat-ms']).toBe('1234');
  });

  it('declares realtime without a heartbeat promise when heartbeats are off', async () => {
    const { capture, exporter } = await setup();
    new RealtimeSpanProcessor(exporter, { heartbeatMs: 0 });
    await exportTo(exporter, await makeSpans((tracer) => tracer.startSpan('live').end()));
    expect(capture.requests[0]?.headers['x-livespan-realtime']).toBe('true');
    expect(capture.requests[0]?.headers['x-livespan-heartbeat-ms']).toBeUndefined();
  });

  it('rejects a URL that is not http(s)', () => {
    expect(() => new TelemetryServerSpanExporter({ telemetryServerUrl: 'ftp://x' })).toThrow(/must be http/);
  });
});

async function waitUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe('TelemetryServerSpanExporter with an access token', () => {
  const TOKEN = 'team-token-0123456789abcdef';

  it('sends LIVESPAN_TOKEN of the env it is given as Authorization: Bearer, in every mode', async () => {
    const { capture, exporter } = await setup({ env: { LIVESPAN_TOKEN: TOKEN } });
    const spans = await makeSpans((tracer) => tracer.startSpan('one').end());
    expect(await exportTo(exporter, spans)).toEqual({ code: ExportResultCode.SUCCESS });
    exporter.useRealtimeMode({ realtime: true, heartbeatMs: 1000 });
    expect(await exportTo(exporter, spans)).toEqual({ code: ExportResultCode.SUCCESS });
    expect(capture.requests.map((request) => request.headers.authorization)).toEqual([
      `Bearer ${TOKEN}`,
      `Bearer ${TOKEN}`,
    ]);
  });

  it('sends no Authorization header without a token', async () => {
    const { capture, exporter } = await setup({ env: {} });
    await exportTo(exporter, await makeSpans((tracer) => tracer.startSpan('one').end()));
    expect(capture.requests[0]!.headers.authorization).toBeUndefined();
  });

  it('redacts the token from span data and keeps it out of the error of a 401', async () => {
    const { capture, exporter } = await setup({ token: TOKEN, env: {} });
    const spans = await makeSpans((tracer) =>
      tracer.startSpan(`call with ${TOKEN}`, { attributes: { note: `header Bearer ${TOKEN}` } }).end(),
    );
    expect(await exportTo(exporter, spans)).toEqual({ code: ExportResultCode.SUCCESS });
    const sent = JSON.stringify(capture.requests[0]!.body);
    expect(sent).not.toContain(TOKEN);
    expect(sent).toContain('[REDACTED]');
    capture.respondWith(401);
    const result = await exportTo(exporter, spans);
    expect(result.code).toBe(ExportResultCode.FAILED);
    expect((result.error as ExportError).retryable).toBe(false);
    expect(String(result.error)).not.toContain(TOKEN);
  });
});
