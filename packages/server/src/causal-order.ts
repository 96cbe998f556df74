import type { SpanData } from '@livespan/tracing/wire';

/**
 * Orders the spans of one request causally: a parent before its children
 * (when both are in the request), and for a span sent twice its running
 * snapshot before its complete one. Otherwise the request's order is kept.
 * Pure; O(n), and it returns the input itself when it is already in order.
 */
export function causalOrder(spans: readonly SpanData[]): readonly SpanData[] {
  const index = new Map<string, number>();
  let ordered = true;
  for (let i = 0; i < spans.length; i++) {
    const span = spans[i]!;
    const key = span.traceId + span.spanId;
    const seen = index.get(key);
    if (seen !== undefined && (span.endTime > 0 || !(spans[seen]!.endTime > 0))) continue;
    if (seen !== undefined) ordered = false;
    index.set(key, i);
  }
  for (let i = 0; ordered && i < spans.length; i++) {
    const span = spans[i]!;
    const parent = span.parentSpanId && index.get(span.traceId + span.parentSpanId);
    if (parent !== undefined && parent !== '' && parent > i) ordered = false;
  }
  return ordered ? spans : reorder(spans);
}

function reorder(spans: readonly SpanData[]): SpanData[] {
  const byKey = new Map<string, SpanData[]>();
  for (const span of spans) {
    const key = span.traceId + span.spanId;
    const list = byKey.get(key);
    if (list) list.push(span);
    else byKey.set(key, [span]);
  }
  const result: SpanData[] = [];
  const placed = new Set<string>();
  for (const span of spans) {
    // Walk up to the first ancestor not yet placed, then place the chain top-down.
    const chain: string[] = [];
    let key: string | undefined = span.traceId + span.spanId;
    while (key !== undefined && !placed.has(key) && byKey.has(key)) {
      placed.add(key);
      chain.push(key);
      const parent: string | undefined = byKey.get(key)![0]!.parentSpanId;
      key = parent ? span.traceId + parent : undefined;
    }
    for (let i = chain.length - 1; i >= 0; i--) {
      const snapshots = byKey.get(chain[i]!)!;
      result.push(...snapshots.filter((s) => !(s.endTime > 0)), ...snapshots.filter((s) => s.endTime > 0));
    }
  }
  return result;
}
