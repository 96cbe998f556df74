import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { makeSpan } from './test-support/factories.js';
import { badId, hexId } from './test-support/hostile-values.js';
import { parseEnvelope, parseSpan, spanSchema, traceEnvelopeSchema } from './trace-data-schema.js';

const optional = { requiredKeys: [] as never[] };
/** Attribute maps, sometimes not a map or nested past the limit. */
const attributes = fc.oneof(
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }),
  fc.jsonValue({ maxDepth: 1 }),
  fc.constant({ deep: JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`) }),
);
const time = fc.oneof(fc.nat(), fc.constantFrom(-1, 1.5, 8.64e15, 8.64e15 + 2, '1'));
const id = (length: number) =>
  fc.oneof({ weight: 4, arbitrary: hexId(length) }, { weight: 1, arbitrary: badId(length) });

/** Span-like values as a client might send them: valid ones, extra keys, and every field sometimes wrong. */
const spans = fc.record(
  {
    extra: fc.jsonValue({ maxDepth: 2 }),
    truncated: fc.oneof(fc.boolean(), fc.string()),
    displayName: fc.oneof(
      { weight: 4, arbitrary: fc.string({ maxLength: 8 }) },
      { weight: 1, arbitrary: fc.nat() },
    ),
    spanId: id(16),
    traceId: id(32),
    parentSpanId: fc.oneof(id(16), fc.constant('')),
    startTime: time,
    endTime: time,
    attributes,
    links: fc.array(
      fc.record(
        {
          droppedAttributesCount: fc.oneof(fc.nat(), fc.string()),
          context: fc.record(
            {
              spanId: fc.string(),
              traceId: fc.string(),
              isRemote: fc.boolean(),
              traceFlags: fc.nat(),
              x: fc.nat(),
            },
            optional,
          ),
          attributes,
        },
        optional,
      ),
      { maxLength: 2 },
    ),
    instrumentationLibrary: fc.record(
      { version: fc.string(), name: fc.oneof(fc.string(), fc.nat()), schemaUrl: fc.string(), x: fc.nat() },
      optional,
    ),
    spanKind: fc.oneof(fc.constantFrom('SERVER', 'INTERNAL'), fc.nat()),
    sameProcessAsParentSpan: fc.record({ value: fc.oneof(fc.boolean(), fc.nat()) }, optional),
    status: fc.record({ message: fc.string(), code: fc.integer({ min: -1, max: 3 }) }, optional),
    timeEvents: fc.record(
      {
        timeEvent: fc.array(
          fc.record(
            { annotation: fc.record({ description: fc.string(), attributes }, optional), time, x: fc.nat() },
            optional,
          ),
          { maxLength: 2 },
        ),
      },
      optional,
    ),
  },
  { requiredKeys: ['spanId', 'traceId', 'startTime', 'displayName'] },
);

/** TraceData envelopes: spans are left to `parseSpan`; keys like `__proto__`, extra keys, bad resources. */
const envelopes = fc.record(
  {
    extra: fc.jsonValue({ maxDepth: 2 }),
    spans: fc.oneof(
      fc.dictionary(fc.constantFrom('__proto__', 'a', 'b'), fc.jsonValue({ maxDepth: 1 })),
      fc.jsonValue({ maxDepth: 1 }),
    ),
    traceId: id(32),
    displayName: fc.oneof(fc.string({ maxLength: 8 }), fc.nat()),
    endTime: time,
    startTime: time,
    resource: fc.record({ x: fc.nat(), attributes }, optional),
    resources: fc.dictionary(
      fc.constantFrom('__proto__', 'r1', 'r2'),
      fc.record({ x: fc.nat(), attributes }, optional),
      { maxKeys: 3 },
    ),
  },
  { requiredKeys: ['traceId', 'spans'] },
);

/** JSON text as a client sends it, `__proto__` keys included (JSON.stringify of an object cannot write those). */
const withProto = (text: string) => text.replaceAll('"__proto_":', '"__proto__":');

/** zod's answer, and ours, for a value as JSON.parse would give it. */
function bothAnswers(
  value: unknown,
  parse: (value: unknown) => z.ZodSafeParseResult<unknown> = parseSpan,
  schema: { safeParse(value: unknown): z.ZodSafeParseResult<unknown> } = spanSchema,
) {
  const text = withProto(JSON.stringify(value, (_key, v: unknown) => renameProto(v)));
  return { ours: parse(JSON.parse(text)), zods: schema.safeParse(JSON.parse(text)) };
}

/** Both accept with the same value, keys in the same order, or both refuse with the same first issue. */
function expectSameAnswer({ ours, zods }: ReturnType<typeof bothAnswers>): void {
  expect(ours.success).toBe(zods.success);
  if (ours.success && zods.success) {
    expect(ours.data).toStrictEqual(zods.data);
    expect(JSON.stringify(ours.data)).toBe(JSON.stringify(zods.data));
  } else {
    expect(ours.error?.issues[0]).toEqual(zods.error?.issues[0]);
  }
}

/** fast-check's `__proto__` dictionary keys are own properties; written as `__proto_` for `withProto` to restore. */
function renameProto(value: unknown): unknown {
  if (
    value === null ||
    typeof value !== 'object' ||
    Array.isArray(value) ||
    !Object.hasOwn(value, '__proto__')
  )
    return value;
  const { ['__proto__']: proto, ...rest } = Object.fromEntries(Object.entries(value));
  return { ...rest, __proto_: proto };
}

describe('span validation', () => {
  it('accepts what zod accepts, with the same value in the same key order, and refuses with the same issue', () => {
    fc.assert(
      fc.property(spans, (value) => {
        expectSameAnswer(bothAnswers(value));
      }),
      { numRuns: 3_000 },
    );
  });

  it('accepts envelopes as zod does, dropping `__proto__` keys of records as zod does', () => {
    let protoKeys = 0;
    fc.assert(
      fc.property(envelopes, (value) => {
        if (JSON.stringify(value).includes('__proto__')) protoKeys++;
        expectSameAnswer(bothAnswers(value, parseEnvelope, traceEnvelopeSchema));
      }),
      { numRuns: 2_000 },
    );
    expect(protoKeys).toBeGreaterThan(0);
  });

  it('fills in defaults and drops unknown keys of a minimal span as zod does', () => {
    const { spanId, traceId, startTime, displayName } = makeSpan();
    const { ours, zods } = bothAnswers({ extra: 1, displayName, startTime, traceId, spanId });
    expect(ours.data).toStrictEqual(zods.data);
    expect(JSON.stringify(ours.data)).toBe(JSON.stringify(zods.data));
    expect(ours.data).toMatchObject({ endTime: 0, attributes: {}, spanKind: 'INTERNAL' });
  });
});
