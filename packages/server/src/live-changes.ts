import type { LiveEvent } from './live-events.js';
import type { IngestResult, StaleTrace } from './trace-store.js';
import { staleSpan, toListSummary } from './trace-view.js';

/**
 * The live events an ingest causes, in causal order: per trace its span
 * events (and the spans a revival makes live again), then `trace_update` or
 * `trace_end`, then one list event; then the traces retention deleted. Pure.
 */
export function ingestEvents(result: IngestResult, now: number, silentAfterMs: number): LiveEvent[] {
  const events: LiveEvent[] = [];
  for (const change of result.traces) {
    const traceId = change.trace.traceId;
    const trace = toListSummary(change.trace, now, silentAfterMs);
    for (const { kind, span } of change.spans) {
      events.push({ stream: 'trace', event: { type: kind, traceId, span } });
    }
    for (const span of change.revivedSpans) {
      events.push({ stream: 'trace', event: { type: 'span_update', traceId, span } });
    }
    const ended = change.rootEnded ? 'trace_end' : 'trace_update';
    events.push({ stream: 'trace', event: { type: ended, traceId, trace } });
    const listed = change.created ? 'trace_start' : ended;
    events.push({ stream: 'list', event: { type: listed, trace } });
  }
  for (const traceId of result.deleted) {
    events.push({ stream: 'list', event: { type: 'trace_delete', traceId } });
  }
  return events;
}

/** The live events of traces found stopped: each running span as a stale `span_update`, then the summaries. Pure. */
export function staleEvents(stale: readonly StaleTrace[], now: number, silentAfterMs: number): LiveEvent[] {
  const events: LiveEvent[] = [];
  for (const { trace: record, running } of stale) {
    const traceId = record.traceId;
    const reason = record.staleReason ?? 'stopped';
    for (const span of running) {
      events.push({
        stream: 'trace',
        event: { type: 'span_update', traceId, span: staleSpan(span, reason, record.lastSeen) },
      });
    }
    const trace = toListSummary(record, now, silentAfterMs);
    events.push({ stream: 'trace', event: { type: 'trace_update', traceId, trace } });
    events.push({ stream: 'list', event: { type: 'trace_update', trace } });
  }
  return events;
}

/** A trace deleted on request: gone from the list and from its own stream. Pure. */
export function deleteEvents(traceId: string): LiveEvent[] {
  return [
    { stream: 'trace', event: { type: 'trace_delete', traceId } },
    { stream: 'list', event: { type: 'trace_delete', traceId } },
  ];
}
