/**
 * @module @livespan/tracing
 *
 * Realtime tracing on OpenTelemetry: spans exported when they start and when
 * they end, to a Genkit-compatible telemetry server.
 */
export { createSpanProcessor } from './create-span-processor.js';
export {
  DEFAULT_TELEMETRY_SERVER,
  isDevEnvironment,
  isRealtimeTelemetryEnabled,
  telemetryServerUrl,
} from './environment.js';
export { ExportError, isRetryable } from './export-error.js';
export { type InitTracingOptions, initTracing, type TracingHandle } from './init-tracing.js';
export type { RealtimeAwareExporter, RealtimeMode } from './realtime-aware-exporter.js';
export { RealtimeSpanProcessor, type RealtimeSpanProcessorOptions } from './realtime-span-processor.js';
export {
  isSecretKey,
  REDACTED,
  redactAttributes,
  redactText,
  secretValuesFromEnv,
} from './redact-secrets.js';
export { groupByTrace, hrTimeToMs, spanToWire } from './span-to-wire.js';
export {
  HEARTBEAT_HEADER,
  REALTIME_HEADER,
  TelemetryServerSpanExporter,
  type TelemetryServerSpanExporterOptions,
  TRACE_ARRAYS_HEADER,
} from './telemetry-server-span-exporter.js';
export {
  type Attributes,
  type AttributeValue,
  type InstrumentationLibrary,
  isInProgress,
  type SpanContextData,
  type SpanData,
  type SpanLink,
  type SpanStatus,
  type TimeEvent,
  type TraceData,
} from './wire-types.js';
