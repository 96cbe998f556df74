import type { SpanData } from '@livespan/tracing/wire';
import type { SpanChange } from './trace-store.js';

/** A stored span as the merge needs it; the JSON is parsed only when running snapshots must be merged. */
export interface StoredSpan {
  json: string;
  endTime: number;
  parse(): SpanData;
}

/**
 * Decides what a span snapshot does to the stored span with the same
 * (traceId, spanId). Returns undefined when nothing changes.
 *
 * - A complete span is never regressed by a late or duplicate in-progress snapshot.
 * - A complete snapshot replaces a running one; between complete snapshots the
 *   newer (later or equal end) wins.
 * - Between running snapshots attributes are unioned (newer wins per key) and the
 *   longer event list is kept, so a late start snapshot cannot erase what a
 *   heartbeat already delivered.
 * - Identical data is a no-op, which makes duplicates idempotent.
 */
export function mergeSpan(
  stored: StoredSpan | undefined,
  incoming: SpanData,
): (SpanChange & { json: string }) | undefined {
  const incomingDone = incoming.endTime > 0;
  if (!stored) {
    return { kind: incomingDone ? 'span_end' : 'span_start', span: incoming, json: JSON.stringify(incoming) };
  }
  const storedDone = stored.endTime > 0;
  if (storedDone) {
    if (!incomingDone || incoming.endTime < stored.endTime) return undefined;
    const json = JSON.stringify(incoming);
    return json === stored.json ? undefined : { kind: 'span_end', span: incoming, json };
  }
  if (incomingDone) return { kind: 'span_end', span: incoming, json: JSON.stringify(incoming) };
  const merged = mergeRunning(stored.parse(), incoming);
  const json = JSON.stringify(merged);
  return json === stored.json ? undefined : { kind: 'span_update', span: merged, json };
}

function mergeRunning(stored: SpanData, incoming: SpanData): SpanData {
  const storedEvents = stored.timeEvents?.timeEvent?.length ?? 0;
  const incomingEvents = incoming.timeEvents?.timeEvent?.length ?? 0;
  const merged: SpanData = { ...incoming, attributes: { ...stored.attributes, ...incoming.attributes } };
  if (storedEvents > incomingEvents) merged.timeEvents = stored.timeEvents;
  return merged;
}
