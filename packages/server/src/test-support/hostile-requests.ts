import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import {
  badAttributes,
  badContentType,
  badId,
  badTime,
  deepValue,
  hexId,
  invalidUtf8,
  Raw,
  serialize,
  truncated,
  withBytesInside,
} from './hostile-values.js';
import { nestedAttribute, otlpProtoRequest, statusWithCode, stringAttribute } from './otlp-proto-writer.js';

/** One request a hostile or broken client might send. */
export interface HostileRequest {
  kind: string;
  path: string;
  headers: Record<string, string>;
  body: Uint8Array | string;
  /** Random protobuf bytes can decode as a valid (even empty) request, so a 200 is fine for them. */
  mayBeAccepted?: boolean;
}

const JSON_TYPE = { 'content-type': 'application/json' };
const PROTOBUF_TYPE = { 'content-type': 'application/x-protobuf' };

/** Mutations of a valid document: [label, change]. `doc` is a fresh copy each time. */
type Mutation = fc.Arbitrary<[string, (doc: Record<string, unknown>) => unknown]>;

const set =
  (path: string[], value: unknown) =>
  (doc: Record<string, unknown>): unknown => {
    let target = doc as Record<string, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
    target[path.at(-1)!] = value;
    return doc;
  };
const remove =
  (path: string[]) =>
  (doc: Record<string, unknown>): unknown => {
    let target = doc as Record<string, unknown>;
    for (const key of path.slice(0, -1)) target = target[key] as Record<string, unknown>;
    delete target[path.at(-1)!];
    return doc;
  };
const change = (label: string, path: string[], values: fc.Arbitrary<unknown>): Mutation =>
  values.map((value) => [`${label}=${serialize(value)?.slice(0, 60)}`, set(path, value)]);

function traceData(traceId: string, rootId: string, childId: string) {
  const span = (spanId: string, extra: object) => ({
    spanId,
    traceId,
    startTime: 1_700_000_000_000,
    endTime: 1_700_000_000_500,
    attributes: { 'genkit:name': 'fuzz' },
    displayName: 'root',
    instrumentationLibrary: { name: 'fuzz' },
    spanKind: 'INTERNAL',
    ...extra,
  });
  return {
    traceId,
    spans: { [rootId]: span(rootId, {}), [childId]: span(childId, { parentSpanId: rootId }) },
  };
}

const traceIds = fc.tuple(hexId(32), hexId(16), hexId(16)).filter(([, a, b]) => a !== b);

/** Malformed Genkit `TraceData` bodies for `POST /api/traces`: each must get a 4xx. */
export function hostileTraceData(bodyLimit: number): fc.Arbitrary<HostileRequest> {
  return traceIds.chain(([traceId, rootId, childId]) => {
    const s = (field: string) => ['spans', childId, field];
    const mutations: Mutation[] = [
      change('traceId', ['traceId'], badId(32)),
      change(
        'span.traceId',
        s('traceId'),
        fc.oneof(
          badId(32),
          hexId(32).filter((id) => id !== traceId),
        ),
      ),
      change('spanId', s('spanId'), badId(16)),
      change('parentSpanId', s('parentSpanId'), badId(16)),
      change('startTime', s('startTime'), badTime),
      change('endTime', s('endTime'), badTime),
      change('displayName', s('displayName'), fc.oneof(fc.integer(), fc.constant(null), fc.constant([]))),
      change('attributes', s('attributes'), badAttributes),
      change(
        'status',
        s('status'),
        fc.oneof(fc.integer({ min: 3 }), fc.constantFrom(-1, 1.5, '2', null)).map((code) => ({ code })),
      ),
      change(
        'timeEvents',
        s('timeEvents'),
        fc.oneof(
          fc.constant({ timeEvent: 'x' }),
          badTime.map((time) => ({
            timeEvent: [{ time, annotation: { description: 'e', attributes: {} } }],
          })),
          deepValue.map((deep) => ({
            timeEvent: [{ time: 1, annotation: { description: 'e', attributes: { deep } } }],
          })),
        ),
      ),
      change('links', s('links'), fc.constantFrom('x', [{ context: { traceId: 5 } }], [5])),
      change('instrumentationLibrary', s('instrumentationLibrary'), fc.constantFrom(null, 'x', { name: 5 })),
      change('spanKind', s('spanKind'), fc.constantFrom(5, null, {})),
      change('spans', ['spans'], fc.constantFrom(null, 'spans', 5, true)),
      fc.constantFrom('traceId', 'spans').map((key) => [`-${key}`, remove([key])]),
      fc
        .constantFrom('spanId', 'traceId', 'startTime', 'displayName')
        .map((key) => [`-span.${key}`, remove(s(key))]),
      fc
        .constantFrom(5, 'text', null, true, [5], [null])
        .map((value) => [`body=${JSON.stringify(value)}`, () => value]),
    ];
    const valid = traceData(traceId, rootId, childId);
    const text = JSON.stringify(valid);
    return fc.oneof(
      fc
        .oneof(...mutations)
        .map(([label, mutate]) => json('/api/traces', `TraceData ${label}`, mutate(structuredClone(valid)))),
      ...bodyLevel('/api/traces', 'TraceData', text, '"root"', bodyLimit, JSON_TYPE),
    );
  });
}

function otlpJson(traceId: string, spanId: string) {
  return {
    resourceSpans: [
      {
        resource: { attributes: [] },
        scopeSpans: [
          {
            scope: { name: 'fuzz' },
            spans: [
              {
                traceId,
                spanId,
                name: 'span',
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000000500000000',
                attributes: [{ key: 'k', value: { stringValue: 'v' } }],
                status: { code: 1 },
              },
            ],
          },
        ],
      },
    ],
  };
}

/** Malformed OTLP/JSON bodies for `POST /v1/traces` and `/api/otlp`: each must get a 4xx. */
export function hostileOtlpJson(bodyLimit: number): fc.Arbitrary<HostileRequest> {
  return fc
    .tuple(hexId(32), hexId(16), fc.constantFrom('/v1/traces', '/api/otlp'))
    .chain(([traceId, spanId, route]) => {
      const s = (field: string) => ['resourceSpans', '0', 'scopeSpans', '0', 'spans', '0', field];
      const deepKv = fc
        .oneof(fc.integer({ min: 33, max: 200 }), fc.constant(10_000))
        .map(
          (depth) =>
            new Raw(
              `${'{"kvlistValue":{"values":[{"key":"a","value":'.repeat(depth)}{"stringValue":"x"}${'}]}}'.repeat(depth)}`,
            ),
        );
      const badValue = fc.oneof(
        fc.constantFrom(
          'str',
          5,
          [1],
          { intValue: 'x' },
          { intValue: 1.5 },
          { boolValue: 'yes' },
          { doubleValue: 'abc' },
        ),
        fc.constantFrom(
          { stringValue: 5 },
          { arrayValue: 5 },
          { arrayValue: { values: 'x' } },
          { kvlistValue: { values: [{ key: 5 }] } },
        ),
        deepKv,
      );
      const badNanos = fc.oneof(
        fc.constantFrom(
          '-1',
          'abc',
          '1.5',
          '1e9',
          '123456789012345678901',
          '',
          -1,
          1.5,
          true,
          null,
          new Raw('1e999'),
        ),
        fc.double({ min: 1e16, noNaN: true }),
      );
      const mutations: Mutation[] = [
        change('traceId', s('traceId'), badId(32)),
        change('spanId', s('spanId'), badId(16)),
        change('parentSpanId', s('parentSpanId'), badId(16)),
        change('start', s('startTimeUnixNano'), badNanos),
        change('end', s('endTimeUnixNano'), badNanos),
        change('name', s('name'), fc.constantFrom(5, null, [], {})),
        change(
          'attributes',
          s('attributes'),
          fc.oneof(
            fc.constantFrom('x', 5, [5], [{ key: 5 }]),
            badValue.map((value) => [{ key: 'k', value }]),
          ),
        ),
        change(
          'status',
          s('status'),
          fc.constantFrom({ code: 3 }, { code: -1 }, { code: 1.5 }, { code: 'STATUS_CODE_BOGUS' }, 'ok'),
        ),
        change('events', s('events'), fc.constantFrom('x', [{ timeUnixNano: 'x' }], [{ attributes: 'x' }])),
        change('links', s('links'), fc.constantFrom('x', [{ traceId: 'zz', spanId: 'zz' }])),
        change('resourceSpans', ['resourceSpans'], fc.constantFrom('x', 5, [5], {}, null)),
        change('scopeSpans', ['resourceSpans', '0', 'scopeSpans'], fc.constantFrom('x', 5, [5], {})),
        change('spans', ['resourceSpans', '0', 'scopeSpans', '0', 'spans'], fc.constantFrom('x', 5, [5], {})),
        fc.constantFrom('traceId', 'spanId').map((key) => [`-span.${key}`, remove(s(key))]),
        fc
          .constantFrom(5, 'text', null, true, [1])
          .map((value) => [`body=${JSON.stringify(value)}`, () => value]),
      ];
      const valid = otlpJson(traceId, spanId);
      return fc.oneof(
        fc
          .oneof(...mutations)
          .map(([label, mutate]) => json(route, `OTLP/JSON ${label}`, mutate(structuredClone(valid)))),
        ...bodyLevel(route, 'OTLP/JSON', JSON.stringify(valid), '"span"', bodyLimit, JSON_TYPE),
      );
    });
}

/** Malformed OTLP protobuf bodies; random bytes and corrupted messages may decode, so they may also get a 200. */
export function hostileOtlpProtobuf(bodyLimit: number): fc.Arbitrary<HostileRequest> {
  const route = fc.constantFrom('/v1/traces', '/api/otlp');
  const ids = fc.tuple(
    fc.uint8Array({ minLength: 16, maxLength: 16 }),
    fc.uint8Array({ minLength: 8, maxLength: 8 }),
  );
  const request = (kind: string, body: Uint8Array, mayBeAccepted = false) =>
    route.map(
      (path): HostileRequest => ({
        kind: `protobuf ${kind}`,
        path,
        headers: PROTOBUF_TYPE,
        body,
        mayBeAccepted,
      }),
    );
  const valid = (traceId: Uint8Array, spanId: Uint8Array) =>
    otlpProtoRequest({
      traceId,
      spanId,
      startNanos: 1.7e18,
      endNanos: 1.7e18 + 5e8,
      attributes: [stringAttribute('k', 'v')],
    });
  return fc.oneof(
    fc
      .tuple(
        fc.integer({ min: 0, max: 40 }).filter((n) => n !== 16),
        ids,
      )
      .chain(([n, [, spanId]]) =>
        request(`traceId of ${n} bytes`, otlpProtoRequest({ traceId: new Uint8Array(n).fill(7), spanId })),
      ),
    fc
      .tuple(
        fc.integer({ min: 0, max: 20 }).filter((n) => n !== 8),
        ids,
      )
      .chain(([n, [traceId]]) =>
        request(`spanId of ${n} bytes`, otlpProtoRequest({ traceId, spanId: new Uint8Array(n).fill(7) })),
      ),
    fc
      .tuple(fc.oneof(fc.integer({ min: 33, max: 200 }), fc.constant(10_000)), ids)
      .chain(([depth, [traceId, spanId]]) =>
        request(
          `attribute nested ${depth} deep`,
          otlpProtoRequest({ traceId, spanId, attributes: [nestedAttribute(depth)] }),
        ),
      ),
    fc
      .tuple(
        fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).filter((c) => c < 0 || c > 2),
        ids,
      )
      .chain(([code, [traceId, spanId]]) =>
        request(`status code ${code}`, otlpProtoRequest({ traceId, spanId, status: statusWithCode(code) })),
      ),
    ids.chain(([traceId, spanId]) =>
      request(
        'over the body limit',
        otlpProtoRequest({ traceId, spanId, attributes: [stringAttribute('big', 'x'.repeat(bodyLimit))] }),
      ),
    ),
    fc.uint8Array({ maxLength: 300 }).chain((bytes) => request('random bytes', bytes, true)),
    fc.tuple(ids, fc.nat(), fc.integer({ min: 1, max: 255 })).chain(([[traceId, spanId], at, xor]) => {
      const body = valid(traceId, spanId).slice();
      body[at % body.length]! ^= xor;
      return request(`byte ${at % body.length} flipped`, body, true);
    }),
    fc.tuple(ids, fc.nat()).chain(([[traceId, spanId], at]) => {
      const body = valid(traceId, spanId);
      return request(`cut at ${at % body.length}`, body.subarray(0, at % body.length), true);
    }),
  );
}

function json(path: string, kind: string, document: unknown): HostileRequest {
  return { kind, path, headers: JSON_TYPE, body: serialize(document) };
}

const bombs = new Map<number, Buffer>();
/** A small gzip that inflates past `limit`. */
function gzipBomb(limit: number): Buffer {
  let bomb = bombs.get(limit);
  if (!bomb) {
    bomb = gzipSync(Buffer.alloc(limit * 8, 0x20), { level: 9 });
    bombs.set(limit, bomb);
  }
  return bomb;
}

/** Breakage below the document: truncation, invalid UTF-8, wrong types and encodings, size. */
function bodyLevel(
  path: string,
  label: string,
  text: string,
  marker: string,
  bodyLimit: number,
  type: Record<string, string>,
): fc.Arbitrary<HostileRequest>[] {
  const request = (kind: string, body: Uint8Array | string, headers = type): HostileRequest => ({
    kind: `${label} ${kind}`,
    path,
    headers,
    body,
  });
  return [
    fc.nat().map((at) => request(`cut at ${at % text.length}`, truncated(text, at))),
    invalidUtf8.map((bytes) => request(`invalid UTF-8 ${bytes}`, withBytesInside(text, marker, bytes))),
    badContentType.map((contentType) => request(`as ${contentType}`, text, { 'content-type': contentType })),
    fc
      .integer({ min: 1, max: 1000 })
      .map((extra) =>
        request(
          `over the limit by ${extra}`,
          text.replace(marker, JSON.stringify('x'.repeat(bodyLimit + extra))),
        ),
      ),
    fc.constant(request('gzip bomb', gzipBomb(bodyLimit), { ...type, 'content-encoding': 'gzip' })),
    fc
      .uint8Array({ maxLength: 64 })
      .map((bytes) => request('bad gzip', bytes, { ...type, 'content-encoding': 'gzip' })),
    fc
      .constantFrom('br', 'deflate', 'compress', 'gzip, gzip')
      .map((encoding) =>
        request(`Content-Encoding ${encoding}`, text, { ...type, 'content-encoding': encoding }),
      ),
  ];
}
