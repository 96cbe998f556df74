import { trace } from '@opentelemetry/api';

interface Flushable {
  forceFlush(): Promise<void>;
}

/**
 * Flushes the global tracer provider, if it can, waiting at most `timeoutMs`.
 * Run results are answered after this, as Genkit does, so a client that opens
 * the trace right away finds it complete. Never throws.
 */
export async function flushTracing(timeoutMs = 2_000): Promise<void> {
  const global = trace.getTracerProvider() as { getDelegate?: () => unknown };
  const provider = (global.getDelegate?.() ?? global) as Partial<Flushable>;
  if (typeof provider.forceFlush !== 'function') return;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
    timer.unref();
  });
  try {
    await Promise.race([provider.forceFlush().catch(() => undefined), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
