/**
 * livespan's RealtimeSpanProcessor + TelemetryServerSpanExporter pointed at
 * Genkit's own telemetry server (@genkit-ai/telemetry-server, file store):
 * the start snapshot is stored and listed as in progress, then the complete
 * spans replace it, with attributes, status and tree intact.
 */
import { RealtimeSpanProcessor, TelemetryServerSpanExporter } from '@livespan/tracing';
import type { SpanData, TraceData } from '@livespan/tracing/wire';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GenkitTelemetryServer, startGenkitTelemetryServer } from './support/genkit-processes.js';
import { waitFor } from './support/wait-for.js';

let genkitServer: GenkitTelemetryServer;
let provider: BasicTracerProvider;

beforeAll(async () => {
  genkitServer = await startGenkitTelemetryServer();
  const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: genkitServer.url });
  provider = new BasicTracerProvider({ spanProcessors: [new RealtimeSpanProcessor(exporter)] });
});

afterAll(async () => {
  await provider?.shutdown();
  await genkitServer?.stop();
});

async function listed(traceId: string): Promise<TraceData | undefined> {
  const response = await fetch(`${genkitServer.url}/api/traces?limit=50`);
  const { traces } = (await response.json()) as { traces: TraceData[] };
  return traces.find((candidate) => candidate.traceId === traceId);
}

async function stored(traceId: string): Promise<TraceData | undefined> {
  const response = await fetch(`${genkitServer.url}/api/traces/${traceId}`);
  return ((await response.json().catch(() => undefined)) as TraceData | undefined) || undefined;
}

const byName = (data: TraceData | undefined, name: string): SpanData | undefined =>
  Object.values(data?.spans ?? {}).find((span) => span.displayName === name);

describe("livespan's exporter to Genkit's telemetry server", () => {
  it('stores and lists the in-progress snapshot, then the completed spans', async () => {
    const tracer = provider.getTracer('interop', '1.0.0');
    const root = tracer.startSpan('livespan-flow', {
      attributes: {
        'genkit:type': 'action',
        'genkit:name': 'livespan-flow',
        'genkit:metadata:subtype': 'flow',
      },
    });
    const step = tracer.startSpan(
      'step',
      { attributes: { 'genkit:type': 'flowStep', 'genkit:name': 'step' } },
      trace.setSpan(context.active(), root),
    );
    const { traceId } = root.spanContext();

    const running = await waitFor('the running trace in the list', async () => {
      const entry = await listed(traceId);
      return entry && byName(entry, 'livespan-flow') ? entry : undefined;
    });
    expect(running.displayName).toBe('livespan-flow');
    expect(byName(running, 'livespan-flow')).toMatchObject({
      endTime: 0,
      attributes: { 'genkit:type': 'action' },
    });
    const runningTrace = await waitFor('the running step', async () => {
      const data = await stored(traceId);
      return byName(data, 'step') ? data : undefined;
    });
    expect(byName(runningTrace, 'step')).toMatchObject({
      endTime: 0,
      parentSpanId: root.spanContext().spanId,
      instrumentationLibrary: { name: 'interop', version: '1.0.0' },
    });

    step.setAttribute('genkit:output', '"done"');
    step.setStatus({ code: SpanStatusCode.ERROR, message: 'step failed' });
    step.end();
    root.end();
    await provider.forceFlush();

    const finished = await waitFor('the completed trace in the list', async () => {
      const entry = await listed(traceId);
      return (entry?.endTime ?? 0) > 0 ? entry : undefined;
    });
    expect(byName(finished, 'livespan-flow')?.endTime).toBeGreaterThan(0);
    const complete = (await stored(traceId))!;
    expect(Object.keys(complete.spans)).toHaveLength(2);
    expect(byName(complete, 'step')).toMatchObject({
      parentSpanId: root.spanContext().spanId,
      attributes: { 'genkit:type': 'flowStep', 'genkit:output': '"done"' },
      status: { code: 2, message: 'step failed' },
    });
    expect(byName(complete, 'step')!.endTime).toBeGreaterThanOrEqual(byName(complete, 'step')!.startTime);
  });
});
