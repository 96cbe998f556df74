import type { HrTime } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { redactAttributes } from './redact-secrets.js';
import type { Attributes, SpanData, SpanLink, TimeEvent, TraceData } from './wire-types.js';

/** Milliseconds since the epoch from an OpenTelemetry `HrTime`; `[0, 0]` (not ended) stays 0. */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1000 + Math.round(time[1] / 1_000_000);
}

/**
 * Converts a span, open or ended, to Genkit's `SpanData`. Pure: it copies what
 * it reads, so the snapshot does not change when the live span does.
 * Credentials are redacted: secret-named attributes, and `secretValues`
 * wherever they appear in a string attribute.
 */
export function spanToWire(span: ReadableSpan, secretValues: readonly string[] = []): SpanData {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  const data: SpanData = {
    spanId: context.spanId,
    traceId: context.traceId,
    startTime: hrTimeToMs(span.startTime),
    endTime: span.ended ? hrTimeToMs(span.endTime) : 0,
    attributes: redactAttributes({ ...(span.attributes as Attributes) }, secretValues),
    displayName: span.name,
    instrumentationLibrary: {
      name: span.instrumentationScope.name,
      ...(span.instrumentationScope.version !== undefined && { version: span.instrumentationScope.version }),
      ...(span.instrumentationScope.schemaUrl !== undefined && {
        schemaUrl: span.instrumentationScope.schemaUrl,
      }),
    },
    spanKind: SpanKind[span.kind] ?? 'INTERNAL',
    sameProcessAsParentSpan: { value: !parent?.isRemote },
    status: span.status.message
      ? { code: span.status.code, message: span.status.message }
      : { code: span.status.code },
    timeEvents: { timeEvent: span.events.map((event) => toTimeEvent(event, secretValues)) },
  };
  if (parent) data.parentSpanId = parent.spanId;
  if (span.links.length > 0) data.links = span.links.map(toLink);
  return data;
}

function toTimeEvent(event: ReadableSpan['events'][number], secretValues: readonly string[]): TimeEvent {
  return {
    time: hrTimeToMs(event.time),
    annotation: {
      attributes: redactAttributes({ ...(event.attributes as Attributes) }, secretValues),
      description: event.name,
    },
  };
}

function toLink(link: ReadableSpan['links'][number]): SpanLink {
  const { traceId, spanId, isRemote, traceFlags } = link.context;
  return {
    context: { traceId, spanId, isRemote: isRemote ?? false, traceFlags },
    attributes: { ...(link.attributes as Attributes) },
    droppedAttributesCount: link.droppedAttributesCount ?? 0,
  };
}

/**
 * Groups span snapshots by trace, in the order the spans were given, with the
 * trace-level name and times taken from the root span when it is present.
 */
export function groupByTrace(spans: readonly SpanData[]): TraceData[] {
  const traces = new Map<string, TraceData>();
  for (const span of spans) {
    let trace = traces.get(span.traceId);
    if (!trace) {
      trace = { traceId: span.traceId, spans: {} };
      traces.set(span.traceId, trace);
    }
    trace.spans[span.spanId] = span;
    if (!span.parentSpanId) {
      trace.displayName = span.displayName;
      trace.startTime = span.startTime;
      trace.endTime = span.endTime;
    }
  }
  return [...traces.values()];
}
