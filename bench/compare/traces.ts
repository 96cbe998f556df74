/** Trace fixtures and store checks for bench/compare, over the Genkit-compatible REST API both servers share. */
import { randomBytes } from 'node:crypto';
import type { SpanData, TraceData } from '@livespan/tracing/wire';

/** Spans per preload POST: under livespan's 2,500-span request limit; Genkit's server takes the same. */
const PRELOAD_CHUNK = 1_000;

/**
 * Stores one trace of `size` spans, a POST per 1,000: a running root and
 * `size - 1` complete children, so that later events land on a trace of that size.
 */
export async function preload(url: string, size: number): Promise<{ traceId: string; rootId: string }> {
  const traceId = randomBytes(16).toString('hex');
  const rootId = randomBytes(8).toString('hex');
  const base = Date.now() - 60_000;
  const span = (spanId: string, i: number, parentSpanId?: string): SpanData => ({
    spanId,
    traceId,
    ...(parentSpanId && { parentSpanId }),
    startTime: base + i,
    endTime: parentSpanId ? base + i + 1 : 0,
    attributes: { 'genkit:type': parentSpanId ? 'flowStep' : 'action', 'genkit:name': `pre-${i}` },
    displayName: parentSpanId ? `pre-${i}` : 'preloaded',
    instrumentationLibrary: { name: 'bench-compare' },
    spanKind: 'INTERNAL',
    sameProcessAsParentSpan: { value: true },
    status: { code: 0 },
    timeEvents: { timeEvent: [] },
  });
  const all: SpanData[] = [span(rootId, 0)];
  for (let i = 1; i < size; i++) all.push(span(randomBytes(8).toString('hex'), i, rootId));
  for (let from = 0; from < all.length; from += PRELOAD_CHUNK) {
    const spans = Object.fromEntries(all.slice(from, from + PRELOAD_CHUNK).map((s) => [s.spanId, s]));
    const response = await fetch(`${url}/api/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ traceId, displayName: 'preloaded', startTime: base, spans } satisfies TraceData),
    });
    if (!response.ok) throw new Error(`preloading ${size} spans answered ${response.status}`);
  }
  return { traceId, rootId };
}

/** How many spans of each trace the server holds complete (end time set). */
export async function completeSpans(url: string, traceIds: string[]): Promise<number> {
  let complete = 0;
  for (const traceId of traceIds) {
    const response = await fetch(`${url}/api/traces/${traceId}`);
    if (!response.ok) continue;
    const data = (await response.json().catch(() => undefined)) as TraceData | undefined;
    complete += Object.values(data?.spans ?? {}).filter((span) => span.endTime > 0).length;
  }
  return complete;
}
