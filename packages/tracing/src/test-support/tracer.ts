import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, type SpanProcessor } from '@opentelemetry/sdk-trace-base';

/** A tracer whose spans go to `processor`, with async context for nesting. Call `close()` after. */
export function makeTracer(processor: SpanProcessor, options: { sampled?: boolean } = {}) {
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  const provider = new BasicTracerProvider({
    spanProcessors: [processor],
    ...(options.sampled === false && {
      sampler: { shouldSample: () => ({ decision: 0 }), toString: () => 'never' },
    }),
  });
  const tracer: Tracer = provider.getTracer('test', '1.0.0');
  return {
    tracer,
    provider,
    async close() {
      await provider.shutdown();
      context.disable();
    },
  };
}
