import type { HrTime } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { redactAttributes, redactText } from './wire/redact-secrets.js';
import type {
  Attributes,
  InstrumentationLibrary,
  SpanData,
  SpanLink,
  TimeEvent,
  TraceData,
} from './wire/span-data.js';

/** Milliseconds since the epoch from an OpenTelemetry `HrTime`; `[0, 0]` (not ended) stays 0. */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1000 + Math.round(time[1] / 1_000_000);
}

/**
 * Converts a span, open or ended, to Genkit's `SpanData`. Pure: it copies what
 * it reads, so the snapshot does not change when the live span does.
 * Credentials are redacted: secret-named attributes (of the span, its events
 * and links), and `secretValues` wherever they appear in any string sent:
 * names, status message, attribute values, event names, scope name.
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
    displayName: redactText(span.name, secretValues),
    instrumentationLibrary: libraryOf(span.instrumentationScope, secretValues),
    spanKind: SpanKind[span.kind] ?? 'INTERNAL',
    sameProcessAsParentSpan: parent?.isRemote ? OTHER_PROCESS : SAME_PROCESS,
    status: span.status.message
      ? { code: span.status.code, message: redactText(span.status.message, secretValues) }
      : { code: span.status.code },
    timeEvents: { timeEvent: span.events.map((event) => toTimeEvent(event, secretValues)) },
  };
  if (parent) data.parentSpanId = parent.spanId;
  if (span.links.length > 0) data.links = span.links.map((link) => toLink(link, secretValues));
  return data;
}

const SAME_PROCESS = Object.freeze({ value: true });
const OTHER_PROCESS = Object.freeze({ value: false });

/** One frozen `instrumentationLibrary` per tracer scope, shared by its spans' snapshots. */
const libraries = new WeakMap<InstrumentationScope, InstrumentationLibrary>();

function libraryOf(scope: InstrumentationScope, secretValues: readonly string[]): InstrumentationLibrary {
  let library = libraries.get(scope);
  if (!library) {
    library = Object.freeze({
      name: redactText(scope.name, secretValues),
      ...(scope.version !== undefined && { version: scope.version }),
      ...(scope.schemaUrl !== undefined && { schemaUrl: scope.schemaUrl }),
    });
    libraries.set(scope, library);
  }
  return library;
}

function toTimeEvent(event: ReadableSpan['events'][number], secretValues: readonly string[]): TimeEvent {
  return {
    time: hrTimeToMs(event.time),
    annotation: {
      attributes: redactAttributes({ ...(event.attributes as Attributes) }, secretValues),
      description: redactText(event.name, secretValues),
    },
  };
}

function toLink(link: ReadableSpan['links'][number], secretValues: readonly string[]): SpanLink {
  const { traceId, spanId, isRemote, traceFlags } = link.context;
  return {
    context: { traceId, spanId, isRemote: isRemote ?? false, traceFlags },
    attributes: redactAttributes({ ...(link.attributes as Attributes) }, secretValues),
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
      // Keyed by random span ids, so a dictionary from the start: growing a plain object one unique key
      // at a time makes the engine build a new hidden class per key, which doubles the cost of an export.
      trace = { traceId: span.traceId, spans: Object.create(null) as Record<string, SpanData> };
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
