import { gzipSync } from 'node:zlib';
import protobuf from 'protobufjs';

/** A request body that is small on the wire but holds very many elements once decoded. */
export interface AmplifiedBody {
  kind: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  /** True for the largest bodies the limits let through: they are stored, not refused. */
  accepted?: boolean;
}

const JSON_GZIP = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
const PROTOBUF_GZIP = { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' };
const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

/** `prefix` + `count` copies of `item` joined by commas + `suffix`, built without a giant array. */
function repeated(prefix: string, item: string, count: number, suffix: string): Buffer {
  return Buffer.from(`${prefix}${`${item},`.repeat(count - 1)}${item}${suffix}`);
}

function lengthDelimited(field: number, content: Uint8Array): Uint8Array {
  return protobuf.Writer.create()
    .uint32((field << 3) | 2)
    .bytes(content)
    .finish();
}

/** An `ExportTraceServiceRequest` whose one scope holds `count` empty spans (2 bytes each). */
function emptyProtobufSpans(count: number): Buffer {
  const spans = Buffer.alloc(count * 2);
  for (let i = 0; i < spans.length; i += 2) spans[i] = 0x12;
  return Buffer.from(lengthDelimited(1, lengthDelimited(2, spans)));
}

/** An OTLP/JSON request with `count` empty `{}` spans. */
function emptyJsonSpans(count: number): Buffer {
  return repeated('{"resourceSpans":[{"scopeSpans":[{"spans":[', '{}', count, ']}]}]}');
}

/** One span with `count` attributes in OTLP/JSON. */
function otlpSpanWithAttributes(spanIndex: number, count: number, value: string): string {
  const attributes = Array.from(
    { length: count },
    (_, i) => `{"key":"k${i}","value":{"stringValue":${JSON.stringify(value)}}}`,
  );
  const spanId = (spanIndex + 1).toString(16).padStart(16, '0');
  return `{"traceId":"${TRACE_ID}","spanId":"${spanId}","name":"s","startTimeUnixNano":"1700000000000000000","endTimeUnixNano":"1700000000500000000","attributes":[${attributes.join(',')}]}`;
}

/** The cases of the issue, each under the 32 MiB body limit once inflated, and more of the same class. */
export function amplifiedBodies(): AmplifiedBody[] {
  const gz = (buffer: Buffer) => gzipSync(buffer, { level: 9 });
  return [
    {
      kind: 'OTLP/JSON, 10.5 M empty spans, gzipped',
      path: '/v1/traces',
      headers: JSON_GZIP,
      body: gz(emptyJsonSpans(10_500_000)),
    },
    {
      kind: 'OTLP protobuf, 15 M empty spans, gzipped',
      path: '/v1/traces',
      headers: PROTOBUF_GZIP,
      body: gz(emptyProtobufSpans(15_000_000)),
    },
    {
      kind: 'OTLP protobuf, 1 M empty spans, gzipped',
      path: '/v1/traces',
      headers: PROTOBUF_GZIP,
      body: gz(emptyProtobufSpans(1_000_000)),
    },
    {
      kind: 'OTLP/JSON, 200k empty spans, plain',
      path: '/v1/traces',
      headers: { 'content-type': 'application/json' },
      body: emptyJsonSpans(200_000),
    },
    {
      kind: 'TraceData, 2 M empty spans entries, gzipped',
      path: '/api/traces',
      headers: JSON_GZIP,
      body: gz(repeated(`{"traceId":"${TRACE_ID}","spans":{`, '"a":{}', 2_000_000, '}}')),
    },
    {
      kind: 'array of 10,000 TraceData with 300 empty spans each, gzipped',
      path: '/api/traces',
      headers: JSON_GZIP,
      body: gz(
        repeated(
          '[',
          `{"traceId":"${TRACE_ID}","spans":{${Array.from({ length: 300 }, (_, i) => `"${i}":{}`).join(',')}}}`,
          10_000,
          ']',
        ),
      ),
    },
    {
      kind: 'OTLP/JSON, one span with 3 M empty events, gzipped',
      path: '/v1/traces',
      headers: JSON_GZIP,
      body: gz(
        repeated(
          `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_ID}","spanId":"0000000000000001","events":[`,
          '{}',
          3_000_000,
          ']}]}]}]}',
        ),
      ),
    },
    {
      kind: 'OTLP/JSON, one span with 3 M empty links, gzipped',
      path: '/v1/traces',
      headers: JSON_GZIP,
      body: gz(
        repeated(
          `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_ID}","spanId":"0000000000000001","links":[`,
          '{}',
          3_000_000,
          ']}]}]}]}',
        ),
      ),
    },
    {
      kind: 'OTLP/JSON, one attribute value of 5 M array items, gzipped',
      path: '/v1/traces',
      headers: JSON_GZIP,
      body: gz(
        repeated(
          `{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"${TRACE_ID}","spanId":"0000000000000001","attributes":[{"key":"a","value":{"arrayValue":{"values":[`,
          '{"intValue":1}',
          5_000_000,
          ']}}}]}]}]}]}',
        ),
      ),
    },
    {
      kind: 'TraceData, one attribute value of a 10 M-item array, gzipped',
      path: '/api/traces',
      headers: JSON_GZIP,
      body: gz(
        repeated(
          `{"traceId":"${TRACE_ID}","spans":{"a":{"traceId":"${TRACE_ID}","spanId":"0000000000000001","startTime":1,"displayName":"x","attributes":{"a":[`,
          '0',
          10_000_000,
          ']}}}}',
        ),
      ),
    },
    {
      kind: 'OTLP/JSON, 2,400 spans of 22 attributes (just under the element limit)',
      accepted: true,
      path: '/v1/traces',
      headers: JSON_GZIP,
      body: gz(
        Buffer.from(
          `{"resourceSpans":[{"scopeSpans":[{"spans":[${Array.from({ length: 2_400 }, (_, i) =>
            otlpSpanWithAttributes(i, 22, 'v'),
          ).join(',')}]}]}]}`,
        ),
      ),
    },
    {
      kind: 'OTLP/JSON, 60 spans of 1,024 attributes of 80 characters (about 7 MiB, just under the element limit)',
      accepted: true,
      path: '/v1/traces',
      headers: JSON_GZIP,
      body: gz(
        Buffer.from(
          `{"resourceSpans":[{"scopeSpans":[{"spans":[${Array.from({ length: 60 }, (_, i) =>
            otlpSpanWithAttributes(i, 1_024, 'x'.repeat(80)),
          ).join(',')}]}]}]}`,
        ),
      ),
    },
  ];
}
