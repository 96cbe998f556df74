import type { SpanData } from '@livespan/tracing/wire';
import { causalOrder } from './causal-order.js';
import { ingestEvents, staleEvents } from './live-changes.js';
import { publish } from './live-events.js';
import type { LiveHub } from './live-hub.js';
import type { Resource } from './resource.js';
import { sanitizeSpan } from './sanitize-span.js';
import type { Sender } from './sender.js';
import type { StoreFailureLog } from './store-failure-log.js';
import { type IngestResult, StoreUnavailableError, type TraceStore } from './trace-store.js';

/** What ingest needs from its server: the store, the hub and the silence limit of senders without heartbeats. */
export interface IngestContext {
  store: TraceStore;
  hub: LiveHub;
  staleAfterMs: number;
  now(): number;
  /** Storage failures, logged once per spell. */
  storeFailures: StoreFailureLog;
}

/**
 * Stores validated spans in one transaction (secrets redacted and long
 * strings cut first: see sanitize-span.ts), with the resources their
 * `resourceId`s name, then publishes the live events the change causes
 * (live-changes.ts).
 */
export async function ingestSpans(
  context: IngestContext,
  spans: readonly SpanData[],
  sender: Sender,
  resources?: readonly Resource[],
): Promise<void> {
  if (spans.length === 0) return;
  const now = context.now();
  let result: IngestResult;
  try {
    result = await context.store.ingest(causalOrder(spans.map(sanitizeSpan)), now, sender, resources);
  } catch (error) {
    if (error instanceof StoreUnavailableError) context.storeFailures.failed(error);
    throw error;
  }
  context.storeFailures.succeeded();
  for (const event of ingestEvents(result, now, context.staleAfterMs)) publish(context.hub, event);
}

/** Publishes the traces that went silent for longer than their senders allow (staleness.ts). */
export async function sweepStale(context: IngestContext): Promise<number> {
  const now = context.now();
  const stale = await context.store.takeNewlyStale(now, context.staleAfterMs);
  for (const event of staleEvents(stale, now, context.staleAfterMs)) publish(context.hub, event);
  return stale.length;
}

/** The app `appId` is gone: its traces with running spans become stale with `reason`, at once. */
export async function stopApp(context: IngestContext, appId: string, reason: string): Promise<number> {
  const stopped = await context.store.stopApp(appId, reason);
  for (const event of staleEvents(stopped, context.now(), context.staleAfterMs)) publish(context.hub, event);
  return stopped.length;
}
