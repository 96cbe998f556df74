/**
 * The flows of a real Genkit app (found through its `.genkit/runtimes` file
 * and driven through its reflection API) listed and run through livespan's
 * `/api/flows` routes: the run answers with the trace id while the flow is
 * still running, and the trace then completes in livespan; Stop
 * (`POST /api/traces/:traceId/cancel`) reaches Genkit's `POST /api/cancelAction`.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  createReflectionFlowsProvider,
  createServer,
  type Listener,
  type LivespanServer,
} from '@livespan/server';
import type { SpanData, TraceData } from '@livespan/tracing/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GenkitApp, makeProjectRoot, startGenkitApp } from './support/genkit-processes.js';
import { SseClient } from './support/sse-client.js';
import { waitFor } from './support/wait-for.js';

let dir: string;
let projectRoot: string;
let server: LivespanServer;
let running: Listener;
let app: GenkitApp;
let stream: SseClient | undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-interop-flows-'));
  projectRoot = await makeProjectRoot();
  server = createServer({
    dbPath: path.join(dir, 'traces.db'),
    uiDir: path.join(dir, 'no-ui'),
    flows: createReflectionFlowsProvider({ projectRoot }),
  });
  running = await server.listen({ port: 0 });
  app = await startGenkitApp(running.url, projectRoot);
});

afterAll(async () => {
  stream?.close();
  await app?.stop();
  await server?.close();
  for (const root of [dir, projectRoot]) if (root) await rm(root, { recursive: true, force: true });
});

async function post(
  route: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${running.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const getTrace = async (traceId: string) =>
  (await (await fetch(`${running.url}/api/traces/${traceId}`)).json()) as TraceData & { status: string };

describe("a Genkit app's flows through livespan", () => {
  it('lists the flows with their schemas', async () => {
    const response = await fetch(`${running.url}/api/flows`);
    expect(response.status).toBe(200);
    const { flows } = (await response.json()) as {
      flows: Array<{
        key: string;
        name: string;
        inputSchema?: unknown;
        outputSchema?: unknown;
        streamSchema?: unknown;
      }>;
    };
    expect(flows.map((flow) => flow.key).sort()).toEqual([
      '/flow/quick',
      '/flow/slowSteps',
      '/flow/stoppable',
      '/flow/storyteller',
      '/flow/twoModelCalls',
    ]);
    // Genkit 1.42's GET /api/actions leaves a flow's streamSchema out (the Flows tab then offers Stream unticked).
    const storyteller = flows.find((flow) => flow.name === 'storyteller');
    expect(storyteller?.outputSchema).toMatchObject({ type: 'string' });
    expect(storyteller?.streamSchema).toBeUndefined();
    expect(flows.find((flow) => flow.name === 'slowSteps')?.inputSchema).toMatchObject({
      type: 'object',
      properties: { topic: { type: 'string' } },
      required: ['topic'],
    });
  });

  it('runs a flow and answers with its trace id while it still runs', async () => {
    const run = await post('/api/flows/slowSteps/run', { input: { topic: 'via livespan' } });
    expect(run.status).toBe(200);
    const traceId = run.body.traceId as string;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    // The flow is held at its first gate, so this answer came before it could finish.
    await app.nextLine(
      'the flow to wait at its first gate',
      (line) => line.waiting === 'begin' && line.traceId === traceId,
    );
    stream = await SseClient.open(`${running.url}/api/traces/${traceId}/stream`);
    const root = await waitFor('the running root span', async () =>
      Object.values((await getTrace(traceId)).spans ?? {}).find(
        (span: SpanData) => span.displayName === 'slowSteps',
      ),
    );
    expect(root.endTime || 0).toBe(0);
    expect(root.attributes['genkit:type']).toBe('action');

    app.write('begin');
    await stream.next('the slow step to start', (event) => {
      const data = event.data as { type?: string; span?: SpanData };
      return data.type === 'span_start' && data.span?.displayName === 'wait-for-release';
    });
    app.write('release');
    await stream.next('trace_end', (event) => event.event === 'trace_end');
    const trace = await getTrace(traceId);
    expect(trace.status).toBe('ok');
    expect(
      Object.values(trace.spans)
        .map((span) => span.displayName)
        .sort(),
    ).toEqual(['prepare', 'slowSteps', 'summarize', 'wait-for-release']);
  });

  it("cancels a running flow through Genkit's cancelAction: 202, the flow sees its abortSignal, then 404", async () => {
    const run = await post('/api/flows/stoppable/run', { input: {} });
    const traceId = run.body.traceId as string;
    await app.nextLine(
      'the flow to wait for its abort',
      (line) => line.waiting === 'abort' && line.traceId === traceId,
    );
    const cancel = await post(`/api/traces/${traceId}/cancel`, {});
    expect(cancel).toEqual({ status: 202, body: { traceId, cancelling: true } });
    const trace = await waitFor('the cancelled trace to end', async () => {
      const current = await getTrace(traceId);
      return current.status === 'error' ? current : undefined;
    });
    const step = Object.values(trace.spans).find((span) => span.displayName === 'wait-for-abort');
    expect(step?.status?.message).toBe('stopped by its abortSignal');

    const again = await post(`/api/traces/${traceId}/cancel`, {});
    expect(again.status).toBe(404);
    expect(again.body.error).toContain(`not running trace ${traceId}`);
  });

  it("streams a flow's chunks through run?stream=true while it runs, then its result", async () => {
    const response = await fetch(`${running.url}/api/flows/storyteller/run?stream=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: {} }),
    });
    expect(response.status).toBe(200);
    const lines = ndjsonLines(response);
    const first = (await lines.next()) as { traceId: string };
    expect(first.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(await lines.next()).toEqual({ chunk: 'Once' });
    // The model is held after its first chunk: the chunk came while the run goes on.
    await app.nextLine('the model to wait for more', (line) => line.waiting === 'more');
    app.write('more');
    const rest: unknown[] = [];
    for (let line = await lines.next(); line !== undefined; line = await lines.next()) rest.push(line);
    expect(rest).toEqual([
      { chunk: ' upon' },
      { chunk: ' a' },
      { chunk: ' time' },
      { result: 'Once upon a time' },
    ]);
    // What Genkit records on its model span: no chunk events, the whole answer as genkit:output at the end.
    const trace = await waitFor('the streamed trace to end', async () => {
      const current = await getTrace(first.traceId);
      return current.status === 'ok' ? current : undefined;
    });
    const model = Object.values(trace.spans).find((span) => span.displayName === 'echoStream');
    expect(model?.timeEvents?.timeEvent ?? []).toEqual([]);
    expect(JSON.parse(String(model?.attributes['genkit:output']))).toMatchObject({
      message: { role: 'model', content: [{ text: 'Once upon a time' }] },
    });
  });

  it('answers 404 for a flow the app does not have', async () => {
    const run = await post('/api/flows/nope/run', { input: {} });
    expect(run.status).toBe(404);
    expect(run.body.error).toMatch(/nope/);
  });

  it('answers 400 naming the problem when the input does not match the schema', async () => {
    const run = await post('/api/flows/quick/run', { input: 42 });
    expect(run).toMatchObject({ status: 400 });
    expect(run.body.error).toMatch(/string/i);
  });
});

/** Newline-delimited JSON values of a response, one at a time; `undefined` at the end. */
function ndjsonLines(response: Response) {
  const reader = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream())
    .getReader();
  let buffered = '';
  return {
    async next(): Promise<unknown> {
      for (let reads = 0; reads < 10_000; reads++) {
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
      throw new Error('no line after 10000 reads');
    },
  };
}
