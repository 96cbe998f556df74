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
import type { Sender } from './sender.js';
import { storeFailure, storeFailureLog } from './store-errors.js';
import type { IngestResult, TraceRecord, TraceStore } from './trace-store.js';
import { toSummary } from './trace-summary.js';
import { staleSpan } from './trace-view.js';

/** What ingest needs from its server: the store, the hub and the silence limit of senders without heartbeats. */
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
export async function ingestSpans(
  context: IngestContext,
  spans: readonly SpanData[],
  sender: Sender,
): Promise<void> {
  if (spans.length === 0) return;
  const now = context.now();
  const failures = storeFailureLog(context.store);
  let result: IngestResult;
  try {
    result = await context.store.ingest(causalOrder(spans.map(sanitizeSpan)), now, sender);
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
    const traceEvent = change.rootEnded ? 'trace_end' : 'trace_update';
    hub.publish(channel, traceEvent, {
      type: traceEvent,
      traceId,
      trace: summary,
    } satisfies TraceStreamEvent);
    const type = change.created ? 'trace_start' : change.rootEnded ? 'trace_end' : 'trace_update';
    hub.publish(LIST_CHANNEL, type, { type, trace: summary } satisfies ListStreamEvent);
  }
  for (const traceId of result.deleted) {
    hub.publish(LIST_CHANNEL, 'trace_delete', { type: 'trace_delete', traceId } satisfies ListStreamEvent);
  }
}

/** Publishes the traces that went silent for longer than their senders allow (staleness.ts). */
export async function sweepStale(context: IngestContext): Promise<number> {
  const stale = await context.store.takeNewlyStale(context.now(), context.staleAfterMs);
  await publishStale(context, stale);
  return stale.length;
}

/** The app `appId` is gone: its traces with running spans become stale with `reason`, at once. */
export async function stopApp(context: IngestContext, appId: string, reason: string): Promise<number> {
  const stopped = await context.store.stopApp(appId, reason);
  await publishStale(context, stopped);
  return stopped.length;
}

/** Each running span of each trace as a stale `span_update`, then the trace's `trace_update`, on both streams. */
async function publishStale(context: IngestContext, records: readonly TraceRecord[]): Promise<void> {
  const now = context.now();
  for (const record of records) {
    const traceId = record.traceId;
    const channel = traceChannel(traceId);
    const reason = record.staleReason ?? 'stopped';
    for (const span of await context.store.getRunningSpans(traceId)) {
      const stale: ApiSpan = staleSpan(span, reason, record.lastSeen);
      context.hub.publish(channel, 'span_update', {
        type: 'span_update',
        traceId,
        span: stale,
      } satisfies TraceStreamEvent);
    }
    const trace = toSummary(record, now, context.staleAfterMs);
    context.hub.publish(channel, 'trace_update', {
      type: 'trace_update',
      traceId,
      trace,
    } satisfies TraceStreamEvent);
    context.hub.publish(LIST_CHANNEL, 'trace_update', {
      type: 'trace_update',
      trace,
    } satisfies ListStreamEvent);
  }
}
