import type { Span } from '../api/schemas';

/** How a span is shown: its lifecycle and outcome in one word. */
export type SpanState = 'placeholder' | 'stale' | 'running' | 'error' | 'ok';

/** The display state of a span. Errors are status code 2 (OpenTelemetry's ERROR). */
export function spanState(span: Span): SpanState {
  if (span.placeholder) return 'placeholder';
  if (!span.endTime) return span.stale ? 'stale' : 'running';
  return span.status?.code === 2 ? 'error' : 'ok';
}

/** The stack trace of the span's first exception event, if any. */
export function exceptionOf(span: Span): { message?: string; type?: string; stack?: string } | undefined {
  for (const event of span.timeEvents?.timeEvent ?? []) {
    const { description, attributes } = event.annotation;
    if (description !== 'exception' && !('exception.stacktrace' in attributes)) continue;
    const text = (key: string) => {
      const value = attributes[key];
      return typeof value === 'string' ? value : undefined;
    };
    return {
      message: text('exception.message'),
      type: text('exception.type'),
      stack: text('exception.stacktrace'),
    };
  }
  return undefined;
}
