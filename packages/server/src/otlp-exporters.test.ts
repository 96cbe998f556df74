import { RealtimeSpanProcessor } from '@livespan/tracing';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter as OtlpHttpExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as OtlpProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import type { Listener } from './listen.js';
import { type Json, makeServer } from './test-support/factories.js';

let server: LivespanServer;
let running: Listener;
/** Content type and encoding of each request the server received. */
let encodings: string[] = [];
afterEach(async () => {
  encodings = [];
  await server?.close();
});

async function sendWith(
  makeExporter: (url: string) => SpanExporter,
): Promise<{ traceId: string; spanId: string }> {
  server = makeServer();
  const fetch = server.app.fetch;
  server.app.fetch = (request, ...rest) => {
    if (request.method === 'POST')
      encodings.push(
        `${request.headers.get('content-type')}; ${request.headers.get('content-encoding') ?? 'identity'}`,
      );
    return fetch(request, ...rest);
  };
  running = await server.listen({ port: 0 });
  const provider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(makeExporter(running.url))],
  });
  const tracer = provider.getTracer('otlp-test', '3.1.4');
  const parent = tracer.startSpan('parent');
  // No context manager is registered here, so the parent is passed explicitly.
  const child = tracer.startSpan('child', {}, trace.setSpan(context.active(), parent));
  child.setAttributes({
    s: 'text',
    b: true,
    i: 42,
    d: 1.25,
    list: ['a', 'b'],
  });
  child.addEvent('tick', { n: 1 });
  child.setStatus({ code: SpanStatusCode.ERROR, message: 'bad' });
  child.end();
  parent.end();
  const ids = { traceId: parent.spanContext().traceId, spanId: parent.spanContext().spanId };
  await provider.forceFlush();
  await provider.shutdown();
  return ids;
}

async function expectStored({ traceId, spanId }: { traceId: string; spanId: string }): Promise<void> {
  const trace: Json = await (await server.app.request(`/api/traces/${traceId}`)).json();
  expect(trace).toMatchObject({
    displayName: 'parent',
    spanCount: 2,
    errorCount: 1,
    hasRoot: true,
    status: 'ok',
  });
  const child = Object.values(trace.spans as Record<string, { displayName: string }>).find(
    (s) => s.displayName === 'child',
  );
  expect(child).toMatchObject({
    parentSpanId: spanId,
    attributes: { s: 'text', b: true, i: 42, d: 1.25, list: ['a', 'b'] },
    status: { code: 2, message: 'bad' },
    instrumentationLibrary: { name: 'otlp-test', version: '3.1.4' },
    timeEvents: { timeEvent: [{ annotation: { description: 'tick', attributes: { n: 1 } } }] },
  });
  expect(Number.isInteger(trace.startTime)).toBe(true);
}

describe('OTLP ingest from the real OpenTelemetry exporters', () => {
  it('accepts OTLP/JSON at /v1/traces', async () => {
    const ids = await sendWith((url) => new OtlpHttpExporter({ url: `${url}/v1/traces` }));
    await expectStored(ids);
  });

  it('accepts OTLP/protobuf at /api/otlp', async () => {
    const ids = await sendWith((url) => new OtlpProtoExporter({ url: `${url}/api/otlp` }));
    await expectStored(ids);
  });

  it('accepts gzip-compressed protobuf and JSON', async () => {
    const proto = await sendWith(
      (url) => new OtlpProtoExporter({ url: `${url}/v1/traces`, compression: 'gzip' as never }),
    );
    await expectStored(proto);
    await server.close();
    const json = await sendWith(
      (url) => new OtlpHttpExporter({ url: `${url}/v1/traces`, compression: 'gzip' as never }),
    );
    await expectStored(json);
    expect(new Set(encodings)).toEqual(new Set(['application/x-protobuf; gzip', 'application/json; gzip']));
  });

  it('answers a malformed protobuf body with 400', async () => {
    server = makeServer();
    const response = await server.app.request('/v1/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/x-protobuf' },
      body: new Uint8Array([0x0a, 0xff, 0xff, 0xff]),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: expect.stringMatching(/malformed OTLP protobuf/) });
    await server.close();
  });

  it('shows a span as running while it runs when RealtimeSpanProcessor feeds the official OTLP exporter (as in front of a collector)', async () => {
    server = makeServer();
    running = await server.listen({ port: 0 });
    const provider = new BasicTracerProvider({
      spanProcessors: [
        new RealtimeSpanProcessor(new OtlpHttpExporter({ url: `${running.url}/v1/traces` }), {
          heartbeatMs: 60_000,
        }),
      ],
    });
    const span = provider.getTracer('otlp-live').startSpan('long step');
    const { traceId } = span.spanContext();
    const read = async (): Promise<Json> => (await server.app.request(`/api/traces/${traceId}`)).json();
    await provider.forceFlush();
    expect(await read()).toMatchObject({ status: 'running', runningCount: 1, source: 'otlp', endTime: 0 });
    span.end();
    await provider.forceFlush();
    expect(await read()).toMatchObject({ status: 'ok', runningCount: 0, spanCount: 1 });
    await provider.shutdown();
  });
});
