/**
 * One benchmark variant, in its own process: makes spans the way an app does
 * and reports the CPU it spent per span, including getting them delivered.
 * argv: variant sinkUrl mode(burst|rate) count [spans per second, for rate; default 1000]
 */
import { PerformanceObserver } from 'node:perf_hooks';

import { RealtimeSpanProcessor, TelemetryServerSpanExporter } from '@livespan/tracing';
import { context, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import {
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

const [variant = 'none', sinkUrl = '', mode = 'burst', countText = '20000'] = process.argv.slice(2);
const count = Number(countText);
const perSecond = Number(process.argv[6] ?? 1000);

function makeProcessors(): SpanProcessor[] {
  const ours = () => new TelemetryServerSpanExporter({ telemetryServerUrl: sinkUrl });
  const otlp = () => new OTLPTraceExporter({ url: `${sinkUrl}/v1/traces` });
  const batch = () => new BatchSpanProcessor(otlp(), { maxQueueSize: 65_536 });
  switch (variant) {
    case 'none':
      return [];
    case 'batch-otlp':
      return [batch()];
    case 'simple-ours':
      return [new SimpleSpanProcessor(ours())];
    case 'realtime-ours':
      return [new RealtimeSpanProcessor(ours())];
    // docs/deploy.md step 3: realtime in front of a collector, or beside the batch processor that feeds one.
    case 'realtime-otlp':
      return [new RealtimeSpanProcessor(otlp())];
    case 'batch-otlp+realtime-ours':
      return [batch(), new RealtimeSpanProcessor(ours())];
    default:
      throw new Error(`unknown variant ${variant}`);
  }
}

const provider = new BasicTracerProvider({ spanProcessors: makeProcessors() });
const tracer = provider.getTracer('bench');
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

/** A flow with four steps: five spans, started and ended like real work. */
function oneFlow(i: number): void {
  const root = tracer.startSpan(`flow-${i}`, {
    attributes: { 'genkit:type': 'action', 'genkit:input': '{"topic":"x"}' },
  });
  const parent = trace.setSpan(context.active(), root);
  for (let s = 0; s < 4; s++) {
    const step = tracer.startSpan(`step-${i}-${s}`, { attributes: { 'genkit:type': 'flowStep' } }, parent);
    step.setAttribute('genkit:output', '"ok"');
    step.end();
  }
  root.end();
}

async function burst(): Promise<void> {
  for (let i = 0; i < count / 5; i++) {
    oneFlow(i);
    if (i % 20 === 19) await yieldToLoop();
  }
}

/** `count` spans at `perSecond`; each start time noted for the latency measurement. */
async function rate(starts: Record<string, number>): Promise<void> {
  const began = Date.now();
  for (let i = 0; i < count; i++) {
    const due = began + (i * 1000) / perSecond;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const name = `rate-${i}`;
    starts[name] = Date.now();
    const span = tracer.startSpan(name);
    setTimeout(() => span.end(), 5);
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}

const starts: Record<string, number> = {};
let gcMs = 0;
const gcObserver = new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcMs += entry.duration;
});
gcObserver.observe({ entryTypes: ['gc'] });
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
if (mode === 'rate') await rate(starts);
else await burst();
await provider.forceFlush();
const wallMs = performance.now() - wallBefore;
const cpu = process.cpuUsage(cpuBefore);
const gcDuringRun = gcMs;
await provider.shutdown();
process.stdout.write(
  `${JSON.stringify({
    variant,
    mode,
    spans: count,
    cpuUsPerSpan: (cpu.user + cpu.system) / count,
    wallMs,
    rssMb: (process.resourceUsage().maxRSS * 1024) / 1e6,
    gcMs: gcDuringRun,
    starts: mode === 'rate' ? starts : undefined,
  })}\n`,
);
