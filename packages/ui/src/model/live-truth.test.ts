import { describe, expect, it } from 'vitest';
import { makeSummary } from '../test-support/make-summary';
import { formatClock } from './format';
import { silenceNote, staleLabel, staleSentence, staleSpanTitle } from './live-truth';

describe('silenceNote', () => {
  it('states how long a running trace without heartbeats has been silent, from 10 s on', () => {
    const trace = makeSummary({ lastSeen: 100_000 });
    expect(silenceNote(trace, 109_999)).toBeUndefined();
    expect(silenceNote(trace, 110_000)).toBe('no update for 10 s');
    expect(silenceNote(trace, 145_000)).toBe('no update for 45 s');
    expect(silenceNote(trace, 280_000)).toBe('no update for 3 m');
  });

  it('says nothing for senders with heartbeats or for traces that are not running', () => {
    expect(silenceNote(makeSummary({ lastSeen: 0 + 1, heartbeatMs: 5000 }), 60_000)).toBeUndefined();
    expect(silenceNote(makeSummary({ lastSeen: 1, status: 'stale' }), 60_000)).toBeUndefined();
    expect(silenceNote(makeSummary({ lastSeen: 1, status: 'ok' }), 60_000)).toBeUndefined();
  });
});

describe('stale wording', () => {
  it('names the reason and the last sign of life', () => {
    const since = Date.UTC(2026, 0, 1, 10, 42, 3, 120);
    expect(staleLabel('app exited with code 1')).toBe('stopped: app exited with code 1');
    expect(staleSentence('app exited with code 1', since)).toBe(
      `Stopped: app exited with code 1. Last sign of life ${formatClock(since)}.`,
    );
    expect(staleSpanTitle({ staleReason: 'app killed by SIGKILL', staleSince: since })).toBe(
      `stopped: app killed by SIGKILL · last sign of life ${formatClock(since)}`,
    );
  });

  it('still says the run stopped when the server gave no reason', () => {
    expect(staleLabel(undefined)).toBe('stopped: no sign of life');
    expect(staleSentence(undefined, undefined)).toBe('Stopped: its run went silent.');
  });
});
