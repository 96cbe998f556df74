import { placeholderSpan, type SpanData, type TraceData } from '@livespan/tracing/wire';
import type { ApiSpan } from './live-events.js';
import { spanPath } from './span-durations.js';
import { type LlmView, spanExtras } from './span-extras.js';
import { staleReasonOf } from './staleness.js';
import type { TraceRecord } from './trace-store.js';
import { type TraceSummary, toSummary } from './trace-summary.js';

/** A trace as the API returns it: Genkit's `TraceData` plus the summary fields. */
export type ApiTrace = Omit<TraceData, 'spans'> & TraceSummary & { spans: Record<string, ApiSpan> };

/** Marks a running span `stale`, with why and since when, once its run stopped or went silent (staleness.ts). */
function markStale(span: SpanData, record: TraceRecord, now: number, silentAfterMs: number): ApiSpan {
  if (span.endTime > 0) return span;
  const staleReason = staleReasonOf(record, now, silentAfterMs);
  return staleReason === undefined ? span : staleSpan(span, staleReason, record.lastSeen);
}

/** The name of a trace's root, which paths below it start with (span-durations.ts), when known. */
function rootNameOf(record: TraceRecord): string | undefined {
  return record.hasRoot ? record.displayName : undefined;
}

/** A span as the API returns it; with `view`, with its usage and usual duration (span-extras.ts). */
export function toApiSpan(
  span: SpanData,
  record: TraceRecord,
  now: number,
  silentAfterMs: number,
  view: LlmView | undefined,
): ApiSpan {
  return withExtras(markStale(span, record, now, silentAfterMs), record, now, view);
}

/**
 * Adds, given `view`, a span's usage and usual duration (span-extras.ts) to
 * the span itself: callers pass spans they own (fresh from the store, or of
 * an ingest's result, already stored), and a copy per live event costed a
 * measurable share of ingest (bench/RESULTS.md, "tokens and usual durations").
 */
export function withExtras(
  span: ApiSpan,
  record: TraceRecord,
  now: number,
  view: LlmView | undefined,
): ApiSpan {
  if (!view) return span;
  const extras = spanExtras(span, rootNameOf(record), now, view);
  return extras.usage === undefined && extras.usualDurationMs === undefined
    ? span
    : Object.assign(span, extras);
}

/** The paths whose usual durations a view of these spans of `record` shows. */
export function pathsToShow(record: TraceRecord, spans: readonly SpanData[]): string[] {
  const rootName = rootNameOf(record);
  const paths = spans.flatMap((span) => spanPath(span, rootName) ?? []);
  return record.rootPath === undefined ? paths : [...paths, record.rootPath];
}

/** A running span shown as stopped: its duration freezes at `staleSince`, the last sign of life. */
export function staleSpan(span: SpanData, staleReason: string, staleSince: number): ApiSpan {
  return { ...span, stale: true, staleReason, staleSince };
}

/**
 * Builds the API form of a trace. Pure. Each parent that never arrived is
 * stood in for by a `placeholder` span (start and end spanning its known
 * children; end 0 while any of them runs), so its children stay in the tree.
 */
export function toApiTrace(
  record: TraceRecord,
  spans: readonly SpanData[],
  now: number,
  staleAfterMs: number,
  view?: LlmView,
): ApiTrace {
  const byId: Record<string, ApiSpan> = {};
  for (const span of spans) byId[span.spanId] = toApiSpan(span, record, now, staleAfterMs, view);
  const orphans = new Map<string, SpanData[]>();
  for (const span of spans) {
    if (span.parentSpanId && !(span.parentSpanId in byId)) {
      const list = orphans.get(span.parentSpanId);
      if (list) list.push(span);
      else orphans.set(span.parentSpanId, [span]);
    }
  }
  for (const [spanId, children] of orphans) byId[spanId] = placeholderSpan(record.traceId, spanId, children);
  return { ...toListSummary(record, now, staleAfterMs, view), spans: byId };
}

/** The list form: the summary plus only the root span, when known. */
export function toApiListItem(
  record: TraceRecord,
  root: SpanData | undefined,
  now: number,
  staleAfterMs: number,
  view?: LlmView,
): ApiTrace {
  const spans: Record<string, ApiSpan> = root
    ? { [root.spanId]: toApiSpan(withShortName(root), record, now, staleAfterMs, view) }
    : {};
  return { ...toListSummary(record, now, staleAfterMs, view), spans };
}

/**
 * Longest trace name in a summary, in UTF-16 code units. A list of 100
 * traces must fit in one response: 18 stored names of 31 MiB overflowed
 * V8's largest string. The full name stays in the span.
 */
export const MAX_SUMMARY_NAME_LENGTH = 1_024;

/** A summary as lists and streams send it: `toSummary` with a long name cut (see MAX_SUMMARY_NAME_LENGTH). */
export function toListSummary(
  record: TraceRecord,
  now: number,
  staleAfterMs: number,
  view?: LlmView,
): TraceSummary {
  const summary = toSummary(record, now, staleAfterMs, view);
  return { ...summary, displayName: shortName(summary.displayName) };
}

function withShortName(span: SpanData): SpanData {
  const displayName = shortName(span.displayName);
  return displayName === span.displayName ? span : { ...span, displayName };
}

function shortName(name: string): string {
  if (name.length <= MAX_SUMMARY_NAME_LENGTH) return name;
  let end = MAX_SUMMARY_NAME_LENGTH;
  const last = name.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${name.slice(0, end)}…`;
}
