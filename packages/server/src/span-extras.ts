import { isSlowerThanUsual, type SpanData, type UsualDuration } from '@livespan/tracing/wire';
import { type ModelUsage, usageOfSpan } from './model-usage.js';
import type { PriceTable } from './price-table.js';
import { spanPath } from './span-durations.js';
import { spanUsageView } from './trace-usage.js';

/** What the LLM fields of the API need besides the stored data: prices and the usual durations of the paths shown. */
export interface LlmView {
  prices: PriceTable;
  /** Path → usual duration, for the paths at hand (`TraceStore.usualDurations`). */
  usual: ReadonlyMap<string, UsualDuration>;
}

/** The fields a span or summary carries when its path has history (docs/api.md "Slower than usual"). */
export interface UsualFields {
  usualDurationMs?: number;
  usualP95Ms?: number;
  slowerThanUsual?: true;
}

/** The usual-duration fields of a run of `path` that took (or has run for) `durationMs`. */
export function usualFields(path: string | undefined, durationMs: number, view: LlmView): UsualFields {
  const usual = path === undefined ? undefined : view.usual.get(path);
  if (!usual) return {};
  return isSlowerThanUsual(durationMs, usual) ? { ...usual, slowerThanUsual: true } : { ...usual };
}

/** A span's duration so far: to its end, its last sign of life when stale, else to `now`. */
function spanDurationAt(span: SpanData & { staleSince?: number }, now: number): number {
  if (span.endTime > 0) return span.endTime - span.startTime;
  return (span.staleSince ?? now) - span.startTime;
}

/** The `usage` and usual-duration fields a span carries on the way out. */
export function spanExtras(
  span: SpanData & { staleSince?: number },
  rootName: string | undefined,
  now: number,
  view: LlmView,
): UsualFields & { usage?: ModelUsage & { costUsd?: number } } {
  const usage = usageOfSpan(span);
  return {
    ...(usage && { usage: spanUsageView(usage, view.prices) }),
    ...usualFields(spanPath(span, rootName), spanDurationAt(span, now), view),
  };
}
