import { describe, expect, it } from 'vitest';
import { causalOrder } from './causal-order.js';
import { makeSpan, spanId } from './test-support/factories.js';

describe('causalOrder', () => {
  it('puts parents before children even when children start earlier or come first', () => {
    const child = makeSpan({ spanId: spanId(2), parentSpanId: spanId(1), startTime: 900 });
    const grandchild = makeSpan({ spanId: spanId(3), parentSpanId: spanId(2), startTime: 800 });
    const root = makeSpan({ spanId: spanId(1), startTime: 1_000 });
    expect(causalOrder([grandchild, child, root]).map((s) => s.spanId)).toEqual([
      spanId(1),
      spanId(2),
      spanId(3),
    ]);
  });

  it('keeps the request order of unrelated spans, and returns an ordered request as is', () => {
    const a = makeSpan({ spanId: spanId(1), startTime: 30, parentSpanId: spanId(9) });
    const b = makeSpan({ spanId: spanId(2), startTime: 10, parentSpanId: spanId(9) });
    const c = makeSpan({ spanId: spanId(3), startTime: 10, parentSpanId: spanId(1) });
    const input = [a, b, c];
    expect(causalOrder(input)).toBe(input);
    expect(causalOrder([c, b, a]).map((s) => s.spanId)).toEqual([spanId(1), spanId(3), spanId(2)]);
  });

  it('sends the running snapshot of a span before its complete one', () => {
    const end = makeSpan({ endTime: 5 });
    const start = makeSpan({ endTime: 0 });
    expect(causalOrder([end, start]).map((s) => s.endTime)).toEqual([0, 5]);
  });

  it('survives a parent cycle', () => {
    const a = makeSpan({ spanId: spanId(1), parentSpanId: spanId(2) });
    const b = makeSpan({ spanId: spanId(2), parentSpanId: spanId(1) });
    expect(causalOrder([a, b])).toHaveLength(2);
  });
});
