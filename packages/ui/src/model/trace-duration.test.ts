import { describe, expect, it } from 'vitest';
import { makeSummary } from '../test-support/make-summary';
import { traceDuration } from './trace-duration';

describe('traceDuration: one rule for list and header', () => {
  it('is endTime - startTime once the root ended', () => {
    expect(traceDuration(makeSummary({ startTime: 1000, endTime: 4500, status: 'ok' }), 99_000)).toEqual({
      ms: 3500,
      ticking: false,
    });
  });

  it('is frozen at staleSince - startTime when stale, whatever the time now', () => {
    const stale = makeSummary({ startTime: 1000, status: 'stale', staleSince: 44_300, lastSeen: 44_300 });
    expect(traceDuration(stale, 50_000)).toEqual({ ms: 43_300, ticking: false });
    expect(traceDuration(stale, 500_000)).toEqual({ ms: 43_300, ticking: false });
  });

  it('falls back to lastSeen for a stale trace from a server that sends no staleSince', () => {
    expect(traceDuration(makeSummary({ startTime: 1000, status: 'stale', lastSeen: 1502 }), 9_000).ms).toBe(
      502,
    );
  });

  it('ticks with now while running', () => {
    const running = makeSummary({ startTime: 1000 });
    expect(traceDuration(running, 2500)).toEqual({ ms: 1500, ticking: true });
    expect(traceDuration(running, 3500)).toEqual({ ms: 2500, ticking: true });
  });

  it('stops at lastSeen for a trace that finished without its root', () => {
    expect(traceDuration(makeSummary({ startTime: 1000, status: 'ok', lastSeen: 1800 }), 9_000)).toEqual({
      ms: 800,
      ticking: false,
    });
  });
});
