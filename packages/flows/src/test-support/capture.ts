import { type Context, context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  type Span,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Records a copy of each span's attributes at the moment it starts. */
class StartRecorder implements SpanProcessor {
  readonly started: Array<{ name: string; attributes: Record<string, unknown> }> = [];
  /** The live spans themselves, to look at spans that are still open. */
  readonly live: Span[] = [];
  onStart(span: Span, _parent: Context): void {
    this.started.push({ name: span.name, attributes: { ...span.attributes } });
    this.live.push(span);
  }
  onEnd(_span: ReadableSpan): void {}
  forceFlush = async () => {};
  shutdown = async () => {};
}

/**
 * Global tracer provider + async context that keep every span in memory.
 * Call `close()` after each test: it restores the global OTel state.
 */
export function captureSpans() {
  const exporter = new InMemorySpanExporter();
  const starts = new StartRecorder();
  const provider = new BasicTracerProvider({ spanProcessors: [starts, new SimpleSpanProcessor(exporter)] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  const ended = () => exporter.getFinishedSpans();
  return {
    provider,
    /** Spans that have ended, in end order. */
    ended,
    /** Attribute snapshots taken in `onStart`. */
    started: starts.started,
    /** Every span started so far, open or not. */
    live: starts.live,
    /** The ended span named `name`; throws when there is not exactly one. */
    span(name: string): ReadableSpan {
      const found = ended().filter((s) => s.name === name);
      if (found.length !== 1) throw new Error(`expected one span "${name}", found ${found.length}`);
      return found[0]!;
    },
    async close() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

/** A promise plus its resolve function, for holding work open until a test lets it go. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
