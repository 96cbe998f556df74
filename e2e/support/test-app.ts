import { RealtimeSpanProcessor, TelemetryServerSpanExporter } from '@livespan/tracing';
import { context, type Span, type Tracer, trace } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A traced "app" inside the test process, exporting to a livespan server. */
export interface TestApp {
  tracer: Tracer;
  /** Starts a span, as a child of `parent` when given; `startTime` in ms since the epoch. */
  start(
    name: string,
    parent?: Span,
    options?: { attributes?: Record<string, string | number>; startTime?: number },
  ): Span;
  /** Exports everything queued and waits for it. */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

/**
 * `realtime: true` (default) uses `RealtimeSpanProcessor`, so spans reach the
 * server when they start; `false` uses `SimpleSpanProcessor` (spans arrive
 * only when they end), like an app not in realtime mode.
 */
export function createTestApp(serverUrl: string, options: { realtime?: boolean } = {}): TestApp {
  const exporter = new TelemetryServerSpanExporter({ telemetryServerUrl: serverUrl });
  const processor: SpanProcessor =
    options.realtime === false ? new SimpleSpanProcessor(exporter) : new RealtimeSpanProcessor(exporter);
  const provider = new BasicTracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('livespan-e2e');
  return {
    tracer,
    start(name, parent, options = {}) {
      const parentContext = parent ? trace.setSpan(context.active(), parent) : context.active();
      return tracer.startSpan(name, options, parentContext);
    },
    flush: () => provider.forceFlush(),
    shutdown: () => provider.shutdown(),
  };
}
