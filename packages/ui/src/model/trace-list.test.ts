import { describe, expect, it } from 'vitest';
import type { TraceSummary } from '../api/schemas';
import { mergeSummary } from './merge-summary';
import { matchesFilter, NO_FILTER, surelyMatchesQuery, toggleStatus, visibleTraces } from './trace-list';

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
  const none = new Set<string>();

  it('matches statuses from a set and start times from the range', () => {
    const trace = summary({ status: 'ok', startTime: 5000 });
    expect(matchesFilter(trace, NO_FILTER, 10_000)).toBe(true);
    expect(matchesFilter(trace, { ...NO_FILTER, statuses: ['running', 'error'] }, 10_000)).toBe(false);
    expect(matchesFilter(trace, { ...NO_FILTER, statuses: ['error', 'ok'] }, 10_000)).toBe(true);
    const range = { kind: 'custom', since: 6000 } as const;
    expect(matchesFilter(trace, { ...NO_FILTER, range }, 10_000)).toBe(false);
  });

  it('shows a searched trace only when the server found it or its summary proves the match', () => {
    const filter = { ...NO_FILTER, q: 'ORDERS' };
    const found = summary({ traceId: 'found', displayName: 'GET', startTime: 3 });
    const byRoute = summary({ traceId: 'route', displayName: 'GET', route: '/orders', startTime: 2 });
    const unknown = summary({ traceId: 'unknown', displayName: 'GET', startTime: 1 });
    const list = visibleTraces([found, byRoute, unknown], filter, 10, new Set(['found']));
    expect(list.map((trace) => trace.traceId)).toEqual(['found', 'route']);
    expect(surelyMatchesQuery(summary({ serviceName: 'orders-api' }), 'orders')).toBe(true);
  });

  it('lists newest first with a stable tie-break', () => {
    const list = visibleTraces(
      [
        summary({ traceId: 'b', startTime: 5 }),
        summary({ traceId: 'c', startTime: 9 }),
        summary({ traceId: 'a', startTime: 5 }),
        summary({ traceId: 'd', startTime: 1, status: 'ok' }),
      ],
      { ...NO_FILTER, statuses: ['running'] },
      10,
      none,
    );
    expect(list.map((trace) => trace.traceId)).toEqual(['c', 'a', 'b']);
  });

  it('toggles statuses in display order', () => {
    expect(toggleStatus(['ok'], 'running')).toEqual(['running', 'ok']);
    expect(toggleStatus(['running', 'ok'], 'running')).toEqual(['ok']);
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
