/**
 * A real Genkit JS app, in dev mode with GENKIT_ENABLE_REALTIME_TELEMETRY,
 * pointed at a livespan server: its running flow and step show up live (REST
 * and SSE), and the spans stored are the same, tree and attributes, as those
 * Genkit's own telemetry server stores for a second run of the same app.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServer, type Listener, type LivespanServer } from '@livespan/server';
import type { SpanData, TraceData } from '@livespan/tracing/wire';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GenkitApp,
  type GenkitTelemetryServer,
  startGenkitApp,
  startGenkitTelemetryServer,
} from './support/genkit-processes.js';
import { SseClient, type SseEvent } from './support/sse-client.js';
import { traceShape } from './support/trace-shape.js';
import { waitFor, within } from './support/wait-for.js';

let dir: string;
let server: LivespanServer;
let ours: Listener;
let genkitServer: GenkitTelemetryServer;
let appToOurs: GenkitApp;
let appToGenkit: GenkitApp;
const streams: SseClient[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-interop-'));
  server = createServer({ dbPath: path.join(dir, 'traces.db'), uiDir: path.join(dir, 'no-ui') });
  ours = await server.listen({ port: 0 });
  genkitServer = await startGenkitTelemetryServer();
  [appToOurs, appToGenkit] = await Promise.all([startGenkitApp(ours.url), startGenkitApp(genkitServer.url)]);
});

afterAll(async () => {
  for (const stream of streams) stream.close();
  await Promise.all([appToOurs?.stop(), appToGenkit?.stop(), genkitServer?.stop()]);
  await server?.close();
  for (const root of [dir, appToOurs?.projectRoot, appToGenkit?.projectRoot])
    if (root) await rm(root, { recursive: true, force: true });
});

/** Starts `slowSteps` through the app's reflection API; resolves with the trace id as soon as the root span exists. */
async function startFlow(app: GenkitApp): Promise<{ traceId: string; result: Promise<unknown> }> {
  const response = await within(
    'the reflection API to answer runAction',
    fetch(`${app.reflectionUrl}/api/runAction`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ key: '/flow/slowSteps', input: { topic: 'interop' } }),
    }),
  );
  const traceId = response.headers.get('x-genkit-trace-id');
  if (!traceId) throw new Error(`runAction answered ${response.status} without X-Genkit-Trace-Id`);
  return { traceId, result: response.json() };
}

async function getTrace(baseUrl: string, traceId: string): Promise<TraceData | undefined> {
  const response = await fetch(`${baseUrl}/api/traces/${traceId}`);
  if (response.status === 404) return undefined;
  const body = (await response.json()) as TraceData | '' | null;
  return body || undefined;
}

const spanNamed = (trace: TraceData | undefined, name: string): SpanData | undefined =>
  Object.values(trace?.spans ?? {}).find((span) => span.displayName === name);

const spanEvent = (type: string, name: string) => (event: SseEvent) => {
  const data = event.data as { type?: string; span?: SpanData };
  return data.type === type && data.span?.displayName === name;
};

/** Runs the flow up to its slow step and returns the trace as `baseUrl` holds it then, and once finished. */
async function runAgainst(app: GenkitApp, baseUrl: string) {
  const { traceId, result } = await startFlow(app);
  // Both servers' streams work before the trace exists, so subscribing now misses nothing after this point.
  const stream = await SseClient.open(`${baseUrl}/api/traces/${traceId}/stream`);
  streams.push(stream);
  app.write('begin');
  await app.nextLine(
    'the slow step to start',
    (line) => line.waiting === 'release' && line.traceId === traceId,
  );
  const slowStart = await stream.next(
    'span_start of the slow step',
    spanEvent('span_start', 'wait-for-release'),
  );
  const running = await waitFor('the running trace with its slow step', async () => {
    const trace = await getTrace(baseUrl, traceId);
    return spanNamed(trace, 'wait-for-release') && spanNamed(trace, 'prepare')?.endTime ? trace : undefined;
  });
  app.write('release');
  await within('the flow to finish', result);
  await stream.next('span_end of the root', spanEvent('span_end', 'slowSteps'));
  const finished = await waitFor('the finished trace', async () => {
    const trace = await getTrace(baseUrl, traceId);
    const spans = Object.values(trace?.spans ?? {});
    return spans.length === 4 && spans.every((span) => span.endTime > 0) ? trace : undefined;
  });
  return { traceId, stream, slowStart, running: running!, finished };
}

describe('a Genkit app with GENKIT_ENABLE_REALTIME_TELEMETRY', () => {
  it('shows its running flow live in livespan, stored as Genkit stores it', async () => {
    const [viaOurs, viaGenkit] = await Promise.all([
      runAgainst(appToOurs, ours.url),
      runAgainst(appToGenkit, genkitServer.url),
    ]);

    // While the slow step ran, our API and stream showed it in progress under the running flow.
    const root = spanNamed(viaOurs.running, 'slowSteps')!;
    const slow = spanNamed(viaOurs.running, 'wait-for-release')!;
    expect(root.endTime || 0).toBe(0);
    expect(slow.endTime || 0).toBe(0);
    expect(slow.parentSpanId).toBe(root.spanId);
    expect(viaOurs.slowStart.event).toBe('span_start');
    expect(viaOurs.slowStart.data).toMatchObject({
      traceId: viaOurs.traceId,
      span: {
        spanId: slow.spanId,
        parentSpanId: root.spanId,
        endTime: 0,
        attributes: { 'genkit:type': 'flowStep' },
      },
    });
    expect(viaOurs.stream.events[0]?.event).toBe('snapshot');

    // Same tree, names and attributes as Genkit's telemetry server, mid-run and at the end.
    expect(traceShape(viaOurs.running)).toMatchObject({
      slowSteps: { parent: null, running: true },
      'slowSteps > prepare': { parent: 'slowSteps', running: false },
      'slowSteps > wait-for-release': { parent: 'slowSteps', running: true },
    });
    expect(Object.keys(traceShape(viaOurs.finished)).sort()).toEqual([
      'slowSteps',
      'slowSteps > prepare',
      'slowSteps > summarize',
      'slowSteps > wait-for-release',
    ]);
    expect(traceShape(viaOurs.running)).toEqual(traceShape(viaGenkit.running));
    expect(traceShape(viaOurs.finished)).toEqual(traceShape(viaGenkit.finished));
    const finalSlow = traceShape(viaOurs.finished)['slowSteps > wait-for-release'];
    expect(finalSlow?.attributes).toMatchObject({
      'genkit:type': 'flowStep',
      'genkit:name': 'wait-for-release',
      'genkit:path': '/{slowSteps,t:flow}/{wait-for-release,t:flowStep}',
      'genkit:state': 'success',
    });
    expect(viaGenkit.slowStart.data).toMatchObject({ type: 'span_start' });
  });
});
