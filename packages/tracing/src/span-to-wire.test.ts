import { describe, expect, it } from 'vitest';
import { groupByTrace, hrTimeToMs } from './span-to-wire.js';
import type { SpanData } from './wire/span-data.js';

function makeSpan(overrides: Partial<SpanData>): SpanData {
  return {
    spanId: 'a'.repeat(16),
    traceId: '1'.repeat(32),
    startTime: 1000,
    endTime: 0,
    attributes: {},
    displayName: 'span',
    instrumentationLibrary: { name: 'test' },
    spanKind: 'INTERNAL',
    ...overrides,
  };
}

describe('hrTimeToMs', () => {
  it('converts seconds and nanoseconds to whole milliseconds, keeping [0, 0] as 0', () => {
    expect(hrTimeToMs([1_700_000_000, 123_456_789])).toBe(1_700_000_000_123);
    expect(hrTimeToMs([0, 0])).toBe(0);
  });
});

describe('groupByTrace', () => {
  it('groups spans by trace and takes the trace name and times from the root', () => {
    const root = makeSpan({ spanId: 'r'.repeat(16), displayName: 'root', startTime: 5, endTime: 9 });
    const child = makeSpan({ spanId: 'c'.repeat(16), parentSpanId: root.spanId });
    const other = makeSpan({ traceId: '2'.repeat(32), parentSpanId: 'f'.repeat(16) });
    const traces = groupByTrace([child, root, other]);
    expect(traces).toHaveLength(2);
    expect(traces[0]).toEqual({
      traceId: root.traceId,
      displayName: 'root',
      startTime: 5,
      endTime: 9,
      spans: { [root.spanId]: root, [child.spanId]: child },
    });
    expect(traces[1]).toEqual({ traceId: other.traceId, spans: { [other.spanId]: other } });
  });
});
