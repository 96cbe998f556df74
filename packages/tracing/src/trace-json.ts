import type { HrTime } from '@opentelemetry/api';
import { SpanKind } from '@opentelemetry/api';
import type { InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { redactAttributes, redactText } from './wire/redact-secrets.js';
import type { Attributes } from './wire/span-data.js';

/** Milliseconds since the epoch from an OpenTelemetry `HrTime`; `[0, 0]` (not ended) stays 0. */
export function hrTimeToMs(time: HrTime): number {
  return time[0] * 1000 + Math.round(time[1] / 1_000_000);
}

/** One trace's part of an export, as the JSON of a Genkit `TraceData`. */
export interface TraceJson {
  json: string;
  spanCount: number;
}

/**
 * The pieces of a JSON text, joined once at the end. Building the text with
 * `+=` makes a deep rope of strings that V8 must flatten, piece by piece,
 * before it can be sent: that cost more than writing the JSON itself.
 */
type JsonParts = Array<string | number>;

/**
 * Writes `spans`, open or ended, as Genkit `TraceData` JSON, one per trace in
 * the order the traces first appear, each with the trace-level name and times
 * of its root span when the batch holds it, and the provider's resource.
 * Written straight from the live spans, without building `SpanData` objects
 * first: the export path's main cost. The text is the snapshot, so a later
 * change to a live span cannot leak into it. Credentials are redacted:
 * secret-named attributes (of the span, its events and links, and the
 * resource), and `secretValues` wherever they appear in any string sent.
 */
export function tracesToJson(spans: readonly ReadableSpan[], secretValues: readonly string[]): TraceJson[] {
  const traces = new Map<string, ReadableSpan[]>();
  for (const span of spans) {
    const traceId = span.spanContext().traceId;
    const group = traces.get(traceId);
    if (group) group.push(span);
    else traces.set(traceId, [span]);
  }
  const out: TraceJson[] = [];
  for (const [traceId, group] of traces) {
    const parts: JsonParts = ['{"traceId":', JSON.stringify(traceId)];
    const root = group.find((span) => !span.parentSpanContext);
    if (root) {
      parts.push(
        ',"displayName":',
        JSON.stringify(redactText(root.name, secretValues)),
        ',"startTime":',
        hrTimeToMs(root.startTime),
        ',"endTime":',
        endTimeOf(root),
      );
    }
    const resource = group[0]!.resource;
    if (resource) parts.push(',"resource":', resourceJson(resource, secretValues));
    parts.push(',"spans":{');
    for (let i = 0; i < group.length; i++) {
      const span = group[i]!;
      parts.push(i > 0 ? ',' : '', JSON.stringify(span.spanContext().spanId), ':');
      writeSpan(parts, span, secretValues);
    }
    parts.push('}}');
    out.push({ json: parts.join(''), spanCount: group.length });
  }
  return out;
}

/** One span as the JSON of a Genkit `SpanData`. */
function writeSpan(parts: JsonParts, span: ReadableSpan, secretValues: readonly string[]): void {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  parts.push('{"spanId":', JSON.stringify(context.spanId), ',"traceId":', JSON.stringify(context.traceId));
  if (parent) parts.push(',"parentSpanId":', JSON.stringify(parent.spanId));
  parts.push(
    ',"startTime":',
    hrTimeToMs(span.startTime),
    ',"endTime":',
    endTimeOf(span),
    ',"attributes":',
    attributesJson(span.attributes as Attributes, secretValues),
    ',"displayName":',
    JSON.stringify(redactText(span.name, secretValues)),
    ',"instrumentationLibrary":',
    libraryJson(span.instrumentationScope, secretValues),
    ',"spanKind":"',
    SpanKind[span.kind] ?? 'INTERNAL',
    parent?.isRemote
      ? '","sameProcessAsParentSpan":{"value":false}'
      : '","sameProcessAsParentSpan":{"value":true}',
  );
  const { code, message } = span.status;
  if (message) {
    parts.push(
      ',"status":{"code":',
      code,
      ',"message":',
      JSON.stringify(redactText(message, secretValues)),
      '}',
    );
  } else {
    parts.push(',"status":{"code":', code, '}');
  }
  parts.push(',"timeEvents":{"timeEvent":[');
  for (let i = 0; i < span.events.length; i++) {
    const event = span.events[i]!;
    parts.push(
      i > 0 ? ',{"time":' : '{"time":',
      hrTimeToMs(event.time),
      ',"annotation":{"attributes":',
      attributesJson(event.attributes as Attributes | undefined, secretValues),
      ',"description":',
      JSON.stringify(redactText(event.name, secretValues)),
      '}}',
    );
  }
  parts.push(']}');
  if (span.links.length > 0) {
    parts.push(',"links":[');
    for (let i = 0; i < span.links.length; i++) {
      const link = span.links[i]!;
      const { traceId, spanId, isRemote, traceFlags } = link.context;
      parts.push(
        i > 0 ? ',{"context":{"traceId":' : '{"context":{"traceId":',
        JSON.stringify(traceId),
        ',"spanId":',
        JSON.stringify(spanId),
        ',"isRemote":',
        String(isRemote ?? false),
        ',"traceFlags":',
        Number(traceFlags),
        '},"attributes":',
        attributesJson(link.attributes as Attributes | undefined, secretValues),
        ',"droppedAttributesCount":',
        link.droppedAttributesCount ?? 0,
        '}',
      );
    }
    parts.push(']');
  }
  parts.push('}');
}

function endTimeOf(span: ReadableSpan): number {
  return span.ended ? hrTimeToMs(span.endTime) : 0;
}

function attributesJson(attributes: Attributes | undefined, secretValues: readonly string[]): string {
  return attributes ? JSON.stringify(redactAttributes(attributes, secretValues)) : '{}';
}

/** One `instrumentationLibrary` text per tracer scope, shared by its spans' snapshots. */
const libraries = new WeakMap<InstrumentationScope, string>();

function libraryJson(scope: InstrumentationScope, secretValues: readonly string[]): string {
  let json = libraries.get(scope);
  if (json === undefined) {
    json = JSON.stringify({
      name: redactText(scope.name, secretValues),
      ...(scope.version !== undefined && { version: scope.version }),
      ...(scope.schemaUrl !== undefined && { schemaUrl: scope.schemaUrl }),
    });
    libraries.set(scope, json);
  }
  return json;
}

/** One `resource` text per provider's resource: written once, not per span. */
const resources = new WeakMap<Resource, string>();

function resourceJson(resource: Resource, secretValues: readonly string[]): string {
  let json = resources.get(resource);
  if (json === undefined) {
    // Attributes still being detected are read (and kept) later, once they are known.
    if (resource.asyncAttributesPending) return '{"attributes":{}}';
    json = `{"attributes":${attributesJson(resource.attributes as Attributes, secretValues)}}`;
    resources.set(resource, json);
  }
  return json;
}
