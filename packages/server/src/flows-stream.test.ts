import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createReflectionFlowsProvider } from './reflection-flows-provider.js';
import { makeServer } from './test-support/factories.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const TRACE = 'feed'.padEnd(32, '0');

/**
 * A fake Genkit reflection server whose `/flow/story` streams as Genkit's
 * `runAction?stream=true` does: the trace id header at once, then each chunk
 * line when the test sends it, then the final line with no newline.
 */
async function streamingApp() {
  let answer: http.ServerResponse | undefined;
  const arrived: Array<() => void> = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.url === '/api/__health') return res.end('OK');
    if (req.url !== '/api/runAction?stream=true') {
      res.statusCode = 404;
      return res.end();
    }
    const body = JSON.parse(Buffer.concat(chunks).toString()) as { key: string };
    if (body.key !== '/flow/story') {
      res.statusCode = 404;
      return res.end(`action ${body.key} not found`);
    }
    res.writeHead(200, { 'X-Genkit-Trace-Id': TRACE, 'content-type': 'text/plain' });
    res.flushHeaders();
    answer = res;
    for (const resolve of arrived.splice(0)) resolve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const projectRoot = mkdtempSync(path.join(os.tmpdir(), 'livespan-flows-stream-'));
  const runtimes = path.join(projectRoot, '.genkit', 'runtimes');
  mkdirSync(runtimes, { recursive: true });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  writeFileSync(
    path.join(runtimes, 'app.json'),
    JSON.stringify({ id: 'app', pid: process.pid, reflectionServerUrl: url, timestamp: Date.now() }),
  );
  cleanups.push(() => rmSync(projectRoot, { recursive: true, force: true }));
  cleanups.push(() => new Promise((resolve) => server.close(resolve)));
  cleanups.push(() => server.closeAllConnections());
  const started = () => (answer ? Promise.resolve() : new Promise<void>((resolve) => arrived.push(resolve)));
  return {
    projectRoot,
    started,
    /** Sends a chunk line. */
    chunk: (value: unknown) => answer?.write(`${JSON.stringify(value)}\n`),
    /** Sends the final line and ends the answer. */
    end: (value: unknown) => answer?.end(JSON.stringify(value)),
  };
}

function runStreaming(server: ReturnType<typeof makeServer>, name: string, input: unknown) {
  return server.app.request(`/api/flows/${name}/run?stream=true`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input }),
  });
}

/** Reads newline-delimited JSON, one value at a time. */
function ndjson(response: Response) {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffered = '';
  return {
    async next(): Promise<unknown> {
      for (let reads = 0; reads < 1_000; reads++) {
        const end = buffered.indexOf('\n');
        if (end >= 0) {
          const line = buffered.slice(0, end);
          buffered = buffered.slice(end + 1);
          return JSON.parse(line);
        }
        const { done, value } = await reader.read();
        if (done) return undefined;
        buffered += value;
      }
      throw new Error('no line after 1000 reads');
    },
    cancel: () => reader.cancel(),
  };
}

describe('POST /api/flows/:name/run?stream=true', () => {
  it('answers the trace id first, each chunk as the app sends it, then the result', async () => {
    const app = await streamingApp();
    const server = makeServer({ flows: createReflectionFlowsProvider({ projectRoot: app.projectRoot }) });
    const response = await runStreaming(server, 'story', { about: 'owls' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/x-ndjson');
    const lines = ndjson(response);
    expect(await lines.next()).toEqual({ traceId: TRACE });
    await app.started();
    app.chunk('Once');
    // The app has not ended: the chunk is passed on while the run goes on.
    expect(await lines.next()).toEqual({ chunk: 'Once' });
    app.chunk({ text: ' upon' });
    expect(await lines.next()).toEqual({ chunk: { text: ' upon' } });
    app.end({ result: 'Once upon', telemetry: { traceId: TRACE } });
    expect(await lines.next()).toEqual({ result: 'Once upon' });
    expect(await lines.next()).toBeUndefined();
  });

  it("ends with the app's error message when the run fails", async () => {
    const app = await streamingApp();
    const server = makeServer({ flows: createReflectionFlowsProvider({ projectRoot: app.projectRoot }) });
    const lines = ndjson(await runStreaming(server, 'story', {}));
    expect(await lines.next()).toEqual({ traceId: TRACE });
    await app.started();
    app.end({ error: { code: 1, message: 'Action was cancelled', details: { traceId: TRACE } } });
    expect(await lines.next()).toEqual({ error: 'Action was cancelled' });
  });

  it('says so when the app ends the stream without a result', async () => {
    const app = await streamingApp();
    const server = makeServer({ flows: createReflectionFlowsProvider({ projectRoot: app.projectRoot }) });
    const lines = ndjson(await runStreaming(server, 'story', {}));
    await lines.next();
    await app.started();
    app.chunk('half');
    app.end(undefined);
    expect(await lines.next()).toEqual({ chunk: 'half' });
    expect(await lines.next()).toEqual({ error: 'the app ended the stream without a result' });
  });

  it('answers 404 as plain HTTP before any stream for an unknown flow, and 503 with no app', async () => {
    const app = await streamingApp();
    const server = makeServer({ flows: createReflectionFlowsProvider({ projectRoot: app.projectRoot }) });
    const unknown = await runStreaming(server, 'nope', {});
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'action /flow/nope not found' });
    const none = await runStreaming(makeServer(), 'story', {});
    expect(none.status).toBe(503);
  });
});
