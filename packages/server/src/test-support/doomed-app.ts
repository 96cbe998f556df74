// Child process for the app-killed test: starts a flow's spans with realtime tracing, says so, then hangs
// until it is killed. Args: <server url> <heartbeat ms>.
import { RealtimeSpanProcessor, TelemetryServerSpanExporter } from '@livespan/tracing';
import { context, trace } from '@opentelemetry/api';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';

const [url, heartbeat] = process.argv.slice(2);
const processor = new RealtimeSpanProcessor(new TelemetryServerSpanExporter({ telemetryServerUrl: url! }), {
  heartbeatMs: Number(heartbeat),
});
const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('doomed-app');
const root = tracer.startSpan('doomed flow');
const step = tracer.startSpan('step that never ends', {}, trace.setSpan(context.active(), root));
await processor.forceFlush();
const { traceId } = root.spanContext();
process.stdout.write(`started ${traceId} ${root.spanContext().spanId} ${step.spanContext().spanId}\n`);
setInterval(() => {}, 1_000);
