import { describe, expect, it } from 'vitest';
import { makeSpan } from '../test-support/make-span';
import { exceptionOf, spanState } from './span-state';
import { traceStats, traceStatusOf } from './trace-stats';

describe('traceStats and traceStatusOf', () => {
  it('counts live, stale, errors and placeholders in one pass', () => {
    const stats = traceStats([
      makeSpan({ spanId: 'root', endTime: 0, startTime: 10 }),
      makeSpan({ parentSpanId: 'root', status: { code: 2 }, startTime: 20, endTime: 40 }),
      makeSpan({ parentSpanId: 'root', endTime: 0, stale: true, startTime: 30, staleSince: 55 }),
      makeSpan({ spanId: 'ph', placeholder: true, startTime: 0, endTime: 0 }),
    ]);
    expect(stats).toMatchObject({
      start: 10,
      end: 55,
      received: 3,
      running: 1,
      errors: 1,
      stale: 1,
      placeholders: 1,
      longest: 20,
      staleSince: 55,
    });
    expect(stats.root?.spanId).toBe('root');
    // One span is still live, so the trace runs.
    expect(traceStatusOf(stats, null)).toBe('running');
  });

  it("is stale once every open span is stale, with the root span's reason", () => {
    const stats = traceStats([
      makeSpan({
        spanId: 'root',
        endTime: 0,
        stale: true,
        staleReason: 'app exited with code 1',
        staleSince: 90,
      }),
      makeSpan({ parentSpanId: 'root', endTime: 0, stale: true, staleReason: 'other', staleSince: 90 }),
    ]);
    expect(stats).toMatchObject({
      running: 0,
      stale: 2,
      staleReason: 'app exited with code 1',
      staleSince: 90,
    });
    expect(traceStatusOf(stats, null)).toBe('stale');
  });

  it('follows the root: running, then ok or error when it ends', () => {
    const running = traceStats([makeSpan({ spanId: 'r', endTime: 0 })]);
    expect(traceStatusOf(running, null)).toBe('running');
    expect(traceStatusOf(traceStats([makeSpan({ spanId: 'r' })]), null)).toBe('ok');
    expect(traceStatusOf(traceStats([makeSpan({ spanId: 'r', status: { code: 2 } })]), null)).toBe('error');
  });

  it('without a root, reports an error if any span failed', () => {
    const stats = traceStats([makeSpan({ parentSpanId: 'missing', status: { code: 2 } })]);
    expect(traceStatusOf(stats, null)).toBe('error');
  });
});

describe('spanState and exceptionOf', () => {
  it('names the display state of a span', () => {
    expect(spanState(makeSpan({ placeholder: true }))).toBe('placeholder');
    expect(spanState(makeSpan({ endTime: 0 }))).toBe('running');
    expect(spanState(makeSpan({ endTime: 0, stale: true }))).toBe('stale');
    expect(spanState(makeSpan({ status: { code: 2, message: 'boom' } }))).toBe('error');
    expect(spanState(makeSpan({ status: { code: 1 } }))).toBe('ok');
  });

  it('finds the stack of an exception event', () => {
    const span = makeSpan({
      timeEvents: {
        timeEvent: [
          { time: 1, annotation: { description: 'retry', attributes: {} } },
          {
            time: 2,
            annotation: {
              description: 'exception',
              attributes: { 'exception.message': 'boom', 'exception.stacktrace': 'Error: boom\n  at x' },
            },
          },
        ],
      },
    });
    expect(exceptionOf(span)).toEqual({ message: 'boom', type: undefined, stack: 'Error: boom\n  at x' });
    expect(exceptionOf(makeSpan())).toBeUndefined();
  });
});
