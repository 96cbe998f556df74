import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { TRACE_ARRAYS_HEADER } from '@livespan/tracing/wire';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import { directRoute } from './direct-ingest.js';
import type { Listener } from './listen.js';
import { makeServer, makeSpan, spanId, TRACE_ID, traceData } from './test-support/factories.js';
import { hostileTraceData } from './test-support/hostile-requests.js';

const TOKEN = 'direct-ingest-token-0123456789';
const BODY_LIMIT = 64 * 1024;
const AUTH = { authorization: `Bearer ${TOKEN}` };
const JSON_TYPE = { 'content-type': 'application/json' };
/** The headers whose values both paths must agree on. */
const COMPARED = ['content-type', 'www-authenticate', 'retry-after', TRACE_ARRAYS_HEADER];

interface Answer {
  status: number;
  body: unknown;
  headers: Record<string, string | undefined>;
}

let server: LivespanServer;
let listener: Listener;

beforeAll(async () => {
  server = makeServer({ token: TOKEN, bodyLimitBytes: BODY_LIMIT });
  listener = await server.listen({ port: 0 });
});

afterAll(async () => {
  await server?.close();
});

function answer(status: number, text: string, header: (name: string) => string | undefined): Answer {
  return {
    status,
    body: JSON.parse(text),
    headers: Object.fromEntries(COMPARED.map((name) => [name, header(name)])),
  };
}

/** Sends a request over the listener, where the ingest POST skips Hono; `host: null` sends no Host. */
function overHttp(
  path: string,
  headers: Record<string, string | null>,
  body: Uint8Array | string,
): Promise<Answer> {
  const { host, ...rest } = headers;
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${listener.url}${path}`,
      {
        method: 'POST',
        setHost: host !== null,
        headers: { ...rest, ...(host ? { host } : {}) } as Record<string, string>,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve(answer(response.statusCode!, text, (name) => response.headers[name] as string | undefined));
        });
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** The same request through the Hono app. */
async function viaHono(path: string, headers: Record<string, string>, body: Uint8Array | string) {
  const response = await server.app.request(path, { method: 'POST', headers, body });
  return answer(response.status, await response.text(), (name) => response.headers.get(name) ?? undefined);
}

const validBody = (n: number) =>
  JSON.stringify(traceData([makeSpan({ spanId: spanId(n), attributes: { n } })], TRACE_ID));

describe('the ingest POST served without Hono', () => {
  it('takes TraceData POSTs without an Origin, and leaves everything else to Hono', () => {
    const post = (url: string, headers = {}) => directRoute({ method: 'POST', url, headers });
    expect(post('/api/traces')).toEqual({ appId: undefined });
    expect(post('/apps/a.b-1/api/traces?x=1')).toEqual({ appId: 'a.b-1' });
    expect(post('/apps/bad!/api/traces')).toEqual({ appId: 'bad!' });
    expect(post('/api/traces', { origin: 'http://localhost:4000' })).toBeUndefined();
    expect(directRoute({ method: 'GET', url: '/api/traces', headers: {} })).toBeUndefined();
    for (const url of [
      '/api/traces/',
      '/api/traces/import',
      '/apps//api/traces',
      '/api/trace%73',
      '/v1/traces',
    ])
      expect(post(url), url).toBeUndefined();
  });

  const cases: Array<[string, string, Record<string, string>, Uint8Array | string]> = [
    ['a valid TraceData body', '/api/traces', { ...AUTH, ...JSON_TYPE }, validBody(1)],
    [
      'a valid body under an app id, with a query',
      '/apps/a.b-1/api/traces?x=1',
      { ...AUTH, ...JSON_TYPE },
      validBody(2),
    ],
    [
      'a gzip body',
      '/api/traces',
      { ...AUTH, ...JSON_TYPE, 'content-encoding': 'gzip' },
      gzipSync(validBody(3)),
    ],
    ['no access token', '/api/traces', JSON_TYPE, validBody(4)],
    [
      'a wrong access token',
      '/api/traces',
      { authorization: 'Bearer wrong-token-0123456789', ...JSON_TYPE },
      validBody(5),
    ],
    ['a foreign Host', '/api/traces', { ...AUTH, ...JSON_TYPE, host: 'evil.example' }, validBody(6)],
    ['a bad app id', '/apps/bad!/api/traces', { ...AUTH, ...JSON_TYPE }, validBody(7)],
    ['a text body', '/api/traces', { ...AUTH, 'content-type': 'text/plain' }, validBody(8)],
    ['malformed JSON', '/api/traces', { ...AUTH, ...JSON_TYPE }, '{"traceId":'],
    ['a body over the limit', '/api/traces', { ...AUTH, ...JSON_TYPE }, 'x'.repeat(BODY_LIMIT + 1)],
    ['an unknown encoding', '/api/traces', { ...AUTH, ...JSON_TYPE, 'content-encoding': 'br' }, validBody(9)],
  ];

  it.each(cases)('answers %s as the Hono app does', async (_, path, headers, body) => {
    const direct = await overHttp(path, headers, body);
    expect(direct).toEqual(await viaHono(path, headers, body));
  });

  it('refuses a request without Host in JSON', async () => {
    const direct = await overHttp('/api/traces', { ...AUTH, ...JSON_TYPE, host: null }, validBody(10));
    expect(direct).toMatchObject({ status: 400, body: { error: 'a Host header is required' } });
  });

  it('stores what it acknowledged', async () => {
    const body = JSON.stringify(
      traceData([makeSpan({ spanId: spanId(11), displayName: 'stored-directly' })]),
    );
    expect((await overHttp('/api/traces', { ...AUTH, ...JSON_TYPE }, body)).status).toBe(200);
    const spans = await server.store.getSpans(TRACE_ID);
    expect(spans.map((span) => span.displayName)).toContain('stored-directly');
  });

  it('answers malformed TraceData as the Hono app does', async () => {
    await fc.assert(
      fc.asyncProperty(hostileTraceData(BODY_LIMIT), async (request) => {
        const headers = { ...AUTH, ...request.headers };
        const direct = await overHttp(request.path, headers, request.body);
        expect(direct, request.kind).toEqual(await viaHono(request.path, headers, request.body));
      }),
      { numRuns: 300, endOnFailure: true },
    );
  }, 120_000);
});
