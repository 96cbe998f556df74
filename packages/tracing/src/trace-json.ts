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
    let json = `{"traceId":${JSON.stringify(traceId)}`;
    const root = group.find((span) => !span.parentSpanContext);
    if (root) {
      json += `,"displayName":${JSON.stringify(redactText(root.name, secretValues))},"startTime":${hrTimeToMs(root.startTime)},"endTime":${endTimeOf(root)}`;
    }
    const resource = group[0]!.resource;
    if (resource) json += `,"resource":${resourceJson(resource, secretValues)}`;
    json += ',"spans":{';
    for (let i = 0; i < group.length; i++) {
      const span = group[i]!;
      if (i > 0) json += ',';
      json += `${JSON.stringify(span.spanContext().spanId)}:${spanJson(span, secretValues)}`;
    }
    out.push({ json: `${json}}}`, spanCount: group.length });
  }
  return out;
}

/** One span as the JSON of a Genkit `SpanData`. */
function spanJson(span: ReadableSpan, secretValues: readonly string[]): string {
  const context = span.spanContext();
  const parent = span.parentSpanContext;
  let json = `{"spanId":${JSON.stringify(context.spanId)},"traceId":${JSON.stringify(context.traceId)}`;
  if (parent) json += `,"parentSpanId":${JSON.stringify(parent.spanId)}`;
  json += `,"startTime":${hrTimeToMs(span.startTime)},"endTime":${endTimeOf(span)}`;
  json += `,"attributes":${attributesJson(span.attributes as Attributes, secretValues)}`;
  json += `,"displayName":${JSON.stringify(redactText(span.name, secretValues))}`;
  json += `,"instrumentationLibrary":${libraryJson(span.instrumentationScope, secretValues)}`;
  json += `,"spanKind":"${SpanKind[span.kind] ?? 'INTERNAL'}"`;
  json += `,"sameProcessAsParentSpan":{"value":${!parent?.isRemote}}`;
  const { code, message } = span.status;
  json += message
    ? `,"status":{"code":${code},"message":${JSON.stringify(redactText(message, secretValues))}}`
    : `,"status":{"code":${code}}`;
  json += ',"timeEvents":{"timeEvent":[';
  for (let i = 0; i < span.events.length; i++) {
    const event = span.events[i]!;
    if (i > 0) json += ',';
    json += `{"time":${hrTimeToMs(event.time)},"annotation":{"attributes":${attributesJson(event.attributes as Attributes | undefined, secretValues)},"description":${JSON.stringify(redactText(event.name, secretValues))}}}`;
  }
  json += ']}';
  if (span.links.length > 0) {
    const links = span.links.map((link) => {
      const { traceId, spanId, isRemote, traceFlags } = link.context;
      return `{"context":{"traceId":${JSON.stringify(traceId)},"spanId":${JSON.stringify(spanId)},"isRemote":${isRemote ?? false},"traceFlags":${Number(traceFlags)}},"attributes":${attributesJson(link.attributes as Attributes | undefined, secretValues)},"droppedAttributesCount":${link.droppedAttributesCount ?? 0}}`;
    });
    json += `,"links":[${links.join(',')}]`;
  }
  return `${json}}`;
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
