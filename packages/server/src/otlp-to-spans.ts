import type { Attributes, AttributeValue, SpanData, SpanStatus } from '@livespan/tracing/wire';
import { MAX_ATTRIBUTE_DEPTH } from '@livespan/tracing/wire';
import { InvalidInputError } from './input-errors.js';
import type { OtlpKeyValue, OtlpRequest, OtlpSpan } from './otlp-schema.js';
import { type Resource, toResource } from './resource.js';

const SPAN_KINDS = ['UNSPECIFIED', 'INTERNAL', 'SERVER', 'CLIENT', 'PRODUCER', 'CONSUMER'];
const STATUS_CODES: Record<string, number> = {
  STATUS_CODE_UNSET: 0,
  STATUS_CODE_OK: 1,
  STATUS_CODE_ERROR: 2,
};
const NANOS_PER_MS = 1_000_000n;

/**
 * Converts a validated OTLP request to Genkit `SpanData`. Pure. Times become
 * integer milliseconds computed in BigInt (no float drift); an end time of 0
 * means in progress. Every `AnyValue` kind is kept. Throws an `InvalidInputError`
 * naming the path of a malformed attribute value.
 */
export function otlpToSpans(request: OtlpRequest): SpanData[] {
  return convertOtlp(request).spans;
}

/**
 * `otlpToSpans`, plus the resources of the request: each span with resource
 * attributes names its resource by `resourceId` (resource.ts). Pure.
 */
export function convertOtlp(request: OtlpRequest): { spans: SpanData[]; resources: Resource[] } {
  const spans: SpanData[] = [];
  const resources: Resource[] = [];
  request.resourceSpans?.forEach((resourceSpans, r) => {
    const attributes = toAttributes(
      resourceSpans.resource?.attributes,
      `resourceSpans.${r}.resource.attributes`,
    );
    const resource = Object.keys(attributes).length > 0 ? toResource(attributes) : undefined;
    if (resource) resources.push(resource);
    resourceSpans.scopeSpans?.forEach((scopeSpans, s) => {
      const scope = scopeSpans.scope;
      const instrumentationLibrary = {
        name: scope?.name ?? 'unknown',
        ...(scope?.version && { version: scope.version }),
        ...(scopeSpans.schemaUrl && { schemaUrl: scopeSpans.schemaUrl }),
      };
      scopeSpans.spans?.forEach((span, i) => {
        const path = `resourceSpans.${r}.scopeSpans.${s}.spans.${i}`;
        const converted = convertSpan(span, instrumentationLibrary, path);
        if (resource) converted.resourceId = resource.resourceId;
        spans.push(converted);
      });
    });
  });
  return { spans, resources };
}

function convertSpan(
  span: OtlpSpan,
  instrumentationLibrary: SpanData['instrumentationLibrary'],
  path: string,
): SpanData {
  const data: SpanData = {
    traceId: span.traceId.toLowerCase(),
    spanId: span.spanId.toLowerCase(),
    startTime: nanosToMs(span.startTimeUnixNano),
    endTime: nanosToMs(span.endTimeUnixNano),
    attributes: toAttributes(span.attributes, `${path}.attributes`),
    displayName: span.name,
    instrumentationLibrary,
    spanKind: spanKind(span.kind),
  };
  if (span.parentSpanId) data.parentSpanId = span.parentSpanId.toLowerCase();
  const status = toStatus(span.status, `${path}.status.code`);
  if (status) data.status = status;
  if (span.events?.length) {
    data.timeEvents = {
      timeEvent: span.events.map((event, e) => ({
        time: nanosToMs(event.timeUnixNano),
        annotation: {
          description: event.name ?? '',
          attributes: toAttributes(event.attributes, `${path}.events.${e}.attributes`),
        },
      })),
    };
  }
  if (span.links?.length) {
    data.links = span.links.map((link, l) => ({
      context: {
        traceId: link.traceId.toLowerCase(),
        spanId: link.spanId.toLowerCase(),
        ...(link.flags !== undefined && { traceFlags: link.flags & 0xff }),
      },
      attributes: toAttributes(link.attributes, `${path}.links.${l}.attributes`),
      ...(link.droppedAttributesCount !== undefined && {
        droppedAttributesCount: link.droppedAttributesCount,
      }),
    }));
  }
  return data;
}

/** Nanoseconds (decimal string or safe integer) to integer ms, rounded half up, exactly. */
export function nanosToMs(nanos: string | number | undefined): number {
  if (nanos === undefined) return 0;
  const value = BigInt(nanos);
  return Number((value + NANOS_PER_MS / 2n) / NANOS_PER_MS);
}

function spanKind(kind: number | string | undefined): string {
  if (typeof kind === 'string') return kind.replace(/^SPAN_KIND_/, '') || 'INTERNAL';
  const name = SPAN_KINDS[kind ?? 0];
  return !name || name === 'UNSPECIFIED' ? 'INTERNAL' : name;
}

function toStatus(status: OtlpSpan['status'], path: string): SpanStatus | undefined {
  if (!status) return undefined;
  const code = typeof status.code === 'string' ? STATUS_CODES[status.code] : (status.code ?? 0);
  if (code === undefined || code < 0 || code > 2)
    throw new InvalidInputError(`${path}: unknown status code`, path);
  return status.message ? { code, message: status.message } : { code };
}

function toAttributes(list: OtlpKeyValue[] | undefined, path: string, depth = 0): Attributes {
  const attributes: Attributes = {};
  list?.forEach((entry, i) => {
    attributes[entry.key] = toValue(entry.value, `${path}.${i}.value`, depth);
  });
  return attributes;
}

/** OTLP `AnyValue` → JSON: int64 as a number when safe else a decimal string, bytes as base64, kvlist as object. */
export function toValue(value: unknown, path: string, depth = 0): AttributeValue {
  if (depth > MAX_ATTRIBUTE_DEPTH)
    throw new InvalidInputError(`${path}: attribute value nested deeper than ${MAX_ATTRIBUTE_DEPTH}`, path);
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidInputError(`${path}: must be an OTLP AnyValue object`, path);
  }
  const v = value as Record<string, unknown>;
  if ('stringValue' in v) return expect(v.stringValue, 'string', `${path}.stringValue`) as string;
  if ('boolValue' in v) return expect(v.boolValue, 'boolean', `${path}.boolValue`) as boolean;
  if ('intValue' in v) return intValue(v.intValue, `${path}.intValue`);
  if ('doubleValue' in v) return doubleValue(v.doubleValue, `${path}.doubleValue`);
  if ('bytesValue' in v) return expect(v.bytesValue, 'string', `${path}.bytesValue`) as string;
  if ('arrayValue' in v) {
    const values = listOf(v.arrayValue, `${path}.arrayValue`);
    return values.map((item, i) => toValue(item, `${path}.arrayValue.values.${i}`, depth + 1));
  }
  if ('kvlistValue' in v) {
    const values = listOf(v.kvlistValue, `${path}.kvlistValue`);
    const object: Record<string, AttributeValue> = {};
    values.forEach((entry, i) => {
      const kv = entry as { key?: unknown; value?: unknown } | null;
      const key = kv && typeof kv === 'object' ? kv.key : undefined;
      if (typeof key !== 'string')
        throw new InvalidInputError(
          `${path}.kvlistValue.values.${i}.key: must be a string`,
          `${path}.kvlistValue.values.${i}.key`,
        );
      object[key] = toValue(kv!.value, `${path}.kvlistValue.values.${i}.value`, depth + 1);
    });
    return object;
  }
  return null;
}

function expect(value: unknown, type: 'string' | 'boolean', path: string): unknown {
  if (typeof value !== type) throw new InvalidInputError(`${path}: must be a ${type}`, path);
  return value;
}

function intValue(value: unknown, path: string): number | string {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) {
    const big = BigInt(value);
    return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER)
      ? Number(big)
      : value;
  }
  throw new InvalidInputError(`${path}: must be a 64-bit integer`, path);
}

function doubleValue(value: unknown, path: string): number | string {
  if (typeof value === 'number') return value;
  // proto3 JSON spells the non-finite doubles as strings; JSON cannot carry them as numbers.
  if (value === 'NaN' || value === 'Infinity' || value === '-Infinity') return value;
  throw new InvalidInputError(`${path}: must be a number`, path);
}

function listOf(value: unknown, path: string): unknown[] {
  if (value === null || typeof value !== 'object')
    throw new InvalidInputError(`${path}: must be an object`, path);
  const values = (value as { values?: unknown }).values;
  if (values === undefined) return [];
  if (!Array.isArray(values)) throw new InvalidInputError(`${path}.values: must be an array`, path);
  return values;
}
