import { describe, expect, it } from 'vitest';
import { InvalidInputError } from './input-errors.js';
import { otlpRequestSchema } from './otlp-schema.js';
import { nanosToMs, otlpToSpans, toValue } from './otlp-to-spans.js';

const TRACE = '5b8efff798038103d269b633813fc60c';
const convert = (
  span: Record<string, unknown>,
  scope: Record<string, unknown> = { name: 'lib', version: '1.2' },
) => otlpToSpans(otlpRequestSchema.parse({ resourceSpans: [{ scopeSpans: [{ scope, spans: [span] }] }] }));

describe('nanosToMs', () => {
  it('converts exactly in BigInt, beyond float precision, rounding half up', () => {
    expect(nanosToMs('1700000000123456789')).toBe(1_700_000_000_123);
    expect(nanosToMs('1700000000123500000')).toBe(1_700_000_000_124);
    expect(nanosToMs(0)).toBe(0);
    expect(nanosToMs(undefined)).toBe(0);
  });
});

describe('toValue', () => {
  it('keeps every AnyValue kind', () => {
    expect(toValue({ stringValue: 's' }, 'p')).toBe('s');
    expect(toValue({ boolValue: false }, 'p')).toBe(false);
    expect(toValue({ intValue: '42' }, 'p')).toBe(42);
    expect(toValue({ intValue: 7 }, 'p')).toBe(7);
    expect(toValue({ intValue: '9223372036854775807' }, 'p')).toBe('9223372036854775807');
    expect(toValue({ intValue: '-9007199254740993' }, 'p')).toBe('-9007199254740993');
    expect(toValue({ doubleValue: 1.5 }, 'p')).toBe(1.5);
    expect(toValue({ bytesValue: 'AQID' }, 'p')).toBe('AQID');
    expect(toValue({ arrayValue: { values: [{ intValue: '1' }, { stringValue: 'x' }] } }, 'p')).toEqual([
      1,
      'x',
    ]);
    expect(toValue({ kvlistValue: { values: [{ key: 'k', value: { boolValue: true } }] } }, 'p')).toEqual({
      k: true,
    });
    expect(toValue({}, 'p')).toBeNull();
  });

  it('names the path of a malformed value', () => {
    try {
      toValue({ arrayValue: { values: [{ intValue: 'x' }] } }, 'attributes.0.value');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).path).toBe('attributes.0.value.arrayValue.values.0.intValue');
    }
  });
});

describe('otlpToSpans', () => {
  it('converts a span with events, links, status and scope', () => {
    const [span] = convert({
      traceId: TRACE.toUpperCase(),
      spanId: '051581bf3cb55c13',
      parentSpanId: 'abcdef0123456789',
      name: 'work',
      kind: 3,
      startTimeUnixNano: '1700000000000000000',
      endTimeUnixNano: '1700000000250000000',
      attributes: [{ key: 'http.status', value: { intValue: '200' } }],
      events: [{ timeUnixNano: '1700000000100000000', name: 'tick', attributes: [] }],
      links: [{ traceId: TRACE, spanId: '051581bf3cb55c14', flags: 257 }],
      status: { code: 2, message: 'boom' },
    });
    expect(span).toEqual({
      traceId: TRACE,
      spanId: '051581bf3cb55c13',
      parentSpanId: 'abcdef0123456789',
      startTime: 1_700_000_000_000,
      endTime: 1_700_000_000_250,
      attributes: { 'http.status': 200 },
      displayName: 'work',
      instrumentationLibrary: { name: 'lib', version: '1.2' },
      spanKind: 'CLIENT',
      status: { code: 2, message: 'boom' },
      timeEvents: {
        timeEvent: [{ time: 1_700_000_000_100, annotation: { description: 'tick', attributes: {} } }],
      },
      links: [{ context: { traceId: TRACE, spanId: '051581bf3cb55c14', traceFlags: 1 }, attributes: {} }],
    });
  });

  it('treats a zero or missing end time as in progress and an empty parent as none', () => {
    const [a] = convert({
      traceId: TRACE,
      spanId: '051581bf3cb55c13',
      parentSpanId: '',
      endTimeUnixNano: '0',
    });
    expect(a).toMatchObject({ endTime: 0, spanKind: 'INTERNAL' });
    expect(a).not.toHaveProperty('parentSpanId');
  });

  it('accepts enum names for kind and status code', () => {
    const [a] = convert({
      traceId: TRACE,
      spanId: '051581bf3cb55c13',
      kind: 'SPAN_KIND_SERVER',
      status: { code: 'STATUS_CODE_OK' },
    });
    expect(a).toMatchObject({ spanKind: 'SERVER', status: { code: 1 } });
  });
});
