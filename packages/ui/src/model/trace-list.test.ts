import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../api/schemas';
import { mergeSummary } from './merge-summary';
import { matchesFilter, visibleTraces } from './trace-list';

function summary(overrides: Partial<TraceSummary>): TraceSummary {
  return {
    traceId: 't',
    displayName: 'chatFlow',
    startTime: 0,
    endTime: 0,
    status: 'running',
    spanCount: 1,
    runningCount: 1,
    staleCount: 0,
    errorCount: 0,
    lastSeen: 0,
    hasRoot: true,
    realtime: true,
    ...overrides,
  };
}

describe('trace list filtering', () => {
  it('matches names case-insensitively and statuses exactly', () => {
    const trace = summary({ displayName: 'ChatFlow', status: 'ok' });
    expect(matchesFilter(trace, { name: 'chat', status: 'all' })).toBe(true);
    expect(matchesFilter(trace, { name: 'flowx', status: 'all' })).toBe(false);
    expect(matchesFilter(trace, { name: '', status: 'running' })).toBe(false);
    expect(matchesFilter(trace, { name: '', status: 'ok' })).toBe(true);
  });

  it('lists newest first with a stable tie-break', () => {
    const list = visibleTraces(
      [
        summary({ traceId: 'b', startTime: 5 }),
        summary({ traceId: 'c', startTime: 9 }),
        summary({ traceId: 'a', startTime: 5 }),
        summary({ traceId: 'd', startTime: 1, status: 'ok' }),
      ],
      { name: '', status: 'running' },
    );
    expect(list.map((trace) => trace.traceId)).toEqual(['c', 'a', 'b']);
  });
});

describe('mergeSummary', () => {
  it('keeps the summary with the later lastSeen, preferring the incoming on ties', () => {
    const older = summary({ lastSeen: 10, status: 'running' });
    const newer = summary({ lastSeen: 20, status: 'ok' });
    expect(mergeSummary(newer, older)).toBe(newer);
    expect(mergeSummary(older, newer)).toBe(newer);
    const stale = summary({ lastSeen: 10, status: 'stale' });
    expect(mergeSummary(older, stale)).toBe(stale);
    expect(mergeSummary(undefined, older)).toBe(older);
  });
});
