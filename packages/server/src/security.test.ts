import http from 'node:http';
import os from 'node:os';
import { RealtimeSpanProcessor, TelemetryServerSpanExporter } from '@livespan/tracing';
import { MAX_ATTRIBUTE_STRING_LENGTH, REDACTED } from '@livespan/tracing/wire';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import type { FlowsProvider } from './flows-provider.js';
import { truncationMarker } from './sanitize-span.js';
import { type Json, makeServer, makeSpan, postSpans, TRACE_ID, traceData } from './test-support/factories.js';

let server: LivespanServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A flows provider that records every run it is asked for. */
function recordingFlows(): FlowsProvider & { runs: unknown[]; cancels: string[] } {
  const runs: unknown[] = [];
  const cancels: string[] = [];
  return {
    runs,
    cancels,
    listFlows: async () => ({
      flows: [{ key: '/flow/greet', name: 'greet' }],
      app: { runtimeId: 'r', name: 'app', pid: 1, startedAt: 0, reflectionServerUrl: 'http://127.0.0.1:1' },
    }),
    async runFlow(name, input) {
      runs.push({ name, input });
      return { traceId: TRACE_ID };
    },
    async streamFlow(name, input) {
      runs.push({ name, input, stream: true });
      return { traceId: TRACE_ID, events: (async function* () {})() };
    },
    async cancelRun(traceId) {
      cancels.push(traceId);
    },
  };
}

function otlpJson(attributes: Array<{ key: string; value: unknown }>, spanId = 'b'.repeat(16)) {
  return {
    resourceSpans: [
      {
        scopeSpans: [
          {
            scope: { name: 'otel' },
            spans: [
              {
                traceId: TRACE_ID,
                spanId,
                name: 'otlp span',
                startTimeUnixNano: '1000000000',
                endTimeUnixNano: '2000000000',
                attributes,
                events: [
                  {
                    timeUnixNano: '1500000000',
                    name: 'e',
                    attributes: [{ key: 'x-api-key', value: { stringValue: 'k-123' } }],
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

const FOREIGN_POSTS = [
  { route: '/api/traces', body: JSON.stringify(traceData([makeSpan()])) },
  { route: '/v1/traces', body: JSON.stringify(otlpJson([])) },
  { route: '/api/otlp', body: JSON.stringify(otlpJson([])) },
  { route: '/api/flows/greet/run', body: '{"input":"x"}' },
  { route: '/api/flows/greet/run?stream=true', body: '{"input":"x"}' },
];

describe('cross-site requests', () => {
  it('refuses a text/plain POST from a foreign Origin on ingest and on the flow-run proxy, storing and running nothing', async () => {
    const flows = recordingFlows();
    server = makeServer({ flows });
    for (const { route, body } of FOREIGN_POSTS) {
      for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example:4000']) {
        const response = await server.app.request(route, {
          method: 'POST',
          headers: { 'content-type': 'text/plain', origin },
          body,
        });
        expect(response.status, `${route} from ${origin}`).toBe(403);
        expect(await response.json()).toEqual({ error: expect.stringContaining('not allowed') });
      }
      // Without an Origin (curl, scripts) a non-JSON body is still refused before anything runs.
      const plain = await server.app.request(route, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body,
      });
      expect(plain.status, route).toBe(415);
    }
    expect(flows.runs).toEqual([]);
    expect((await server.app.request(`/api/traces/${TRACE_ID}`)).status).toBe(404);
    const local = await server.app.request('/api/flows/greet/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://localhost:4000' },
      body: '{"input":"x"}',
    });
    expect(local.status).toBe(200);
    expect(flows.runs).toEqual([{ name: 'greet', input: 'x' }]);
  });

  it('refuses a cancel from a foreign Origin, cancelling nothing; the Dev UI origin may cancel', async () => {
    const flows = recordingFlows();
    server = makeServer({ flows });
    const cancel = (origin: string) =>
      server!.app.request(`/api/traces/${TRACE_ID}/cancel`, { method: 'POST', headers: { origin } });
    for (const origin of ['https://evil.example', 'null', 'http://localhost.evil.example:4000']) {
      expect((await cancel(origin)).status, origin).toBe(403);
    }
    expect(flows.cancels).toEqual([]);
    expect((await cancel('http://localhost:4000')).status).toBe(202);
    expect(flows.cancels).toEqual([TRACE_ID]);
  });

  it('refuses rebinding Host names that merely contain a local name', async () => {
    server = makeServer();
    for (const host of ['localhost.evil.example', '127.0.0.1.nip.io:4000', 'evil.example', '10.0.0.5:4000']) {
      const response = await server.app.request('/api/traces', { headers: { host } });
      expect(response.status, host).toBe(403);
      expect(JSON.stringify(await response.json())).not.toContain('    at ');
    }
  });
});

describe('network exposure', () => {
  it('binds 127.0.0.1 by default, so other interfaces of this machine cannot connect', async () => {
    server = makeServer();
    const running = await server.listen({ port: 0 });
    expect(running.url).toBe(`http://127.0.0.1:${running.port}`);
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!external) return; // no other interface on this machine: the URL check above is all there is
    const outcome = await new Promise<string>((resolve) => {
      http
        .get({ host: external.address, port: running.port, path: '/api/__health', timeout: 2_000 }, (res) => {
          res.resume();
          resolve(`answered ${res.statusCode}`);
        })
        .on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message))
        .on('timeout', function (this: http.ClientRequest) {
          this.destroy(new Error('timeout'));
        });
    });
    expect(outcome).toBe('ECONNREFUSED');
  });
});

describe('attribute limits', () => {
  it(`cuts strings longer than ${MAX_ATTRIBUTE_STRING_LENGTH} characters with a marker and marks the span truncated`, async () => {
    server = makeServer();
    const long = 'a'.repeat(MAX_ATTRIBUTE_STRING_LENGTH + 1000);
    const span = makeSpan({
      attributes: { long, short: 'ok', nested: { list: ['b', long] } },
      timeEvents: { timeEvent: [{ time: 1500, annotation: { description: 'e', attributes: { long } } }] },
    });
    expect((await postSpans(server, [span])).status).toBe(200);
    const stored = ((await (await server.app.request(`/api/traces/${TRACE_ID}`)).json()) as Json).spans[
      span.spanId
    ];
    const cut = `${'a'.repeat(MAX_ATTRIBUTE_STRING_LENGTH)}${truncationMarker(1000)}`;
    expect(stored.truncated).toBe(true);
    expect(stored.attributes).toEqual({ long: cut, short: 'ok', nested: { list: ['b', cut] } });
    expect(stored.timeEvents.timeEvent[0].annotation.attributes.long).toBe(cut);
  });

  it('keeps a span within the limits as sent, without a truncated flag', async () => {
    server = makeServer();
    const exact = 'é'.repeat(MAX_ATTRIBUTE_STRING_LENGTH);
    const span = makeSpan({ attributes: { exact } });
    expect((await postSpans(server, [span])).status).toBe(200);
    const stored = ((await (await server.app.request(`/api/traces/${TRACE_ID}`)).json()) as Json).spans[
      span.spanId
    ];
    expect(stored).toEqual(span);
  });

  it('cuts long strings from OTLP too, without splitting a surrogate pair', async () => {
    server = makeServer();
    const long = `${'a'.repeat(MAX_ATTRIBUTE_STRING_LENGTH - 1)}😀😀`;
    const response = await server.app.request('/v1/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(otlpJson([{ key: 'long', value: { stringValue: long } }])),
    });
    expect(response.status).toBe(200);
    const stored = ((await (await server.app.request(`/api/traces/${TRACE_ID}`)).json()) as Json).spans[
      'b'.repeat(16)
    ];
    expect(stored.truncated).toBe(true);
    // The cut falls inside the first emoji: it goes whole, with the second (4 code units in all).
    const value: string = stored.attributes.long;
    expect(value.length).toBe(MAX_ATTRIBUTE_STRING_LENGTH - 1 + truncationMarker(4).length);
    expect(value.slice(MAX_ATTRIBUTE_STRING_LENGTH - 3)).toBe(`aa${truncationMarker(4)}`);
  });
});

describe('request limits', () => {
  it('refuses more than 10,000 traces in one request, storing none of them', async () => {
    server = makeServer();
    const traces = Array.from({ length: 10_001 }, (_, i) =>
      traceData([makeSpan({ traceId: i.toString(16).padStart(32, '0') })]),
    );
    const response = await server.app.request('/api/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(traces),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'too many traces in one request: 10001 > 10000' });
    expect(((await (await server.app.request('/api/traces')).json()) as Json).traces).toEqual([]);
  });
});

describe('secrets', () => {
  it('redacts secret-named attributes of TraceData on ingest, in span and event attributes', async () => {
    server = makeServer();
    const span = makeSpan({
      attributes: {
        authorization: 'Bearer sk-live',
        'http.request.header.authorization': ['Bearer sk-live'],
        api_key: 'k',
        'genkit:input': '"hello"',
        'gen_ai.usage.input_tokens': 12,
      },
      timeEvents: {
        timeEvent: [
          { time: 1500, annotation: { description: 'login', attributes: { password: 'hunter2' } } },
        ],
      },
    });
    expect((await postSpans(server, [span])).status).toBe(200);
    const text = await (await server.app.request(`/api/traces/${TRACE_ID}`)).text();
    expect(text).not.toContain('sk-live');
    expect(text).not.toContain('hunter2');
    const stored = (JSON.parse(text) as Json).spans[span.spanId];
    expect(stored.attributes).toEqual({
      authorization: REDACTED,
      'http.request.header.authorization': REDACTED,
      api_key: REDACTED,
      'genkit:input': '"hello"',
      'gen_ai.usage.input_tokens': 12,
    });
    expect(stored.timeEvents.timeEvent[0].annotation.attributes).toEqual({ password: REDACTED });
  });

  it('redacts env-style and other secret key names, and leaves token counts visible', async () => {
    server = makeServer();
    const secrets = {
      GEMINI_API_KEY: 's1',
      OPENAI_API_KEY: 's2',
      db_password: 's3',
      'x-auth-token': 's4',
      session_token: 's5',
      aws_secret_access_key: 's6',
      github_token: 's7',
      passphrase: 's8',
      jwt: 's9',
    };
    const visible = { token_count: 3, 'gen_ai.usage.input_tokens': 12, max_tokens: 100 };
    const span = makeSpan({ attributes: { ...secrets, ...visible } });
    expect((await postSpans(server, [span])).status).toBe(200);
    const stored = ((await (await server.app.request(`/api/traces/${TRACE_ID}`)).json()) as Json).spans[
      span.spanId
    ];
    expect(stored.attributes).toEqual({
      ...Object.fromEntries(Object.keys(secrets).map((key) => [key, REDACTED])),
      ...visible,
    });
  });

  it('redacts secret-named attributes from OTLP, which never ran our exporter', async () => {
    server = makeServer();
    const response = await server.app.request('/v1/traces', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        otlpJson([
          { key: 'http.request.header.cookie', value: { stringValue: 'session=abc' } },
          { key: 'db.statement', value: { stringValue: 'select 1' } },
        ]),
      ),
    });
    expect(response.status).toBe(200);
    const stored = ((await (await server.app.request(`/api/traces/${TRACE_ID}`)).json()) as Json).spans[
      'b'.repeat(16)
    ];
    expect(stored.attributes).toEqual({ 'http.request.header.cookie': REDACTED, 'db.statement': 'select 1' });
    expect(stored.timeEvents.timeEvent[0].annotation.attributes).toEqual({ 'x-api-key': REDACTED });
  });

  it("stores no secret an app's exporter redacted: GEMINI_API_KEY's value and an authorization header", async () => {
    server = makeServer();
    const running = await server.listen({ port: 0 });
    process.env.GEMINI_API_KEY = 'AIza-soak-secret-value';
    try {
      const processor = new RealtimeSpanProcessor(
        new TelemetryServerSpanExporter({ telemetryServerUrl: running.url }),
      );
      const provider = new BasicTracerProvider({ spanProcessors: [processor] });
      const span = provider.getTracer('t').startSpan('call', {
        attributes: { 'genkit:input': '{"key":"AIza-soak-secret-value"}', authorization: 'Bearer x' },
      });
      span.end();
      await provider.shutdown();
      const traceId = span.spanContext().traceId;
      const text = await (await server.app.request(`/api/traces/${traceId}`)).text();
      expect(text).not.toContain('AIza-soak-secret-value');
      expect((JSON.parse(text) as Json).spans[span.spanContext().spanId].attributes).toEqual({
        'genkit:input': `{"key":"${REDACTED}"}`,
        authorization: REDACTED,
      });
    } finally {
      delete process.env.GEMINI_API_KEY;
    }
  });
});
