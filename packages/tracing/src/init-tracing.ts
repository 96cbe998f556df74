import { createRequire } from 'node:module';
import path from 'node:path';
import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { createSpanProcessor } from './create-span-processor.js';
import { telemetryServerUrl } from './environment.js';
import type { RealtimeSpanProcessorOptions } from './realtime-span-processor.js';
import {
  explainInvisibleProvider,
  explainRegistrationFailure,
  resolveApiCopy,
} from './registration-check.js';
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
  /**
   * Where a setup problem is reported: a tracer provider or context manager
   * that did not register (another OpenTelemetry setup, a second call), or an
   * app whose own `@opentelemetry/api` copy cannot see livespan's provider.
   * Default: `console.error`, so tracing never fails silently.
   */
  onSetupError?: (message: string) => void;
  /**
   * Folders (or files) the app resolves `@opentelemetry/api` from, to find a
   * second copy that would not see livespan's provider.
   * Default: the folder of the main script (`process.argv[1]`) and `process.cwd()`.
   */
  appDirs?: readonly string[];
}

export interface TracingHandle {
  provider: BasicTracerProvider;
  processor: SpanProcessor;
  /**
   * True when the provider and context manager registered globally and the
   * app's `@opentelemetry/api` sees them; false after a reported setup error.
   */
  registered: boolean;
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
  const initializedBefore = active > 0;
  const contextManagerRegistered = context.setGlobalContextManager(contextManager);
  const tracerProviderRegistered = trace.setGlobalTracerProvider(provider);
  if (!contextManagerRegistered) contextManager.disable();
  const ours = resolveApiCopy(createRequire(import.meta.url).resolve('@opentelemetry/api'));
  const report = options.onSetupError ?? ((message: string) => console.error(message));
  const problem =
    explainRegistrationFailure({
      tracerProviderRegistered,
      contextManagerRegistered,
      ours,
      initializedBefore,
    }) ?? explainInvisibleProvider(trace.getTracerProvider(), ours, options.appDirs ?? defaultAppDirs());
  if (problem) report(problem);
  const ownsGlobals = tracerProviderRegistered || contextManagerRegistered;
  if (ownsGlobals) active += 1;

  const flushBeforeExit = () => void processor.forceFlush();
  process.once('beforeExit', flushBeforeExit);
  let shutdownPromise: Promise<void> | undefined;
  return {
    provider,
    processor,
    registered: problem === undefined,
    shutdown() {
      shutdownPromise ??= (async () => {
        process.off('beforeExit', flushBeforeExit);
        await provider.shutdown();
        // Only undo what this call registered: never another setup's globals.
        if (tracerProviderRegistered) trace.disable();
        if (contextManagerRegistered) context.disable();
        else contextManager.disable();
        if (ownsGlobals) active -= 1;
      })();
      return shutdownPromise;
    },
  };
}

/** initTracing() calls whose globals are registered and not shut down yet. */
let active = 0;

function defaultAppDirs(): string[] {
  const main = process.argv[1];
  return [...(main ? [path.dirname(path.resolve(main))] : []), process.cwd()];
}
