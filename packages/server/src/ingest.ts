import type { SpanData } from '@livespan/tracing';
import { causalOrder } from './causal-order.js';
import { HttpError } from './http-error.js';
import {
  type ApiSpan,
  LIST_CHANNEL,
  type ListStreamEvent,
  type TraceStreamEvent,
  traceChannel,
} from './live-events.js';
import type { LiveHub } from './live-hub.js';
import { sanitizeSpan } from './sanitize-span.js';
import { storeFailure, storeFailureLog } from './store-errors.js';
import type { IngestResult, TraceStore } from './trace-store.js';
import { toSummary } from './trace-summary.js';

/** What ingest needs from its server: the store, the hub and the stale threshold. */
export interface IngestContext {
  store: TraceStore;
  hub: LiveHub;
  staleAfterMs: number;
  now(): number;
}

/**
 * Stores validated spans in one transaction (secrets redacted and long
 * strings cut first: see sanitize-span.ts), then publishes the live events
 * in causal order: per trace its span events then `trace_end`, and one list
 * event per trace.
 */
export async function ingestSpans(context: IngestContext, spans: readonly SpanData[]): Promise<void> {
  if (spans.length === 0) return;
  const now = context.now();
  const failures = storeFailureLog(context.store);
  let result: IngestResult;
  try {
    result = await context.store.ingest(causalOrder(spans.map(sanitizeSpan)), now);
  } catch (error) {
    const failure = storeFailure(error);
    if (failure instanceof HttpError) failures.failed(failure);
    throw failure;
  }
  failures.succeeded();
  const { hub, staleAfterMs } = context;
  for (const change of result.traces) {
    const traceId = change.trace.traceId;
    const channel = traceChannel(traceId);
    const summary = toSummary(change.trace, now, staleAfterMs);
    for (const { kind, span } of change.spans) {
      hub.publish(channel, kind, { type: kind, traceId, span } satisfies TraceStreamEvent);
    }
    if (change.revived) {
      // Running spans that were reported stale and are not in this request must be cleared too.
      const sent = new Set(change.spans.map((c) => c.span.spanId));
      for (const span of await context.store.getRunningSpans(traceId)) {
        if (sent.has(span.spanId)) continue;
        hub.publish(channel, 'span_update', {
          type: 'span_update',
          traceId,
          span,
        } satisfies TraceStreamEvent);
      }
    }
    if (change.rootEnded) {
      hub.publish(channel, 'trace_end', {
        type: 'trace_end',
        traceId,
        trace: summary,
      } satisfies TraceStreamEvent);
    }
    const type = change.created ? 'trace_start' : change.rootEnded ? 'trace_end' : 'trace_update';
    hub.publish(LIST_CHANNEL, type, { type, trace: summary } satisfies ListStreamEvent);
  }
  for (const traceId of result.deleted) {
    hub.publish(LIST_CHANNEL, 'trace_delete', { type: 'trace_delete', traceId } satisfies ListStreamEvent);
  }
}

/**
 * Publishes the traces that went silent: each running span as a
 * `span_update` with `stale: true`, and a `trace_update` on the list.
 */
export async function sweepStale(context: IngestContext): Promise<number> {
  const now = context.now();
  const stale = await context.store.takeNewlyStale(now - context.staleAfterMs);
  for (const record of stale) {
    const traceId = record.traceId;
    for (const span of await context.store.getRunningSpans(traceId)) {
      const staleSpan: ApiSpan = { ...span, stale: true };
      context.hub.publish(traceChannel(traceId), 'span_update', {
        type: 'span_update',
        traceId,
        span: staleSpan,
      } satisfies TraceStreamEvent);
    }
    const trace = toSummary(record, now, context.staleAfterMs);
    context.hub.publish(LIST_CHANNEL, 'trace_update', {
      type: 'trace_update',
      trace,
    } satisfies ListStreamEvent);
  }
  return stale.length;
}
