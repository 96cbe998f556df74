import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { isDevEnvironment, isRealtimeTelemetryEnabled } from './environment.js';
import { RealtimeSpanProcessor, type RealtimeSpanProcessorOptions } from './realtime-span-processor.js';

/**
 * Picks the processor the environment asks for: `RealtimeSpanProcessor` when
 * realtime telemetry is enabled, `SimpleSpanProcessor` in dev (`GENKIT_ENV=dev`),
 * otherwise `BatchSpanProcessor`.
 */
export function createSpanProcessor(
  exporter: SpanExporter,
  options: { env?: NodeJS.ProcessEnv; realtime?: RealtimeSpanProcessorOptions } = {},
): SpanProcessor {
  const env = options.env ?? process.env;
  if (isRealtimeTelemetryEnabled(env)) return new RealtimeSpanProcessor(exporter, options.realtime);
  if (isDevEnvironment(env)) return new SimpleSpanProcessor(exporter);
  return new BatchSpanProcessor(exporter);
}
