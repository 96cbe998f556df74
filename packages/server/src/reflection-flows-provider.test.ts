import { once } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FlowsError } from './flows-provider.js';
import {
  createReflectionFlowsProvider,
  runtimeSendingTo,
  runtimeWithId,
} from './reflection-flows-provider.js';
import { type Json, makeServer } from './test-support/factories.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TRACE = 'c0ffee'.padEnd(32, '0');

/** A fake Genkit reflection server: health, actions, and runAction that answers the trace id before the result. */
async function fakeApp() {
  const runs: unknown[] = [];
  const cancels: unknown[] = [];
  const open: Array<() => void> = [];
  const finish = () => {
    for (const end of open.splice(0)) end();
  };
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/api/__health') return res.end('OK');
    if (req.url === '/api/actions') {
      res.setHeader('content-type', 'application/json');
      return res.end(
        JSON.stringify({
          '/flow/greet': { key: '/flow/greet', name: 'greet', inputSchema: { type: 'string' } },
          '/model/gemini': { key: '/model/gemini', name: 'gemini' },
        }),
      );
    }
    if (req.url === '/api/runAction') {
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { key: string; input: unknown };
      runs.push(body);
      if (body.key !== '/flow/greet') {
        // What Genkit's reflection server answers for an unknown action: plain text, not JSON.
        res.statusCode = 404;
        return res.end(`action ${body.key} not found`);
      }
      if (typeof body.input !== 'string') {
        res.statusCode = 400;
        return res.end(
          JSON.stringify({
            error: { message: 'Schema validation failed: expected string', status: 'INVALID_ARGUMENT' },
          }),
        );
      }
      res.setHeader('X-Genkit-Trace-Id', TRACE);
      res.setHeader('content-type', 'application/json');
      res.flushHeaders();
      // The result comes only when the test says so: the provider must not wait for it.
      open.push(() => res.end(JSON.stringify({ result: `hi ${body.input}`, telemetry: { traceId: TRACE } })));
      return;
    }
    if (req.url === '/api/cancelAction') {
      // Genkit's contract: 200 for a run it has, 404 otherwise.
      const body = JSON.parse(Buffer.concat(chunks).toString()) as { traceId: string };
      cancels.push(body);
      const running = body.traceId === TRACE && open.length > 0;
      if (running) finish();
      res.statusCode = running ? 200 : 404;
      res.setHeader('content-type', 'application/json');
      return res.end(
        JSON.stringify({ message: running ? 'Action cancelled' : 'Action not found or already completed' }),
      );
    }
    res.statusCode = 404;
    res.end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  cleanups.push(() => {
    finish();
    server.closeAllConnections();
    return new Promise((r) => server.close(r));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, runs, cancels, finish };
}

function projectWith(runtimes: object[]): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'livespan-flows-'));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const dir = path.join(root, '.genkit', 'runtimes');
  mkdirSync(dir, { recursive: true });
  for (const [i, runtime] of runtimes.entries())
    writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(runtime));
  writeFileSync(path.join(dir, 'broken.json'), '{');
  return root;
}

const DEAD_PID = 2 ** 22 + 12_345;

describe('createReflectionFlowsProvider', () => {
  it('lists only flows of the newest live, healthy app', async () => {
    const app = await fakeApp();
    const root = projectWith([
      { id: 'old', pid: process.pid, reflectionServerUrl: app.url, timestamp: '2024-01-01T00:00:00Z' },
      {
        id: 'dead',
        pid: DEAD_PID,
        reflectionServerUrl: 'http://127.0.0.1:1',
        timestamp: '2030-01-01T00:00:00Z',
      },
      {
        id: 'unhealthy',
        pid: process.pid,
        reflectionServerUrl: 'http://127.0.0.1:1',
        timestamp: '2029-01-01T00:00:00Z',
      },
    ]);
    const { flows, app: connected } = await createReflectionFlowsProvider({ projectRoot: root }).listFlows();
    expect(flows).toEqual([{ key: '/flow/greet', name: 'greet', inputSchema: { type: 'string' } }]);
    expect(connected).toEqual({
      runtimeId: 'old',
      name: `pid ${process.pid}`,
      pid: process.pid,
      startedAt: Date.parse('2024-01-01T00:00:00Z'),
      reflectionServerUrl: app.url,
    });
  });

  it('uses only the launch it was told to, never a newer app of another session in the same folder', async () => {
    const ours = await fakeApp();
    const theirs = await fakeApp();
    const root = projectWith([
      { id: 'ours-1', pid: process.pid, reflectionServerUrl: ours.url, timestamp: '2024-01-01T00:00:00Z' },
      {
        id: 'theirs-1',
        pid: process.pid,
        reflectionServerUrl: theirs.url,
        timestamp: '2030-01-01T00:00:00Z',
      },
    ]);
    let current: string | undefined;
    const provider = createReflectionFlowsProvider({
      projectRoot: root,
      accept: runtimeWithId(() => current),
      noAppMessage: () => 'not announced yet',
    });
    await expect(provider.listFlows()).rejects.toMatchObject({ status: 503, message: 'not announced yet' });
    current = 'ours-1';
    expect((await provider.listFlows()).app.runtimeId).toBe('ours-1');
    await provider.runFlow('greet', 'Ada');
    expect(ours.runs).toEqual([{ key: '/flow/greet', input: 'Ada' }]);
    expect(theirs.runs).toEqual([]);
    ours.finish();
  });

  it('lets a plain server use apps that send to it or do not say, never those that send elsewhere', async () => {
    const mine = await fakeApp();
    const elsewhere = await fakeApp();
    const root = projectWith([
      {
        id: 'elsewhere',
        pid: process.pid,
        reflectionServerUrl: elsewhere.url,
        timestamp: '2030-01-01T00:00:00Z',
        telemetryServerUrl: 'http://localhost:4103',
      },
      {
        id: 'mine',
        pid: process.pid,
        reflectionServerUrl: mine.url,
        timestamp: '2024-01-01T00:00:00Z',
        telemetryServerUrl: 'http://localhost:4100/apps/x',
      },
    ]);
    const provider = createReflectionFlowsProvider({
      projectRoot: root,
      accept: runtimeSendingTo(() => 'http://127.0.0.1:4100'),
    });
    expect((await provider.listFlows()).app.runtimeId).toBe('mine');
  });

  it('resolves runFlow with the trace id header before the flow finishes', async () => {
    const app = await fakeApp();
    const root = projectWith([
      { id: 'a', pid: process.pid, reflectionServerUrl: app.url, timestamp: Date.now() },
    ]);
    const result = await createReflectionFlowsProvider({ projectRoot: root }).runFlow('greet', 'Ada');
    expect(result).toEqual({ traceId: TRACE });
    expect(app.runs).toEqual([{ key: '/flow/greet', input: 'Ada' }]);
    app.finish();
  });

  it('turns a validation error into a 400 FlowsError with the app message', async () => {
    const app = await fakeApp();
    const root = projectWith([
      { id: 'a', pid: process.pid, reflectionServerUrl: app.url, timestamp: Date.now() },
    ]);
    const error = await createReflectionFlowsProvider({ projectRoot: root })
      .runFlow('greet', 42)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowsError);
    expect(error).toMatchObject({ status: 400, message: 'Schema validation failed: expected string' });
  });

  it("keeps the app's plain-text error message, as Genkit answers an unknown action", async () => {
    const app = await fakeApp();
    const root = projectWith([
      { id: 'a', pid: process.pid, reflectionServerUrl: app.url, timestamp: Date.now() },
    ]);
    const error = await createReflectionFlowsProvider({ projectRoot: root })
      .runFlow('missing', 'Ada')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FlowsError);
    expect(error).toMatchObject({ status: 404, message: 'action /flow/missing not found' });
  });

  it('answers 503 when no app is running', async () => {
    const root = projectWith([
      { id: 'dead', pid: DEAD_PID, reflectionServerUrl: 'http://127.0.0.1:1', timestamp: 1 },
    ]);
    await expect(createReflectionFlowsProvider({ projectRoot: root }).listFlows()).rejects.toMatchObject({
      status: 503,
    });
  });

  it('serves /api/flows and /api/flows/:name/run through the server', async () => {
    const app = await fakeApp();
    const root = projectWith([
      { id: 'a', pid: process.pid, reflectionServerUrl: app.url, timestamp: Date.now() },
    ]);
    const server = makeServer({ flows: createReflectionFlowsProvider({ projectRoot: root }) });
    cleanups.push(() => server.close());
    const list: Json = await (await server.app.request('/api/flows')).json();
    expect(list.flows.map((f: { name: string }) => f.name)).toEqual(['greet']);
    const post = (body: string, headers: Record<string, string> = {}) =>
      server.app.request('/api/flows/greet/run', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
      });
    const run = await post('{"input":"Ada"}');
    expect(await run.json()).toEqual({ traceId: TRACE });
    const bad = await post('{"input":1}');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'Schema validation failed: expected string' });
    expect((await post('{"inputs":"x"}')).status).toBe(400);
    expect((await post('{"input":"x"}', { origin: 'http://evil.example' })).status).toBe(403);
  });

  it('forwards POST /api/traces/:traceId/cancel to the app: 202 while it runs, 404 after, 503 with no app', async () => {
    const app = await fakeApp();
    const root = projectWith([
      { id: 'a', pid: process.pid, reflectionServerUrl: app.url, timestamp: Date.now() },
    ]);
    const server = makeServer({ flows: createReflectionFlowsProvider({ projectRoot: root }) });
    cleanups.push(() => server.close());
    const cancel = (traceId: string) =>
      server.app.request(`/api/traces/${traceId}/cancel`, { method: 'POST' });
    const run = await server.app.request('/api/flows/greet/run', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"input":"Ada"}',
    });
    expect(await run.json()).toEqual({ traceId: TRACE });

    const accepted = await cancel(TRACE);
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ traceId: TRACE, cancelling: true });
    expect(app.cancels).toEqual([{ traceId: TRACE }]);

    const ended = await cancel(TRACE);
    expect(ended.status).toBe(404);
    expect(await ended.json()).toEqual({ error: expect.stringContaining(`not running trace ${TRACE}`) });
    expect((await cancel('not-hex')).status).toBe(400);
    expect(app.cancels).toHaveLength(2);

    const noApp = makeServer({ flows: createReflectionFlowsProvider({ projectRoot: projectWith([]) }) });
    cleanups.push(() => noApp.close());
    expect((await noApp.app.request(`/api/traces/${TRACE}/cancel`, { method: 'POST' })).status).toBe(503);
    expect(
      (await makeServerWithoutFlows().app.request(`/api/traces/${TRACE}/cancel`, { method: 'POST' })).status,
    ).toBe(503);
  });
});

function makeServerWithoutFlows() {
  const server = makeServer();
  cleanups.push(() => server.close());
  return server;
}
