/**
 * The app side of bench/live-updates, forked with IPC. argv: <server url>
 * <liveUpdateMs> <spans> <changeEveryMs> <durationMs>.
 *
 * Starts a root span and `spans` running children, sends `{traceId}`, waits
 * for 'go', then changes every child every `changeEveryMs` (an attribute
 * `progress.seq`, and on odd changes an event `chunk` too, each carrying the
 * change's time), for `durationMs`. Then ends them all, shuts down, and
 * sends `{changes}`: per span name, the time of each change, by seq.
 */
import { RealtimeSpanProcessor, TelemetryServerSpanExporter } from '@livespan/tracing';
import { context, type Span, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

const [url = '', liveUpdateMs = '', spans = '', changeEveryMs = '', durationMs = ''] = process.argv.slice(2);

const processor = new RealtimeSpanProcessor(new TelemetryServerSpanExporter({ telemetryServerUrl: url }), {
  liveUpdateMs: Number(liveUpdateMs),
});
const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('live-updates-bench');
const root = tracer.startSpan('live updates bench');
const parent = trace.setSpan(context.active(), root);
const children: Span[] = [];
for (let i = 0; i < Number(spans); i++) children.push(tracer.startSpan(`worker ${i}`, {}, parent));
await processor.forceFlush();

const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
process.send?.({ traceId: root.spanContext().traceId });
await go;

const changes: Record<string, number[]> = {};
const end = Date.now() + Number(durationMs);
for (let seq = 1; Date.now() < end; seq++) {
  for (const [i, span] of children.entries()) {
    const changedAt = Date.now();
    const times = changes[`worker ${i}`] ?? [];
    times.push(changedAt);
    changes[`worker ${i}`] = times;
    span.setAttributes({ 'progress.seq': seq, 'progress.changedAt': changedAt });
    if (seq % 2 === 1) span.addEvent('chunk', { seq, changedAt });
  }
  await new Promise((resolve) => setTimeout(resolve, Number(changeEveryMs)));
}
for (const span of children) span.end();
root.end();
await processor.shutdown();
process.send?.({ changes });
process.disconnect();
