import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineFlow } from './define-flow.js';
import type { ActionDescriptor } from './flow-action.js';
import { createRegistry, type FlowRegistry } from './flow-registry.js';
import { type ReflectionServer, startReflectionServer } from './reflection-server.js';
import { run } from './run.js';
import { serveFlows } from './serve-flows.js';
import { captureSpans, deferred } from './test-support/capture.js';

let capture: ReturnType<typeof captureSpans>;
let registry: FlowRegistry;
let projectRoot: string;
const servers: ReflectionServer[] = [];

beforeEach(() => {
  capture = captureSpans();
  registry = createRegistry();
  projectRoot = mkdtempSync(path.join(tmpdir(), 'livespan-flows-'));
  writeFileSync(path.join(projectRoot, 'package.json'), '{"name":"demo-app"}');
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
  await capture.close();
  rmSync(projectRoot, { recursive: true, force: true });
});

async function start() {
  const server = await startReflectionServer({ registry, projectRoot, handleExit: false });
  servers.push(server);
  return server;
}

interface ErrorBody {
  error: {
    code: number;
    message: string;
    details: { stack?: string; traceId?: string; issues?: Array<{ path: unknown[] }> };
  };
}

async function json<T>(response: Response): Promise<T> {
  return (await response.json()) as T;
}

function post(server: ReflectionServer, route: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${server.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

describe('reflection API', () => {
  it('answers health checks, and checks the runtime id when given', async () => {
    const server = await start();
    expect((await fetch(`${server.url}/api/__health`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/__health?id=${server.id}`)).status).toBe(200);
    expect((await fetch(`${server.url}/api/__health?id=other`)).status).toBe(503);
  });

  it('lists flows as actions with JSON Schemas and defaults', async () => {
    defineFlow(
      {
        name: 'summarize',
        description: 'Summarizes a topic',
        inputSchema: z.object({ topic: z.string(), depth: z.number().default(2) }),
        outputSchema: z.string(),
        registry,
      },
      ({ topic }) => topic,
    );
    const server = await start();
    const actions = await json<Record<string, ActionDescriptor>>(await fetch(`${server.url}/api/actions`));
    expect(Object.keys(actions)).toEqual(['/flow/summarize']);
    const action = actions['/flow/summarize']!;
    expect(action).toMatchObject({
      key: '/flow/summarize',
      name: 'summarize',
      description: 'Summarizes a topic',
      metadata: { type: 'flow' },
      outputSchema: { type: 'string' },
    });
    expect(action.inputSchema.type).toBe('object');
    expect(action.inputSchema.required).toEqual(['topic']);
    expect((action.inputSchema.properties as Record<string, unknown>).depth).toEqual({
      type: 'number',
      default: 2,
    });
  });

  it('sends X-Genkit-Trace-Id before the flow finishes, then the result', async () => {
    const release = deferred<string>();
    defineFlow(
      { name: 'held', inputSchema: z.object({ n: z.number().default(1) }), registry },
      async ({ n }) => {
        const word = await run('wait', () => release.promise);
        return `${word} ${n}`;
      },
    );
    const server = await start();
    const response = await post(server, '/api/runAction', { key: '/flow/held', input: {} });
    // fetch resolves on headers; the flow is still waiting on `release`.
    const traceId = response.headers.get('x-genkit-trace-id');
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(response.headers.get('x-genkit-span-id')).toMatch(/^[0-9a-f]{16}$/);
    expect(capture.ended()).toHaveLength(0);
    release.resolve('done');
    expect(await response.json()).toEqual({ result: 'done 1', telemetry: { traceId } });
    expect(capture.span('held').spanContext().traceId).toBe(traceId);
  });

  it('cancels a running flow with POST /api/cancelAction, answering as Genkit does', async () => {
    defineFlow({ name: 'endless', inputSchema: z.void(), registry }, () =>
      run('wait', () => new Promise<never>(() => {})),
    );
    const server = await start();
    const response = await post(server, '/api/runAction', { key: '/flow/endless' });
    const traceId = response.headers.get('x-genkit-trace-id');
    const cancel = await post(server, '/api/cancelAction', { traceId });
    expect(cancel.status).toBe(200);
    expect(await cancel.json()).toEqual({ message: 'Action cancelled' });
    const body = await json<ErrorBody>(response);
    expect(body.error).toMatchObject({
      code: 1,
      message: 'Flow "endless" was cancelled',
      details: { traceId },
    });
    expect(capture.span('wait').status.message).toBe('Flow "endless" was cancelled');

    const again = await post(server, '/api/cancelAction', { traceId });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ message: 'Action not found or already completed' });
    expect((await post(server, '/api/cancelAction', {})).status).toBe(400);
  });

  it('answers a flow error in the body, with the trace id', async () => {
    defineFlow({ name: 'throws', inputSchema: z.void(), registry }, () => {
      throw new Error('nope');
    });
    const server = await start();
    const response = await post(server, '/api/runAction', { key: '/flow/throws' });
    expect(response.status).toBe(200);
    const traceId = response.headers.get('x-genkit-trace-id');
    const body = await json<ErrorBody>(response);
    expect(body.error).toMatchObject({ code: 13, message: 'nope', details: { traceId } });
    expect(body.error.details.stack).toContain('nope');
  });

  it('refuses invalid input with 400 and the field path, without running', async () => {
    defineFlow({ name: 'typed', inputSchema: z.object({ topic: z.string() }), registry }, () => 'ran');
    const server = await start();
    const response = await post(server, '/api/runAction', { key: '/flow/typed', input: { topic: 7 } });
    expect(response.status).toBe(400);
    const body = await json<ErrorBody>(response);
    expect(body.error.message).toMatch(/Invalid input for flow "typed": topic: /);
    expect(body.error.details.issues?.[0]?.path).toEqual(['topic']);
    expect(capture.started).toHaveLength(0);
  });

  it('answers 404 for unknown keys and 400 for bad bodies', async () => {
    const server = await start();
    const missing = await post(server, '/api/runAction', { key: '/flow/nope' });
    expect(missing.status).toBe(404);
    expect((await json<ErrorBody>(missing)).error.message).toBe('action /flow/nope not found');
    const noKey = await post(server, '/api/runAction', { input: 1 });
    expect(noKey.status).toBe(400);
    const notJson = await fetch(`${server.url}/api/runAction`, { method: 'POST', body: '{oops' });
    expect(notJson.status).toBe(400);
    expect((await json<ErrorBody>(notJson)).error.message).toMatch(/not valid JSON/);
  });

  it('refuses foreign Host headers and foreign Origins on POST', async () => {
    defineFlow({ name: 'ok', inputSchema: z.void(), registry }, () => 1);
    const server = await start();
    const status = await rawRequest(server.port, 'GET', '/api/actions', { host: 'evil.example:80' });
    expect(status).toBe(403);
    const foreign = await post(
      server,
      '/api/runAction',
      { key: '/flow/ok' },
      { origin: 'https://evil.example' },
    );
    expect(foreign.status).toBe(403);
    const local = await post(
      server,
      '/api/runAction',
      { key: '/flow/ok' },
      { origin: 'http://localhost:4000' },
    );
    expect(local.status).toBe(200);
    await local.json();
  });

  it('writes a Genkit runtime file and removes it on close', async () => {
    const server = await start();
    const file = server.runtimeFilePath!;
    expect(path.dirname(file)).toBe(path.join(projectRoot, '.genkit', 'runtimes'));
    expect(readdirSync(path.dirname(file))).toEqual([path.basename(file)]);
    const info = JSON.parse(readFileSync(file, 'utf8'));
    expect(info).toMatchObject({
      id: `${process.pid}-${server.port}`,
      pid: process.pid,
      reflectionServerUrl: server.url,
      reflectionApiSpecVersion: 1,
      projectName: 'demo-app',
      name: 'demo-app',
    });
    expect(new Date(info.timestamp).toISOString()).toBe(info.timestamp);
    expect(info.genkitVersion).toMatch(/^nodejs\/livespan-flows-\d/);
    await server.close();
    expect(existsSync(file)).toBe(false);
  });
});

describe('serveFlows', () => {
  it('starts nothing outside development', async () => {
    const handle = await serveFlows({ registry, projectRoot, env: {} });
    expect(handle.url).toBeUndefined();
    await handle.close();
    expect(existsSync(path.join(projectRoot, '.genkit'))).toBe(false);
  });

  it('starts the reflection API when GENKIT_ENV=dev', async () => {
    const handle = await serveFlows({ registry, projectRoot, handleExit: false, env: { GENKIT_ENV: 'dev' } });
    try {
      expect((await fetch(`${handle.url}/api/__health`)).status).toBe(200);
    } finally {
      await handle.close();
    }
    expect(readdirSync(path.join(projectRoot, '.genkit', 'runtimes'))).toEqual([]);
  });
});

/** fetch() will not send a custom Host header, so use node:http for that one. */
function rawRequest(port: number, method: string, route: string, headers: Record<string, string>) {
  return new Promise<number | undefined>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path: route, headers }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('error', reject);
    req.end();
  });
}
