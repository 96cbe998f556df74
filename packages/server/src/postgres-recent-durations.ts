import type { UsualDuration } from '@livespan/tracing/wire';
import {
  type DurationSample,
  type HeldDurations,
  MAX_DURATION_PATHS,
  usualOfHeld,
  withDuration,
} from './span-durations.js';

/** How long a path's durations read from the table are used before they are read again, in ms. */
const DURATIONS_REFRESH_MS = 10_000;

interface Entry extends HeldDurations {
  readAt: number;
}

/**
 * The recent durations per span path a PostgreSQL store instance holds in
 * memory in front of `span_durations`, so the usual durations a live event
 * carries cost no query once a path is held. Unlike the SQLite store's
 * RecentDurations (recent-durations.ts), other instances write the same
 * table: a path held longer than `refreshMs` counts as missing, so their runs
 * show within that time, and this instance's own runs are added as they
 * commit. Reading is the store's (`missing`, then `put`), with whichever
 * connection it holds. At most `maxPaths` paths; the longest held go first.
 */
export class PostgresRecentDurations {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly refreshMs = DURATIONS_REFRESH_MS,
    private readonly maxPaths = MAX_DURATION_PATHS,
  ) {}

  /** The distinct paths of `paths` not held, or held for longer than the refresh interval. */
  missing(paths: readonly string[]): string[] {
    const oldest = this.now() - this.refreshMs;
    return [...new Set(paths)].filter((path) => !((this.entries.get(path)?.readAt ?? -Infinity) > oldest));
  }

  /** Holds the durations read for `paths` (a path absent from `stored` has none stored). */
  put(paths: readonly string[], stored: ReadonlyMap<string, number[]>): void {
    const readAt = this.now();
    for (const path of paths) {
      // Re-inserted, so the Map's order is the order of reading and the oldest read goes first.
      this.entries.delete(path);
      this.entries.set(path, { durations: stored.get(path) ?? [], readAt, usual: undefined });
    }
    for (const path of this.entries.keys()) {
      if (this.entries.size <= this.maxPaths) break;
      this.entries.delete(path);
    }
  }

  /** Adds committed runs to the paths held; a path not held reads them from the table when asked for. */
  add(samples: readonly DurationSample[]): void {
    for (const { path, durationMs } of samples) {
      const entry = this.entries.get(path);
      if (!entry) continue;
      entry.durations = withDuration(entry.durations, durationMs);
      entry.usual = undefined;
    }
  }

  /** The usual duration of each held path of `paths` that has one. */
  usual(paths: readonly string[]): Map<string, UsualDuration> {
    return usualOfHeld(this.entries, paths);
  }
}
