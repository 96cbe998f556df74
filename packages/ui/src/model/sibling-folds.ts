import type { Span } from '../api/schemas';
import { formatDuration } from './format';

/** Fewest same-named siblings in a row that fold into one row. */
export const FOLD_MIN_SIBLINGS = 5;

/** A run of consecutive same-named siblings (a loop's 300 `fetch` steps), shown as one row until opened. */
export interface SiblingFold {
  /** Stable while the run grows live: parent id and first span id. */
  key: string;
  name: string;
  /** The siblings, in start order. */
  spans: Span[];
  /** Durations of the ended siblings (ms); undefined when none ended. */
  shortest: number | undefined;
  longest: number | undefined;
  median: number | undefined;
  /** Siblings still open. */
  open: number;
  /** Earliest start and latest end of the ended ones (ms), for the fold's bar. */
  start: number;
  end: number;
}

function median(sorted: number[]): number {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function foldOf(parentId: string, spans: Span[]): SiblingFold {
  const durations: number[] = [];
  let open = 0;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const span of spans) {
    start = Math.min(start, span.startTime);
    if (span.endTime > 0) {
      durations.push(span.endTime - span.startTime);
      end = Math.max(end, span.endTime);
    } else {
      open++;
      end = Math.max(end, span.startTime);
    }
  }
  durations.sort((a, b) => a - b);
  const ended = durations.length > 0;
  return {
    key: `${parentId}>${spans[0]!.spanId}`,
    name: spans[0]!.displayName,
    spans,
    shortest: ended ? durations[0] : undefined,
    longest: ended ? durations[durations.length - 1] : undefined,
    median: ended ? median(durations) : undefined,
    open,
    start,
    end,
  };
}

/**
 * The folds among `siblings` (in start order): each run of at least
 * {@link FOLD_MIN_SIBLINGS} consecutive spans with the same name.
 * Placeholders never fold: each stands for a different missing parent.
 */
export function siblingFolds(parentId: string, siblings: readonly Span[]): SiblingFold[] {
  const folds: SiblingFold[] = [];
  let runStart = 0;
  for (let i = 1; i <= siblings.length; i++) {
    const first = siblings[runStart]!;
    const current = siblings[i];
    if (current && !current.placeholder && !first.placeholder && current.displayName === first.displayName)
      continue;
    if (i - runStart >= FOLD_MIN_SIBLINGS && !first.placeholder)
      folds.push(foldOf(parentId, siblings.slice(runStart, i)));
    runStart = i;
  }
  return folds;
}

/** "fetch ×300, 12 ms–2.1 s, median 40 ms" (open siblings are counted, not timed). */
export function foldLabel(fold: SiblingFold): string {
  const parts = [`${fold.name || '(unnamed)'} ×${fold.spans.length}`];
  if (fold.shortest !== undefined && fold.longest !== undefined && fold.median !== undefined) {
    parts.push(`${formatDuration(fold.shortest)}–${formatDuration(fold.longest)}`);
    parts.push(`median ${formatDuration(fold.median)}`);
  }
  if (fold.open > 0) parts.push(`${fold.open} open`);
  return parts.join(', ');
}
