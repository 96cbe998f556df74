import type { SpanData, TraceData } from '@livespan/tracing';
import type { ApiSpan } from './live-events.js';
import { staleReasonOf } from './staleness.js';
import type { TraceRecord } from './trace-store.js';
import { type TraceSummary, toSummary } from './trace-summary.js';

/** A trace as the API returns it: Genkit's `TraceData` plus the summary fields. */
export type ApiTrace = Omit<TraceData, 'spans'> & TraceSummary & { spans: Record<string, ApiSpan> };

/** Marks a running span `stale`, with why and since when, once its run stopped or went silent (staleness.ts). */
export function markStale(span: SpanData, record: TraceRecord, now: number, silentAfterMs: number): ApiSpan {
  if (span.endTime > 0) return span;
  const staleReason = staleReasonOf(record, now, silentAfterMs);
  return staleReason === undefined ? span : staleSpan(span, staleReason, record.lastSeen);
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
): ApiTrace {
  const byId: Record<string, ApiSpan> = {};
  for (const span of spans) byId[span.spanId] = markStale(span, record, now, staleAfterMs);
  const orphans = new Map<string, SpanData[]>();
  for (const span of spans) {
    if (span.parentSpanId && !(span.parentSpanId in byId)) {
      const list = orphans.get(span.parentSpanId);
      if (list) list.push(span);
      else orphans.set(span.parentSpanId, [span]);
    }
  }
  for (const [spanId, children] of orphans) byId[spanId] = placeholderSpan(record.traceId, spanId, children);
  return { ...toSummary(record, now, staleAfterMs), spans: byId };
}

/** The list form: the summary plus only the root span, when known. */
export function toApiListItem(
  record: TraceRecord,
  root: SpanData | undefined,
  now: number,
  staleAfterMs: number,
): ApiTrace {
  const spans: Record<string, ApiSpan> = root
    ? { [root.spanId]: markStale(root, record, now, staleAfterMs) }
    : {};
  return { ...toSummary(record, now, staleAfterMs), spans };
}

function placeholderSpan(traceId: string, spanId: string, children: SpanData[]): ApiSpan {
  const running = children.some((child) => !(child.endTime > 0));
  return {
    traceId,
    spanId,
    startTime: Math.min(...children.map((child) => child.startTime)),
    endTime: running ? 0 : Math.max(...children.map((child) => child.endTime)),
    displayName: '(span not received)',
    attributes: {},
    instrumentationLibrary: { name: 'livespan' },
    spanKind: 'INTERNAL',
    placeholder: true,
  };
}
