// Child process for the exit tests: exports a span's start, blocks its event loop for a while (as an app doing
// synchronous work does), ends the span, awaits shutdown and says so. Exits 13 if the awaited shutdown never
// settles. Args: <server url> <busy ms> <flush timeout ms>.
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { RealtimeSpanProcessor } from '../realtime-span-processor.js';
import { TelemetryServerSpanExporter } from '../telemetry-server-span-exporter.js';

const [url, busyMs, flushTimeoutMs] = process.argv.slice(2);
const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: url! });
const processor = new RealtimeSpanProcessor(exporter, {
  flushTimeoutMs: Number(flushTimeoutMs),
  onError: (error) => process.stdout.write(`error: ${error.message}\n`),
});
const tracer = new BasicTracerProvider({ spanProcessors: [processor] }).getTracer('busy-app');
const span = tracer.startSpan('busy work');
await processor.forceFlush();
const until = Date.now() + Number(busyMs);
while (Date.now() < until) {
  // synchronous work: the event loop does not see the server close the idle socket
}
span.end();
await processor.shutdown();
process.stdout.write('shut down\n');
