import { randomBytes } from 'node:crypto';
import type { SpanData, TraceData } from '@livespan/tracing/wire';

function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

function span(
  traceId: string,
  name: string,
  parentSpanId: string | undefined,
  start: number,
  end: number,
): SpanData {
  return {
    traceId,
    spanId: hex(8),
    ...(parentSpanId && { parentSpanId }),
    displayName: name,
    startTime: start,
    endTime: end,
    attributes: { 'genkit:type': 'action', 'bench.index': name },
    instrumentationLibrary: { name: 'livespan-bench' },
    spanKind: 'INTERNAL',
  };
}

/**
 * A trace of `total` spans: a root, `steps` children, and leaves spread
 * evenly under the steps, with staggered, overlapping times. Completed,
 * unless `runningShare` (0..1) of the leaves are still running (the root then too).
 */
export function wideTrace(total: number, steps: number, now: number, runningShare = 0): SpanData[] {
  const traceId = hex(16);
  const runningEvery = runningShare > 0 ? Math.round(1 / runningShare) : 0;
  const root = span(traceId, 'bench-root', undefined, now - 60_000, runningEvery ? 0 : now);
  const spans = [root];
  const stepSpans: SpanData[] = [];
  for (let i = 0; i < steps; i++) {
    const start = root.startTime + i * 500;
    const step = span(traceId, `step-${i}`, root.spanId, start, start + 8_000);
    stepSpans.push(step);
    spans.push(step);
  }
  for (let i = 0; spans.length < total; i++) {
    const parent = stepSpans[i % steps]!;
    const start = parent.startTime + (i % 97) * 70;
    const running = runningEvery > 0 && i % runningEvery === 0;
    spans.push(span(traceId, `leaf-${i}`, parent.spanId, start, running ? 0 : start + 400 + (i % 13) * 50));
  }
  return spans;
}

/** `count` spans that are all still running: a root and its children. */
export function runningTrace(count: number, now: number): SpanData[] {
  const traceId = hex(16);
  const root = span(traceId, 'bench-running-root', undefined, now - 2_000, 0);
  const spans = [root];
  for (let i = 1; i < count; i++) spans.push(span(traceId, `running-${i}`, root.spanId, now - 2_000 + i, 0));
  return spans;
}

/** Posts spans to the server's Genkit route in chunks, as one trace. */
export async function postSpans(serverUrl: string, spans: SpanData[], chunk = 1000): Promise<void> {
  for (let i = 0; i < spans.length; i += chunk) {
    const part = spans.slice(i, i + chunk);
    const body: TraceData = {
      traceId: part[0]!.traceId,
      spans: Object.fromEntries(part.map((s) => [s.spanId, s])),
    };
    const response = await fetch(`${serverUrl}/api/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`POST /api/traces failed: ${response.status} ${await response.text()}`);
  }
}
