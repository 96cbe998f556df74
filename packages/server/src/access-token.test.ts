import { afterEach, describe, expect, it } from 'vitest';
import type { LivespanServer } from './create-server.js';
import { makeServer, makeSpan, TRACE_ID, traceData } from './test-support/factories.js';

const TOKEN = 'team-token-0123456789abcdef';

let server: LivespanServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Every route that reads, ingests, streams or runs something: each must check the token. */
const ROUTES: Array<{ name: string; method: 'GET' | 'POST'; path: string; body?: string }> = [
  { name: 'ingest', method: 'POST', path: '/api/traces', body: JSON.stringify(traceData([makeSpan()])) },
  {
    name: 'ingest of an app',
    method: 'POST',
    path: '/apps/app-1/api/traces',
    body: JSON.stringify(traceData([makeSpan()])),
  },
  { name: 'OTLP ingest', method: 'POST', path: '/v1/traces', body: JSON.stringify({ resourceSpans: [] }) },
  { name: 'trace list', method: 'GET', path: '/api/traces' },
  { name: 'one trace', method: 'GET', path: `/api/traces/${TRACE_ID}` },
  { name: 'app status', method: 'GET', path: '/api/app' },
  { name: 'flow list', method: 'GET', path: '/api/flows' },
  { name: 'flow run', method: 'POST', path: '/api/flows/hello/run', body: '{}' },
  { name: 'list stream', method: 'GET', path: '/api/stream' },
  { name: 'trace stream', method: 'GET', path: `/api/traces/${TRACE_ID}/stream` },
  { name: 'an unknown API path', method: 'GET', path: '/api/nothing-here' },
];

async function call(route: (typeof ROUTES)[number], headers: Record<string, string> = {}): Promise<Response> {
  const response = await server!.app.request(route.path, {
    method: route.method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(route.body !== undefined && { body: route.body }),
  });
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) await response.body?.cancel();
  return response;
}

async function sessionCookie(token: string, headers: Record<string, string> = {}): Promise<Response> {
  return server!.app.request('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ token }),
  });
}

describe('a server with an access token', () => {
  it.each(ROUTES)('answers $name without a token with 401 and no detail', async (route) => {
    server = makeServer({ token: TOKEN });
    const response = await call(route);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual({ error: 'unauthorized' });
  });

  it.each(ROUTES)(
    'answers $name with a wrong bearer token or cookie exactly as without one',
    async (route) => {
      server = makeServer({ token: TOKEN });
      for (const headers of <Array<Record<string, string>>>[
        { authorization: 'Bearer team-token-0123456789abcdeX' },
        { authorization: `Bearer ${TOKEN}x` },
        { authorization: `Basic ${TOKEN}` },
        { cookie: `livespan_session=${TOKEN}` },
        { cookie: 'livespan_session=' },
      ]) {
        const response = await call(route, headers);
        expect(response.status, JSON.stringify(headers)).toBe(401);
        expect(await response.json()).toEqual({ error: 'unauthorized' });
      }
    },
  );

  it.each(ROUTES)('serves $name with the right bearer token', async (route) => {
    server = makeServer({ token: TOKEN });
    const response = await call(route, { authorization: `Bearer ${TOKEN}` });
    expect(response.status).not.toBe(401);
    expect(response.status).not.toBe(403);
  });

  it.each(ROUTES)('serves $name with the session cookie POST /api/session set', async (route) => {
    server = makeServer({ token: TOKEN });
    const login = await sessionCookie(TOKEN);
    expect(login.status).toBe(204);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const response = await call(route, { cookie: `theme=dark; ${cookie}` });
    expect(response.status).not.toBe(401);
  });

  it('stores the ingested span only for the sender with the token', async () => {
    server = makeServer({ token: TOKEN });
    await call(ROUTES[0]!, { authorization: 'Bearer wrong-token-0123456789' });
    expect((await server.store.getTrace(TRACE_ID)) ?? undefined).toBeUndefined();
    expect((await call(ROUTES[0]!, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect(await server.store.getTrace(TRACE_ID)).toBeDefined();
  });

  it('sets an HttpOnly, SameSite=Strict cookie for the whole site that holds no token', async () => {
    server = makeServer({ token: TOKEN });
    const cookie = (await sessionCookie(TOKEN)).headers.get('set-cookie')!;
    expect(cookie).toMatch(/^livespan_session=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    expect(cookie).not.toContain(TOKEN);
  });

  it('marks the cookie Secure when the proxy says the request came over https', async () => {
    server = makeServer({ token: TOKEN });
    const cookie = (await sessionCookie(TOKEN, { 'x-forwarded-proto': 'https' })).headers.get('set-cookie');
    expect(cookie).toMatch(/; Secure$/);
  });

  it('refuses a wrong token at POST /api/session with 401 and sets no cookie', async () => {
    server = makeServer({ token: TOKEN });
    const response = await sessionCookie('not-the-token-0123456789');
    expect(response.status).toBe(401);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(await response.json()).toEqual({ error: 'unauthorized' });
  });

  it('refuses POST /api/session from a foreign Origin even with the right token', async () => {
    server = makeServer({ token: TOKEN });
    const response = await sessionCookie(TOKEN, { origin: 'http://evil.example' });
    expect(response.status).toBe(403);
    expect(response.headers.get('set-cookie')).toBeNull();
  });

  it('refuses a foreign Origin even with the right bearer token', async () => {
    server = makeServer({ token: TOKEN });
    const response = await call(ROUTES[0]!, {
      authorization: `Bearer ${TOKEN}`,
      origin: 'http://evil.example',
    });
    expect(response.status).toBe(403);
  });

  it('refuses an oversized session request unread', async () => {
    server = makeServer({ token: TOKEN });
    const response = await sessionCookie('x'.repeat(10_000));
    expect(response.status).toBe(413);
  });

  it('keeps health and the Dev UI static files open, and says a token is required only to a holder', async () => {
    server = makeServer({ token: TOKEN });
    expect((await server.app.request('/api/__health')).status).toBe(200);
    expect((await server.app.request('/')).status).not.toBe(401);
    expect((await server.app.request('/traces/abc')).status).not.toBe(401);
    expect((await server.app.request('/api/session')).status).toBe(401);
    const session = await server.app.request('/api/session', {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(await session.json()).toEqual({ tokenRequired: true });
  });

  it('requires the token on loopback too when one is configured', async () => {
    server = makeServer({ token: TOKEN, host: '127.0.0.1' });
    expect((await call(ROUTES[3]!)).status).toBe(401);
  });
});

describe('wrong tokens', () => {
  const wrong = (headers: Record<string, string> = {}) =>
    call(ROUTES[3]!, { authorization: 'Bearer not-the-token-0123456789', ...headers });

  it('stops checking the credentials of a client after 20 wrong tokens a minute: 429 with Retry-After, even for the right one', async () => {
    server = makeServer({ token: TOKEN });
    for (let n = 0; n < 20; n++) expect((await wrong()).status).toBe(401);
    const refused = await call(ROUTES[3]!, { authorization: `Bearer ${TOKEN}` });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as { error: string }).error).toMatch(
      /too many wrong access tokens from this address; try again in \d+ s/,
    );
    expect((await sessionCookie(TOKEN)).status).toBe(429);
  });

  it('counts wrong tokens at POST /api/session too, and not requests that present no credential', async () => {
    server = makeServer({ token: TOKEN });
    for (let n = 0; n < 50; n++) expect((await call(ROUTES[3]!)).status).toBe(401);
    for (let n = 0; n < 20; n++)
      expect((await sessionCookie(`wrong-token-${n}-0123456789`)).status).toBe(401);
    expect((await call(ROUTES[3]!, { authorization: `Bearer ${TOKEN}` })).status).toBe(429);
  });

  it('tells clients behind the reverse proxy of --public-url apart by X-Forwarded-For', async () => {
    server = makeServer({ token: TOKEN, publicUrl: 'https://traces.example' });
    const from = (address: string) => ({ host: 'traces.example', 'x-forwarded-for': `10.9.9.9, ${address}` });
    for (let n = 0; n < 20; n++) await wrong(from('192.0.2.1'));
    expect((await call(ROUTES[3]!, { authorization: `Bearer ${TOKEN}`, ...from('192.0.2.1') })).status).toBe(
      429,
    );
    expect((await call(ROUTES[3]!, { authorization: `Bearer ${TOKEN}`, ...from('192.0.2.2') })).status).toBe(
      200,
    );
  });
});

describe('wrong tokens from this machine', () => {
  it('are not limited, so an app with a stale token cannot lock the developer out', async () => {
    server = makeServer({ token: TOKEN });
    const { url } = await server.listen({ port: 0 });
    const list = (token: string) =>
      fetch(`${url}/api/traces`, { headers: { authorization: `Bearer ${token}` } });
    for (let n = 0; n < 25; n++) expect((await list('not-the-token-0123456789')).status).toBe(401);
    expect((await list(TOKEN)).status).toBe(200);
  });
});

describe('signing out', () => {
  it('DELETE /api/session expires the session cookie', async () => {
    server = makeServer({ token: TOKEN });
    const response = await server.app.request('/api/session', { method: 'DELETE' });
    expect(response.status).toBe(204);
    expect(response.headers.get('set-cookie')).toBe(
      'livespan_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0',
    );
  });
});

describe('a server without an access token', () => {
  it('serves every route on loopback without one', async () => {
    server = makeServer();
    for (const route of ROUTES) expect((await call(route)).status, route.name).not.toBe(401);
    expect(await (await server.app.request('/api/session')).json()).toEqual({ tokenRequired: false });
  });

  it('refuses to be created on a non-loopback host without a token', () => {
    expect(() => makeServer({ host: '0.0.0.0' })).toThrow(/--token or LIVESPAN_TOKEN.*--insecure-no-token/);
    expect(() => makeServer({ host: '10.0.0.11' })).toThrow(/reachable from the network/);
  });

  it('is created on a non-loopback host when insecureNoToken is given explicitly', async () => {
    server = makeServer({ host: '0.0.0.0', insecureNoToken: true });
    expect((await call(ROUTES[3]!, { host: '0.0.0.0' })).status).toBe(200);
  });

  it('refuses a token shorter than 16 characters', () => {
    expect(() => makeServer({ token: 'short' })).toThrow(/at least 16 characters/);
  });
});

describe('a server behind a proxy at a public URL', () => {
  it('accepts the public host in Host and its exact origin in Origin, and still refuses others', async () => {
    server = makeServer({ host: '10.0.0.11', token: TOKEN, publicUrl: 'https://traces.example.com' });
    const auth = { authorization: `Bearer ${TOKEN}` };
    const own = await call(ROUTES[0]!, {
      ...auth,
      host: 'traces.example.com',
      origin: 'https://traces.example.com',
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('access-control-allow-origin')).toBe('https://traces.example.com');
    const wrongScheme = await call(ROUTES[0]!, {
      ...auth,
      host: 'traces.example.com',
      origin: 'http://traces.example.com',
    });
    expect(wrongScheme.status).toBe(403);
    expect((await call(ROUTES[3]!, { ...auth, host: 'other.example.com' })).status).toBe(403);
  });
});
