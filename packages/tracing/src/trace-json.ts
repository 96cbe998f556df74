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
    const traceIdJson = JSON.stringify(traceId);
    const parts: JsonParts = ['{"traceId":', traceIdJson];
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
      if (i > 0) parts.push(',');
      writeSpan(parts, group[i]!, traceIdJson, secretValues);
    }
    parts.push('}}');
    out.push({ json: parts.join(''), spanCount: group.length });
  }
  return out;
}

/** `"<spanId>":` and the JSON of a Genkit `SpanData`; few pieces, as each costs its share of the join. */
function writeSpan(
  parts: JsonParts,
  span: ReadableSpan,
  traceIdJson: string,
  secretValues: readonly string[],
): void {
  const spanIdJson = JSON.stringify(span.spanContext().spanId);
  const parent = span.parentSpanContext;
  parts.push(spanIdJson, ':{"spanId":', spanIdJson, ',"traceId":', traceIdJson);
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
    scopeJson(span.instrumentationScope, span.kind, parent?.isRemote === true, secretValues),
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
    parts.push(STATUS_JSON[code] ?? `,"status":{"code":${Number(code)}}`);
  }
  if (span.events.length === 0) {
    parts.push(
      span.links.length === 0 ? ',"timeEvents":{"timeEvent":[]}}' : ',"timeEvents":{"timeEvent":[]}',
    );
  } else {
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
    parts.push(span.links.length === 0 ? ']}}' : ']}');
  }
  if (span.links.length === 0) return;
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
  parts.push(']}');
}

/** The status of most spans (no message), written once. */
const STATUS_JSON: Record<number, string> = {
  0: ',"status":{"code":0}',
  1: ',"status":{"code":1}',
  2: ',"status":{"code":2}',
};

function endTimeOf(span: ReadableSpan): number {
  return span.ended ? hrTimeToMs(span.endTime) : 0;
}

function attributesJson(attributes: Attributes | undefined, secretValues: readonly string[]): string {
  return attributes ? JSON.stringify(redactAttributes(attributes, secretValues)) : '{}';
}

/**
 * `,"instrumentationLibrary":…,"spanKind":…,"sameProcessAsParentSpan":…`, the
 * same for every span of a tracer scope, kind and parent locality: written
 * once per scope and shared by its spans' snapshots.
 */
const scopes = new WeakMap<InstrumentationScope, Map<number, string>>();

function scopeJson(
  scope: InstrumentationScope,
  kind: SpanKind,
  remoteParent: boolean,
  secretValues: readonly string[],
): string {
  let byKind = scopes.get(scope);
  if (byKind === undefined) {
    byKind = new Map();
    scopes.set(scope, byKind);
  }
  const key = kind * 2 + (remoteParent ? 1 : 0);
  let json = byKind.get(key);
  if (json === undefined) {
    const library = JSON.stringify({
      name: redactText(scope.name, secretValues),
      ...(scope.version !== undefined && { version: scope.version }),
      ...(scope.schemaUrl !== undefined && { schemaUrl: scope.schemaUrl }),
    });
    json = `,"instrumentationLibrary":${library},"spanKind":"${SpanKind[kind] ?? 'INTERNAL'}","sameProcessAsParentSpan":{"value":${!remoteParent}}`;
    byKind.set(key, json);
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
