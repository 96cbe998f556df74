import protobuf from 'protobufjs';
import { InvalidInputError, LimitExceededError } from './input-errors.js';

/**
 * Most JSON values or protobuf fields one request body may hold. Memory and
 * time of parsing, validating and converting grow with the number of
 * elements, not with bytes: 31 MB of `{},` is 10 M objects and took the
 * server to 4.6 GB. At a million elements the largest accepted body held the
 * event loop for ~400 ms (bench/hostile); a quarter of that keeps health
 * checks answered within 100 ms, and still takes 4× the 512-span batches
 * that OpenTelemetry's and livespan's exporters send (~100 elements a span).
 */
const MAX_ELEMENTS_PER_REQUEST = 250_000;
/** Most spans in one request, over all traces or resource/scope groups: 5× an exporter's default batch of 512. */
const MAX_SPANS_PER_REQUEST = 2_500;
/** Most attributes of one span, event or link (OpenTelemetry SDKs default to 128). */
const MAX_ATTRIBUTES_PER_SPAN = 1_024;
/** Most events of one span (OpenTelemetry SDKs default to 128). */
const MAX_EVENTS_PER_SPAN = 1_024;
/** Most links of one span (OpenTelemetry SDKs default to 128). */
const MAX_LINKS_PER_SPAN = 1_024;
/**
 * Deepest nesting of JSON containers or protobuf messages in a body. The
 * 32-level attribute limit needs up to 4 JSON levels per attribute level in
 * OTLP/JSON (`{"kvlistValue":{"values":[{"key":…,"value":`), plus the envelope.
 */
const MAX_BODY_DEPTH = 160;

function tooManyElements(): LimitExceededError {
  return new LimitExceededError(
    `request body has more than ${MAX_ELEMENTS_PER_REQUEST} JSON values or protobuf fields; send fewer spans per request`,
  );
}

function tooDeep(): InvalidInputError {
  return new InvalidInputError(`request body is nested deeper than ${MAX_BODY_DEPTH} levels`);
}

/**
 * Counts the elements of a JSON text before `JSON.parse` builds them: every
 * `{`, `[` and `,` outside strings is at most one value. One pass over the
 * bytes, no allocation, a few ms per MiB; a hand-written streaming parser
 * would cost far more to write and to run. Malformed JSON is left to
 * `JSON.parse`, which reports it.
 */
export function checkJsonElements(body: Uint8Array): void {
  let elements = 0;
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i]!;
    if (byte === 0x22) {
      // Strings are most of the bytes: jump to the closing quote with a native search.
      i = closingQuote(body, i);
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++elements > MAX_ELEMENTS_PER_REQUEST) throw tooManyElements();
      if (++depth > MAX_BODY_DEPTH) throw tooDeep();
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    } else if (byte === 0x2c) {
      if (++elements > MAX_ELEMENTS_PER_REQUEST) throw tooManyElements();
    }
  }
}

/** Index of the quote that closes the string opened at `open` (one not escaped by a backslash); the end when none does. */
function closingQuote(body: Uint8Array, open: number): number {
  let quote = open;
  for (;;) {
    quote = body.indexOf(0x22, quote + 1);
    if (quote < 0) return body.length;
    let backslashes = 0;
    while (body[quote - 1 - backslashes] === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
}

/** For each OTLP message, which field numbers hold which sub-message (only those need walking). */
const OTLP_SUBMESSAGES: Record<string, Record<number, string>> = {
  ExportTraceServiceRequest: { 1: 'ResourceSpans' },
  ResourceSpans: { 1: 'Resource', 2: 'ScopeSpans' },
  Resource: { 1: 'KeyValue' },
  ScopeSpans: { 1: 'InstrumentationScope', 2: 'Span' },
  InstrumentationScope: { 3: 'KeyValue' },
  Span: { 9: 'KeyValue', 11: 'Event', 13: 'Link', 15: 'Status' },
  Event: { 3: 'KeyValue' },
  Link: { 4: 'KeyValue' },
  Status: {},
  KeyValue: { 2: 'AnyValue' },
  AnyValue: { 5: 'ArrayValue', 6: 'KeyValueList' },
  ArrayValue: { 1: 'AnyValue' },
  KeyValueList: { 1: 'KeyValue' },
};

/**
 * Counts the fields of a protobuf `ExportTraceServiceRequest` with
 * protobufjs's `Reader`, without decoding: `decode` would first build every
 * message (15 M empty spans fit in 30 MB, 29 KB gzipped). An explicit stack
 * instead of recursion bounds the depth. Malformed wire data stops the
 * count; the decoder then reports it.
 */
export function checkProtobufElements(body: Uint8Array): void {
  const reader = protobuf.Reader.create(body);
  const stack: Array<{ type: string; end: number }> = [
    { type: 'ExportTraceServiceRequest', end: body.length },
  ];
  let elements = 0;
  try {
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (reader.pos >= top.end) {
        stack.pop();
        continue;
      }
      const tag = reader.uint32();
      if (++elements > MAX_ELEMENTS_PER_REQUEST) throw tooManyElements();
      const child = OTLP_SUBMESSAGES[top.type]![tag >>> 3];
      if (child !== undefined && (tag & 7) === 2) {
        const length = reader.uint32();
        const end = reader.pos + length;
        if (end > top.end) return;
        if (stack.length >= MAX_BODY_DEPTH) throw tooDeep();
        stack.push({ type: child, end });
      } else {
        reader.skipType(tag & 7);
      }
    }
  } catch (error) {
    if (error instanceof LimitExceededError || error instanceof InvalidInputError) throw error;
    // Malformed: decoding reports it with protobufjs's message.
  }
}

const lengthOf = (value: unknown): number => (Array.isArray(value) ? value.length : 0);
const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === 'object' && Object.hasOwn(value, key)
    ? (value as Record<string, unknown>)[key]
    : undefined;

/**
 * Checks the per-request and per-span counts of a parsed OTLP request
 * before validation, so that zod never walks more than the limits allow.
 * Whatever is not an array here is left for the schema to refuse.
 */
export function checkOtlpCounts(request: unknown): void {
  let spans = 0;
  for (const resourceSpans of asArray(field(request, 'resourceSpans'))) {
    const resource = field(resourceSpans, 'resource');
    checkCount(lengthOf(field(resource, 'attributes')), MAX_ATTRIBUTES_PER_SPAN, 'attributes of a resource');
    for (const scopeSpans of asArray(field(resourceSpans, 'scopeSpans'))) {
      const list = asArray(field(scopeSpans, 'spans'));
      spans += list.length;
      checkCount(spans, MAX_SPANS_PER_REQUEST, 'spans in one request');
      for (const span of list) {
        checkCount(lengthOf(field(span, 'attributes')), MAX_ATTRIBUTES_PER_SPAN, 'attributes of a span');
        const events = asArray(field(span, 'events'));
        checkCount(events.length, MAX_EVENTS_PER_SPAN, 'events of a span');
        for (const event of events) {
          checkCount(lengthOf(field(event, 'attributes')), MAX_ATTRIBUTES_PER_SPAN, 'attributes of an event');
        }
        const links = asArray(field(span, 'links'));
        checkCount(links.length, MAX_LINKS_PER_SPAN, 'links of a span');
        for (const link of links) {
          checkCount(lengthOf(field(link, 'attributes')), MAX_ATTRIBUTES_PER_SPAN, 'attributes of a link');
        }
      }
    }
  }
}

/** Counts the members of an object of attributes (TraceData) without listing its keys. */
function memberCount(value: unknown, limit: number): number {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 0;
  let count = 0;
  for (const key in value) if (Object.hasOwn(value, key) && ++count > limit) break;
  return count;
}

/**
 * The same counts for Genkit `TraceData` bodies (one trace or an array);
 * `spansSoFar` carries the request's total across the traces of an array.
 * Returns the new total.
 */
export function checkTraceDataCounts(trace: unknown, spansSoFar: number): number {
  const spans = field(trace, 'spans');
  if (spans === null || typeof spans !== 'object') return spansSoFar;
  let total = spansSoFar;
  for (const key in spans) {
    if (!Object.hasOwn(spans, key)) continue;
    checkCount(++total, MAX_SPANS_PER_REQUEST, 'spans in one request');
    const span = (spans as Record<string, unknown>)[key];
    const limit = MAX_ATTRIBUTES_PER_SPAN;
    checkCount(memberCount(field(span, 'attributes'), limit), limit, 'attributes of a span');
    const events = asArray(field(field(span, 'timeEvents'), 'timeEvent'));
    checkCount(events.length, MAX_EVENTS_PER_SPAN, 'events of a span');
    for (const event of events) {
      const attributes = field(field(event, 'annotation'), 'attributes');
      checkCount(memberCount(attributes, limit), limit, 'attributes of an event');
    }
    const links = asArray(field(span, 'links'));
    checkCount(links.length, MAX_LINKS_PER_SPAN, 'links of a span');
    for (const link of links) {
      checkCount(memberCount(field(link, 'attributes'), limit), limit, 'attributes of a link');
    }
  }
  return total;
}

function checkCount(count: number, limit: number, what: string): void {
  if (count > limit) throw new LimitExceededError(`too many ${what}: more than ${limit}`);
}
