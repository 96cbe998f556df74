import type { TraceSummary } from '../api/schemas';

/** A running trace summary with sensible defaults; override what the test is about. */
export function makeSummary(overrides: Partial<TraceSummary> = {}): TraceSummary {
  return {
    traceId: '0af7651916cd43dd8448eb211c80319c',
    displayName: 'chatFlow',
    startTime: 1000,
    endTime: 0,
    status: 'running',
    spanCount: 2,
    runningCount: 2,
    staleCount: 0,
    errorCount: 0,
    lastSeen: 1000,
    hasRoot: true,
    realtime: true,
    ...overrides,
  };
}
