import type { SpanData } from '@livespan/tracing/wire';

/** What of a span must match between two servers that stored the same work: all but ids and clock times. */
export interface SpanShape {
  parent: string | null;
  running: boolean;
  attributes: SpanData['attributes'];
  spanKind: string;
  status: number | undefined;
  instrumentationLibrary: string;
  sameProcessAsParentSpan: boolean | undefined;
  timeEvents: string[];
}

/**
 * A trace as a map from each span's name path (`root > step`) to its shape,
 * so two runs of the same flow, with different ids and times, compare equal
 * when their trees, names and attributes are the same.
 */
export function traceShape(trace: { spans: Record<string, SpanData> }): Record<string, SpanShape> {
  const spans = trace.spans;
  const pathOf = (span: SpanData): string => {
    const parent = span.parentSpanId ? spans[span.parentSpanId] : undefined;
    return parent ? `${pathOf(parent)} > ${span.displayName}` : span.displayName;
  };
  const shape: Record<string, SpanShape> = {};
  for (const span of Object.values(spans)) {
    const parent = span.parentSpanId ? spans[span.parentSpanId] : undefined;
    shape[pathOf(span)] = {
      parent: parent ? pathOf(parent) : null,
      running: !(span.endTime > 0),
      attributes: span.attributes,
      spanKind: span.spanKind,
      status: span.status?.code,
      instrumentationLibrary: span.instrumentationLibrary.name,
      sameProcessAsParentSpan: span.sameProcessAsParentSpan?.value,
      timeEvents: (span.timeEvents?.timeEvent ?? []).map((event) => event.annotation.description),
    };
  }
  return shape;
}
