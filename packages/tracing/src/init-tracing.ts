import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createSpanProcessor } from './create-span-processor.js';
import { telemetryServerUrl } from './environment.js';
import type { RealtimeSpanProcessorOptions } from './realtime-span-processor.js';
import { TelemetryServerSpanExporter } from './telemetry-server-span-exporter.js';

export interface InitTracingOptions {
  /** Telemetry server URL. Default: `GENKIT_TELEMETRY_SERVER`, else `http://localhost:4000`. */
  telemetryServerUrl?: string;
  /** `service.name` of the resource. Default `livespan-app`. */
  serviceName?: string;
  /** Use this exporter instead of a `TelemetryServerSpanExporter`. */
  exporter?: SpanExporter;
  /** Use this processor instead of `createSpanProcessor(exporter)`. */
  processor?: SpanProcessor;
  /** Options for the `RealtimeSpanProcessor`, when the environment picks it. */
  realtime?: RealtimeSpanProcessorOptions;
  /** Environment to read (settings, and secret values the exporter must never send). Default `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface TracingHandle {
  provider: BasicTracerProvider;
  processor: SpanProcessor;
  /** Flushes what is queued and stops tracing. Safe to call more than once. */
  shutdown(): Promise<void>;
}

/**
 * Sets up tracing in one call: a tracer provider with async-context propagation,
 * an exporter to the telemetry server, and the processor the environment asks
 * for. Queued spans are flushed when the event loop empties.
 */
export function initTracing(options: InitTracingOptions = {}): TracingHandle {
  const env = options.env ?? process.env;
  const exporter =
    options.exporter ??
    new TelemetryServerSpanExporter({
      telemetryServerUrl: options.telemetryServerUrl ?? telemetryServerUrl(env),
      env,
    });
  const processor = options.processor ?? createSpanProcessor(exporter, { env, realtime: options.realtime });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.serviceName ?? 'livespan-app' }),
    spanProcessors: [processor],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);

  const flushBeforeExit = () => void processor.forceFlush();
  process.once('beforeExit', flushBeforeExit);
  let shutdownPromise: Promise<void> | undefined;
  return {
    provider,
    processor,
    shutdown() {
      shutdownPromise ??= (async () => {
        process.off('beforeExit', flushBeforeExit);
        await provider.shutdown();
        trace.disable();
        context.disable();
      })();
      return shutdownPromise;
    },
  };
}
