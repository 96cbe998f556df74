import type { UsualDuration } from '@livespan/tracing/wire';
import {
  type DurationSample,
  type HeldDurations,
  MAX_DURATION_PATHS,
  usualOfHeld,
  withDuration,
} from './span-durations.js';

/**
 * The recent durations per span path held in memory by a store that owns
 * its database alone (SQLite), in front of its table: a completed span costs
 * an array push, not a row read and write, and changed paths are written
 * back in batches (`takeChanged`). At most `maxPaths` paths are held; the
 * paths held longest are dropped first, unless changed and not yet written
 * (they stay in the table).
 */
export class RecentDurations {
  private readonly entries = new Map<string, HeldDurations>();
  private readonly changed = new Set<string>();

  constructor(
    /** Reads the stored durations of paths not held (absent: none stored). */
    private readonly load: (paths: readonly string[]) => Map<string, number[]>,
    private readonly maxPaths = MAX_DURATION_PATHS,
  ) {}

  /** Adds completed runs to their paths. */
  add(samples: readonly DurationSample[]): void {
    if (samples.length === 0) return;
    this.hold(samples.map((sample) => sample.path));
    for (const { path, durationMs } of samples) {
      const entry = this.entries.get(path)!;
      entry.durations = withDuration(entry.durations, durationMs);
      entry.usual = undefined;
      this.changed.add(path);
    }
  }

  /** The usual duration of each of `paths` that has one. */
  usual(paths: readonly string[]): Map<string, UsualDuration> {
    this.hold(paths);
    return usualOfHeld(this.entries, paths);
  }

  /** The paths changed since the last call, with their durations, to write back. */
  takeChanged(): Array<[string, number[]]> {
    const changed = [...this.changed].flatMap((path): Array<[string, number[]]> => {
      const entry = this.entries.get(path);
      return entry ? [[path, entry.durations]] : [];
    });
    this.changed.clear();
    return changed;
  }

  /**
   * Paths are held, loading those missing; the oldest are dropped beyond the
   * bound, except changed ones and those asked for now.
   */
  private hold(paths: readonly string[]): void {
    const wanted = new Set(paths);
    const missing = [...wanted].filter((path) => !this.entries.has(path));
    if (missing.length > 0) {
      const stored = this.load(missing);
      for (const path of missing)
        this.entries.set(path, { durations: stored.get(path) ?? [], usual: undefined });
    }
    if (this.entries.size <= this.maxPaths) return;
    for (const path of this.entries.keys()) {
      if (this.entries.size <= this.maxPaths) break;
      if (!this.changed.has(path) && !wanted.has(path)) this.entries.delete(path);
    }
  }
}
