/** The ingest load both server benches send: spans, POSTs, CPU readings and the start-then-end phase. */
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { SpanData } from '@livespan/tracing/wire';
import { postTraces } from '../support/post-traces.js';

export const CLIENTS = 16;
export const PHASE_MS = 3_000;
export const ROUNDS = 3;
export const now = () => performance.timeOrigin + performance.now();

const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Fresh trace ids, distinct per bench by their `pad` digit. */
export function traceIds(pad: string): () => string {
  let seq = 0;
  return () => hex(++seq, 8).padStart(32, pad);
}

/** Span `id` of a trace: a child of `parent` when given; `endTime` 0 while running. */
export function benchSpan(
  traceId: string,
  id: number,
  parent: number | undefined,
  endTime: number,
  attributes = {},
): SpanData {
  return {
    spanId: hex(id + 1, 16),
    traceId,
    ...(parent !== undefined && { parentSpanId: hex(parent + 1, 16) }),
    startTime: 1_700_000_000_000 + id,
    endTime,
    attributes: { 'genkit:name': `step ${id}`, ...attributes },
    displayName: `step ${id}`,
    instrumentationLibrary: { name: 'bench' },
    spanKind: 'INTERNAL',
  };
}

/** Lets the process exit: the keep-alive agent holds sockets open. */
export function closeConnections(): void {
  agent.destroy();
}

/** POSTs spans of one trace as `TraceData` over a keep-alive agent; throws unless 200. */
export async function post(url: string, spans: SpanData[]): Promise<void> {
  const body = JSON.stringify({
    traceId: spans[0]!.traceId,
    spans: Object.fromEntries(spans.map((s) => [s.spanId, s])),
  });
  const status = await postTraces(url, body, agent);
  if (status !== 200) throw new Error(`status ${status}`);
}

/** utime + stime of processes, from /proc, in µs (a process gone meanwhile counts 0). */
export function cpuMicros(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // gone: e.g. a database backend that exited
    }
  }
  return (ticks * 1_000_000) / 100;
}

/**
 * CLIENTS clients for PHASE_MS, each sending new traces of `batch` spans, every
 * span as a start then an end; returns the events sent and the seconds taken.
 */
export async function startsThenEnds(
  url: string,
  batch: number,
  newTraceId: () => string,
): Promise<{ events: number; seconds: number }> {
  let events = 0;
  const start = now();
  const deadline = start + PHASE_MS;
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (now() < deadline) {
        const traceId = newTraceId();
        const ids = Array.from({ length: batch }, (_, i) => i);
        await post(
          url,
          ids.map((i) => benchSpan(traceId, i, i === 0 ? undefined : 0, 0)),
        );
        await post(
          url,
          ids.map((i) => benchSpan(traceId, i, i === 0 ? undefined : 0, 1_700_000_001_000 + i)),
        );
        events += 2 * batch;
      }
    }),
  );
  return { events, seconds: (now() - start) / 1_000 };
}
