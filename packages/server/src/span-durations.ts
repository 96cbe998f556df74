import {
  type SpanData,
  USUAL_DURATION_WINDOW,
  type UsualDuration,
  usualDurationOf,
} from '@livespan/tracing/wire';

/**
 * Paths whose recent durations a store keeps at most; the least recently
 * updated are dropped beyond it, so the table stays bounded whatever span
 * names an app invents.
 */
export const MAX_DURATION_PATHS = 10_000;

/**
 * Longest path kept, in UTF-16 code units: names may be up to 64 Ki long, and
 * a table of 10,000 such keys would hold gigabytes. Longer paths have no
 * usual duration.
 */
const MAX_PATH_LENGTH = 2_048;

/** One completed run of a span path, to add to its recent durations. */
export interface DurationSample {
  path: string;
  durationMs: number;
}

/**
 * The path a span's durations are kept under (docs/api.md "Slower than
 * usual"): Genkit's `genkit:path` when the span has one; else `/<name>` for a
 * root and `/<root name>/…/<name>` below it. Undefined for a non-Genkit span
 * whose root is not known yet (its path cannot be told), or a path longer than MAX_PATH_LENGTH.
 */
export function spanPath(
  span: Pick<SpanData, 'attributes' | 'displayName' | 'parentSpanId'>,
  rootName: string | undefined,
): string | undefined {
  const genkitPath = span.attributes['genkit:path'];
  const path =
    typeof genkitPath === 'string' && genkitPath !== ''
      ? genkitPath
      : !span.parentSpanId
        ? `/${span.displayName}`
        : rootName === undefined
          ? undefined
          : `/${rootName}/…/${span.displayName}`;
  return path !== undefined && path.length <= MAX_PATH_LENGTH ? path : undefined;
}

/**
 * The sample a span change adds: a span that just completed (it was running
 * or unknown before) without an error. Stale spans never complete, so they
 * add nothing.
 */
export function durationSample(
  wasRunning: boolean,
  after: SpanData,
  rootName: string | undefined,
): DurationSample | undefined {
  if (!wasRunning || !(after.endTime > 0) || after.status?.code === 2) return undefined;
  const path = spanPath(after, rootName);
  const durationMs = after.endTime - after.startTime;
  return path === undefined || !(durationMs >= 0) ? undefined : { path, durationMs };
}

/** A path's recent durations with `durationMs` added, the oldest dropped beyond the window. */
export function withDuration(durations: readonly number[], durationMs: number): number[] {
  return [...durations, durationMs].slice(-USUAL_DURATION_WINDOW);
}

/** A path's recent durations as a store holds them in memory. */
export interface HeldDurations {
  durations: number[];
  /** Computed on first read after a change; null: fewer runs than needed. */
  usual: UsualDuration | null | undefined;
}

/** The usual duration of each held path of `paths` that has one, remembered on its entry until it changes. */
export function usualOfHeld(
  entries: ReadonlyMap<string, HeldDurations>,
  paths: readonly string[],
): Map<string, UsualDuration> {
  const found = new Map<string, UsualDuration>();
  for (const path of paths) {
    const entry = entries.get(path);
    if (!entry) continue;
    if (entry.usual === undefined) entry.usual = usualDurationOf(entry.durations) ?? null;
    if (entry.usual) found.set(path, entry.usual);
  }
  return found;
}
