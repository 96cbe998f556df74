/**
 * @module @livespan/tracing
 *
 * Realtime tracing on OpenTelemetry: spans exported when they start and when
 * they end, to a Genkit-compatible telemetry server. The wire shapes and the
 * rules the server and the Dev UI share are in `@livespan/tracing/wire`.
 */
export { createSpanProcessor } from './create-span-processor.js';
export { isDevEnvironment, isRealtimeTelemetryEnabled, telemetryServerUrl } from './environment.js';
export { type InitTracingOptions, initTracing, type TracingHandle } from './init-tracing.js';
export type { RealtimeAwareExporter, RealtimeMode } from './realtime-aware-exporter.js';
export { RealtimeSpanProcessor, type RealtimeSpanProcessorOptions } from './realtime-span-processor.js';
export {
  TelemetryServerSpanExporter,
  type TelemetryServerSpanExporterOptions,
} from './telemetry-server-span-exporter.js';
