import { describe, expect, it } from 'vitest';
import { PostgresRecentDurations } from './postgres-recent-durations.js';

describe('PostgresRecentDurations', () => {
  it('holds what was read, adds committed runs to held paths only, and reads a path again once held too long', () => {
    let now = 1_000;
    const recent = new PostgresRecentDurations(() => now, 10_000);
    expect(recent.missing(['/a', '/b', '/a'])).toEqual(['/a', '/b']);
    recent.put(['/a', '/b'], new Map([['/a', [10, 20]]]));
    expect(recent.missing(['/a', '/b'])).toEqual([]);
    expect(recent.usual(['/a', '/b'])).toEqual(new Map());
    recent.add([
      { path: '/a', durationMs: 30 },
      { path: '/c', durationMs: 5 },
    ]);
    expect(recent.usual(['/a', '/c'])).toEqual(new Map([['/a', { usualDurationMs: 20, usualP95Ms: 30 }]]));
    expect(recent.missing(['/c'])).toEqual(['/c']);
    now += 10_000;
    // Other instances write the table too: after the refresh interval the table is read again.
    expect(recent.missing(['/a', '/b'])).toEqual(['/a', '/b']);
    recent.put(['/a'], new Map([['/a', [1, 2, 3, 4]]]));
    expect(recent.usual(['/a']).get('/a')).toEqual({ usualDurationMs: 2, usualP95Ms: 4 });
  });

  it('keeps its last 50 runs per path and at most its bound of paths, dropping the longest held', () => {
    const recent = new PostgresRecentDurations(() => 0, 10_000, 2);
    recent.put(['/a'], new Map([['/a', [1, 2, 3]]]));
    recent.add(Array.from({ length: 60 }, (_, i) => ({ path: '/a', durationMs: 100 + i })));
    expect(recent.usual(['/a']).get('/a')).toEqual({ usualDurationMs: 134, usualP95Ms: 157 });
    recent.put(['/b', '/c'], new Map());
    expect(recent.missing(['/a', '/b', '/c'])).toEqual(['/a']);
  });
});
