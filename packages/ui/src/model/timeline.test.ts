import { describe, expect, it } from 'vitest';
import { makeSpan } from '../test-support/make-span';
import {
  barGeometry,
  spanDuration,
  spanInWindow,
  tickCountFor,
  timeFraction,
  timeTicks,
  traceWindow,
  zoomWindow,
} from './timeline';
import { traceStats } from './trace-stats';

describe('traceWindow', () => {
  it('spans the earliest start to the latest end of completed spans', () => {
    const stats = traceStats([
      makeSpan({ startTime: 100, endTime: 300 }),
      makeSpan({ startTime: 200, endTime: 500 }),
    ]);
    expect(traceWindow(stats, 10_000)).toEqual({ start: 100, end: 500 });
  });

  it('extends to now while a span runs', () => {
    const stats = traceStats([
      makeSpan({ startTime: 100, endTime: 0 }),
      makeSpan({ startTime: 150, endTime: 200 }),
    ]);
    expect(traceWindow(stats, 900)).toEqual({ start: 100, end: 900 });
  });

  it('is never empty', () => {
    expect(traceWindow(traceStats([]), 50)).toEqual({ start: 50, end: 51 });
    const point = traceStats([makeSpan({ startTime: 100, endTime: 100 })]);
    expect(traceWindow(point, 0)).toEqual({ start: 100, end: 101 });
  });
});

describe('barGeometry', () => {
  const bounds = { start: 0, end: 1000 };

  it('places completed spans as fractions of the bounds', () => {
    expect(barGeometry(makeSpan({ startTime: 250, endTime: 750 }), bounds, 0)).toEqual({
      left: 0.25,
      width: 0.5,
    });
  });

  it('grows a running span to now', () => {
    const running = makeSpan({ startTime: 500, endTime: 0 });
    expect(barGeometry(running, bounds, 600).width).toBeCloseTo(0.1);
    expect(barGeometry(running, bounds, 900).width).toBeCloseTo(0.4);
  });

  it('overlaps parallel spans', () => {
    const a = barGeometry(makeSpan({ startTime: 100, endTime: 600 }), bounds, 0);
    const b = barGeometry(makeSpan({ startTime: 300, endTime: 800 }), bounds, 0);
    expect(b.left).toBeLessThan(a.left + a.width);
  });

  it('clamps to the bounds', () => {
    expect(barGeometry(makeSpan({ startTime: -500, endTime: 2000 }), bounds, 0)).toEqual({
      left: 0,
      width: 1,
    });
    expect(timeFraction(5000, bounds)).toBe(1);
  });
});

describe('spanDuration', () => {
  it('measures to the end, or to now while running', () => {
    expect(spanDuration(makeSpan({ startTime: 100, endTime: 350 }), 9999)).toBe(250);
    expect(spanDuration(makeSpan({ startTime: 100, endTime: 0 }), 400)).toBe(300);
  });

  it('freezes a stale span at staleSince, not now', () => {
    const stale = makeSpan({ startTime: 100, endTime: 0, stale: true, staleSince: 43_400 });
    expect(spanDuration(stale, 50_000)).toBe(43_300);
    expect(spanDuration(stale, 90_000)).toBe(43_300);
    // An older server sends no staleSince: the trace's lastSeen stands in.
    expect(spanDuration(makeSpan({ startTime: 100, endTime: 0, stale: true }), 90_000, 602)).toBe(502);
  });

  it("ends a stale span's bar at staleSince", () => {
    const stale = makeSpan({ startTime: 0, endTime: 0, stale: true, staleSince: 500 });
    expect(barGeometry(stale, { start: 0, end: 1000 }, 1000)).toEqual({ left: 0, width: 0.5 });
  });
});

describe('timeTicks', () => {
  it('uses a 1-2-5 step and starts at zero', () => {
    expect(timeTicks({ start: 0, end: 1000 }, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks({ start: 10, end: 80 }, 4)).toEqual([0, 20, 40, 60]);
  });

  it('never steps below 1 ms', () => {
    expect(timeTicks({ start: 0, end: 1 }, 5)).toEqual([0, 1]);
  });
});

describe('zoom and readable axis', () => {
  it('labels a zoomed range from the trace start, at ticks inside the range', () => {
    expect(timeTicks({ start: 1250, end: 1750 }, 5, 1000)).toEqual([300, 400, 500, 600, 700]);
  });

  it('fits tick count to the width, so labels never touch (800 px wide page: a ~300 px axis)', () => {
    expect(tickCountFor(300)).toBe(4);
    expect(tickCountFor(900)).toBe(14);
    expect(tickCountFor(20)).toBe(1);
    const ticks = timeTicks({ start: 0, end: 2100 }, tickCountFor(300));
    const closest = Math.min(...ticks.slice(1).map((t, i) => ((t - ticks[i]!) / 2100) * 300));
    expect(closest).toBeGreaterThanOrEqual(64);
  });

  it('zooms to the dragged part, either direction, and ignores a click', () => {
    const view = { start: 1000, end: 2000 };
    expect(zoomWindow(view, 0.6, 0.2)).toEqual({ start: 1200, end: 1600 });
    expect(zoomWindow(view, -1, 2)).toEqual(view);
    expect(zoomWindow(view, 0.5, 0.501)).toBeUndefined();
  });
});

describe('spanInWindow', () => {
  it('says whether a bar reaches into a zoomed range, running spans up to now', () => {
    const view = { start: 100, end: 200 };
    expect(spanInWindow(makeSpan({ startTime: 0, endTime: 99 }), view, 1000)).toBe(false);
    expect(spanInWindow(makeSpan({ startTime: 0, endTime: 100 }), view, 1000)).toBe(true);
    expect(spanInWindow(makeSpan({ startTime: 201, endTime: 300 }), view, 1000)).toBe(false);
    expect(spanInWindow(makeSpan({ startTime: 50, endTime: 0 }), view, 150)).toBe(true);
  });
});
