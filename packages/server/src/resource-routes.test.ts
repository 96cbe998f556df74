import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import { type Json, makeServer, makeSpan, spanId, TRACE_ID } from './test-support/factories.js';

let server: LivespanServer;
afterEach(async () => server?.close());

/** Sends a server-like trace (a "GET" root with a route, a child) with the official OTLP/HTTP exporter. */
async function sendOtlp(url: string, serviceName: string, route: Record<string, string>): Promise<string> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName, 'service.version': '1.0.0' }),
    spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `${url}/v1/traces` }))],
  });
  const tracer = provider.getTracer('http');
  const root = tracer.startSpan('GET', { attributes: route });
  tracer.startSpan('db.query', {}, trace.setSpan(context.active(), root)).end();
  root.end();
  await provider.forceFlush();
  await provider.shutdown();
  return root.spanContext().traceId;
}

const getJson = async (path: string): Promise<Json> => (await server.app.request(path)).json();

describe('OTLP resources, serviceName and route', () => {
  it('keeps the resource once, names it on each span, and puts serviceName and route in the summaries', async () => {
    server = makeServer();
    const { url } = await server.listen({ port: 0 });
    const orders = await sendOtlp(url, 'orders', { 'http.route': '/orders/:id', 'url.path': '/orders/42' });
    const users = await sendOtlp(url, 'users', { 'http.target': '/users/7?full=1' });
    const list = await getJson('/api/traces');
    expect(list.traces.map((t: Json) => [t.traceId, t.displayName, t.serviceName, t.route])).toEqual([
      [users, 'GET', 'users', '/users/7'],
      [orders, 'GET', 'orders', '/orders/:id'],
    ]);
    const stored = await getJson(`/api/traces/${orders}`);
    expect(stored).toMatchObject({ serviceName: 'orders', route: '/orders/:id' });
    const spans = Object.values(stored.spans) as Json[];
    const resourceId: string = spans[0].resourceId;
    expect(resourceId).toMatch(/^[0-9a-f]{32}$/);
    expect(spans.map((span) => span.resourceId)).toEqual([resourceId, resourceId]);
    const response = await server.app.request(`/api/resources/${resourceId}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    const resource: Json = await response.json();
    expect(resource).toMatchObject({
      resourceId,
      attributes: {
        'service.name': 'orders',
        'service.version': '1.0.0',
      },
    });
    expect(stored.resources).toEqual({ [resourceId]: { attributes: resource.attributes } });
  });

  it('answers 404 for an unknown resource and 400 for a malformed id', async () => {
    server = makeServer();
    const unknown = await server.app.request(`/api/resources/${'0'.repeat(32)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: `resource ${'0'.repeat(32)} not found` });
    expect((await server.app.request('/api/resources/nope')).status).toBe(400);
  });

  it('takes the resource of a posted TraceData, redacting secrets, and keeps it through export and import', async () => {
    server = makeServer();
    const root = makeSpan({ attributes: { 'url.full': 'https://shop.example/cart?x=1' } });
    const child = makeSpan({ spanId: spanId(2), parentSpanId: spanId(1), displayName: 'child' });
    const resource = { attributes: { 'service.name': 'shop', 'process.api_key': 'sk-123' } };
    await server.app.request('/api/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ traceId: TRACE_ID, spans: { [spanId(1)]: root, [spanId(2)]: child }, resource }),
    });
    const exported = await getJson(`/api/traces/${TRACE_ID}`);
    expect(exported).toMatchObject({ serviceName: 'shop', route: '/cart' });
    expect(Object.values(exported.resources)).toEqual([
      { attributes: { 'service.name': 'shop', 'process.api_key': '[REDACTED]' } },
    ]);
    await server.close();
    server = makeServer();
    const imported = await server.app.request('/api/traces/import', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(exported),
    });
    expect(imported.status).toBe(200);
    const { lastSeen: _a, ...before } = exported;
    const { lastSeen: _b, ...after } = await getJson(`/api/traces/${TRACE_ID}`);
    expect(after).toEqual(before);
  });
});
