/**
 * How long a step usually takes, from the durations of its recent completed
 * runs (docs/api.md "Slower than usual"). Server and Dev UI both judge
 * "slower than usual" with these, so the flag agrees wherever it is shown.
 */
export interface UsualDuration {
  /** Median of the recent runs (ms). */
  usualDurationMs: number;
  /** 95th percentile of the recent runs (ms). */
  usualP95Ms: number;
}

/** Recent durations kept per span path. */
export const USUAL_DURATION_WINDOW = 50;

/** Runs of a path needed before it has a usual duration. */
export const USUAL_DURATION_MIN_RUNS = 3;

/** The usual duration of a path from its recent durations (any order); undefined below the minimum. */
export function usualDurationOf(durations: readonly number[]): UsualDuration | undefined {
  if (durations.length < USUAL_DURATION_MIN_RUNS) return undefined;
  const sorted = [...durations].sort((a, b) => a - b);
  return { usualDurationMs: percentile(sorted, 0.5), usualP95Ms: percentile(sorted, 0.95) };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/** A run (finished, or running for `durationMs` so far) is slower than usual past its path's p95. */
export function isSlowerThanUsual(durationMs: number, usual: UsualDuration | undefined): boolean {
  return usual !== undefined && durationMs > usual.usualP95Ms;
}
