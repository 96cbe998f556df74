import { describe, expect, it } from 'vitest';
import { mergeSpan } from './merge-span.js';
import { makeSpan } from './test-support/factories.js';

const stored = (span = makeSpan()) => ({
  json: JSON.stringify(span),
  endTime: span.endTime,
  parse: () => span,
});

describe('mergeSpan', () => {
  it('inserts a new running span as span_start and a new complete one as span_end', () => {
    expect(mergeSpan(undefined, makeSpan({ endTime: 0 }))?.kind).toBe('span_start');
    expect(mergeSpan(undefined, makeSpan())?.kind).toBe('span_end');
  });

  it('never regresses a complete span with a late start snapshot', () => {
    expect(mergeSpan(stored(makeSpan({ endTime: 2_000 })), makeSpan({ endTime: 0 }))).toBeUndefined();
  });

  it('treats an identical snapshot as a no-op, running or complete', () => {
    expect(mergeSpan(stored(makeSpan()), makeSpan())).toBeUndefined();
    const running = makeSpan({ endTime: 0, attributes: { a: 1 } });
    expect(mergeSpan(stored(running), { ...running })).toBeUndefined();
  });

  it('completes a running span', () => {
    const change = mergeSpan(stored(makeSpan({ endTime: 0 })), makeSpan({ endTime: 3_000 }));
    expect(change?.kind).toBe('span_end');
    expect(change?.span.endTime).toBe(3_000);
  });

  it('lets newer complete data win and ignores older complete data', () => {
    const done = stored(makeSpan({ endTime: 2_000, attributes: { v: 1 } }));
    expect(mergeSpan(done, makeSpan({ endTime: 2_500, attributes: { v: 2 } }))?.span.attributes).toEqual({
      v: 2,
    });
    expect(mergeSpan(done, makeSpan({ endTime: 1_500, attributes: { v: 0 } }))).toBeUndefined();
  });

  it('unions attributes of running snapshots so a late start cannot erase a heartbeat', () => {
    const heartbeat = makeSpan({
      endTime: 0,
      attributes: { a: 1, progress: 50 },
      timeEvents: { timeEvent: [{ time: 1_500, annotation: { description: 'tick', attributes: {} } }] },
    });
    const change = mergeSpan(stored(heartbeat), makeSpan({ endTime: 0, attributes: { a: 1 } }));
    expect(change).toBeUndefined();
    const update = mergeSpan(stored(heartbeat), makeSpan({ endTime: 0, attributes: { b: 2 } }));
    expect(update?.kind).toBe('span_update');
    expect(update?.span.attributes).toEqual({ a: 1, progress: 50, b: 2 });
    expect(update?.span.timeEvents?.timeEvent).toHaveLength(1);
  });
});
