/**
 * The app side of bench/compare, one workload per process, forked with IPC.
 * argv: <variant> <server url> <mode> ...args, where variant is
 *   genkit       Genkit JS's RealtimeSpanProcessor + TraceServerExporter, on the
 *                OpenTelemetry SDK Genkit ships with (sdk-trace-base 1.25), as a
 *                Genkit app in dev mode with GENKIT_ENABLE_REALTIME_TELEMETRY runs;
 *   ours         livespan's RealtimeSpanProcessor + TelemetryServerSpanExporter (SDK 2.x);
 *   genkit-none / ours-none  the same SDKs with no processor (the floor).
 * and mode is
 *   flows <spans>                   a burst of flows of 5 spans (root + 4 steps);
 *   grow <traceId> <rootId> <spans> a burst of spans under an existing (remote) root;
 *   rate <spans> <perSecond> <ms>   sends {traceId} of a root, waits for 'go', then starts
 *                                   spans at the rate, each lasting <ms>, noting start times.
 * Sends one result message, then exits. CPU and wall time run until every
 * export has been answered (Genkit's exporter does not track its requests, so
 * the fetches it makes are counted here).
 */
import { createRequire } from 'node:module';
import { RealtimeSpanProcessor, TelemetryServerSpanExporter } from '@livespan/tracing';
import { context, ROOT_CONTEXT, type Span, type Tracer, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

const [variant = '', url = '', mode = '', ...args] = process.argv.slice(2);

/** Longest wait for exports still unanswered after the workload; what is left then is reported, not awaited. */
const DELIVERY_TIMEOUT_MS = 60_000;
let inFlight = 0;
let idle: (() => void) | undefined;
/** Failed fetches by cause (Genkit's exporter only logs them). */
const failures: Record<string, number> = {};
const realFetch = globalThis.fetch;
globalThis.fetch = async (...request: Parameters<typeof fetch>) => {
  inFlight++;
  try {
    return await realFetch(...request);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    const key = cause?.code ?? cause?.message ?? String(error);
    failures[key] = (failures[key] ?? 0) + 1;
    throw error;
  } finally {
    if (--inFlight === 0) idle?.();
  }
};
const allAnswered = () =>
  inFlight === 0
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        idle = resolve;
        setTimeout(resolve, DELIVERY_TIMEOUT_MS).unref();
      });

interface Provider {
  getTracer(name: string): Tracer;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}

function makeProvider(): Provider {
  if (variant === 'ours')
    return new BasicTracerProvider({
      spanProcessors: [
        new RealtimeSpanProcessor(new TelemetryServerSpanExporter({ telemetryServerUrl: url })),
      ],
    });
  if (variant === 'ours-none') return new BasicTracerProvider();
  // Genkit's classes and its own SDK copy, reached past its exports map (RealtimeSpanProcessor is not exported).
  const genkitRequire = createRequire(createRequire(import.meta.url).resolve('@genkit-ai/core'));
  const sdk = genkitRequire('@opentelemetry/sdk-trace-base') as {
    BasicTracerProvider: new () => Provider & { addSpanProcessor(processor: unknown): void };
  };
  const provider = new sdk.BasicTracerProvider();
  if (variant === 'genkit') {
    const exporter = genkitRequire('./tracing/exporter.js') as {
      TraceServerExporter: new () => unknown;
      setTelemetryServerUrl(url: string): void;
    };
    const { RealtimeSpanProcessor: GenkitRealtime } = genkitRequire(
      './tracing/realtime-span-processor.js',
    ) as {
      RealtimeSpanProcessor: new (exporter: unknown) => unknown;
    };
    exporter.setTelemetryServerUrl(url);
    provider.addSpanProcessor(new GenkitRealtime(new exporter.TraceServerExporter()));
  } else if (variant !== 'genkit-none') throw new Error(`unknown variant ${variant}`);
  return provider;
}

const provider = makeProvider();
const tracer = provider.getTracer('bench-compare');
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));
const send = (message: object) => new Promise<void>((resolve) => process.send!(message, () => resolve()));

async function delivered(): Promise<void> {
  await provider.forceFlush();
  await allAnswered();
}

/** Runs `work`, then waits for delivery; CPU µs and wall ms of both. */
async function measured(work: () => Promise<void>): Promise<{ cpuUs: number; wallMs: number }> {
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await work();
  await delivered();
  const cpu = process.cpuUsage(cpuBefore);
  return { cpuUs: cpu.user + cpu.system, wallMs: performance.now() - wallBefore };
}

async function flows(spans: number) {
  const traceIds: string[] = [];
  const { cpuUs, wallMs } = await measured(async () => {
    for (let i = 0; i < spans / 5; i++) {
      const root = tracer.startSpan(`flow-${i}`, {
        attributes: { 'genkit:type': 'action', 'genkit:input': '{"topic":"x"}' },
      });
      traceIds.push(root.spanContext().traceId);
      const parent = trace.setSpan(context.active(), root);
      for (let s = 0; s < 4; s++) {
        const step = tracer.startSpan(`step-${s}`, { attributes: { 'genkit:type': 'flowStep' } }, parent);
        step.setAttribute('genkit:output', '"ok"');
        step.end();
      }
      root.end();
      if (i % 20 === 19) await yieldToLoop();
    }
  });
  return { cpuUsPerSpan: cpuUs / spans, wallMs, traceIds };
}

async function grow(traceId: string, rootId: string, spans: number) {
  const parent = trace.setSpanContext(ROOT_CONTEXT, {
    traceId,
    spanId: rootId,
    traceFlags: 1,
    isRemote: true,
  });
  const { cpuUs, wallMs } = await measured(async () => {
    for (let i = 0; i < spans; i++) {
      tracer.startSpan(`grow-${i}`, { attributes: { 'genkit:type': 'flowStep' } }, parent).end();
      if (i % 20 === 19) await yieldToLoop();
    }
  });
  return { cpuUsPerSpan: cpuUs / spans, wallMs };
}

async function rate(spans: number, perSecond: number, lastsMs: number) {
  const root = tracer.startSpan('latency-flow', { attributes: { 'genkit:type': 'action' } });
  const parent = trace.setSpan(context.active(), root);
  await send({ traceId: root.spanContext().traceId });
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  const starts: Record<string, number> = {};
  const ends: Promise<void>[] = [];
  const began = Date.now();
  for (let i = 0; i < spans; i++) {
    const wait = began + (i * 1000) / perSecond - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const name = `lat-${i}`;
    starts[name] = Date.now();
    const span: Span = tracer.startSpan(name, { attributes: { 'genkit:type': 'flowStep' } }, parent);
    ends.push(new Promise((resolve) => setTimeout(() => resolve(span.end()), lastsMs)));
  }
  await Promise.all(ends);
  root.end();
  await delivered();
  return { starts };
}

const [a = '', b = '', c = ''] = args;
const result =
  mode === 'flows'
    ? await flows(Number(a))
    : mode === 'grow'
      ? await grow(a, b, Number(c))
      : mode === 'rate'
        ? await rate(Number(a), Number(b), Number(c))
        : undefined;
if (!result) throw new Error(`unknown mode ${mode}`);
await send({ ...result, failures, unanswered: inFlight, rssMb: process.memoryUsage().rss / 2 ** 20 });
await provider.shutdown();
process.exit(0);
