import type { SpanCounts } from './trace-summary.js';

/** Running spans the SQLite store remembers at most (about 1 KB each); the oldest are forgotten first. */
const MAX_RUNNING_SPANS = 50_000;

/** A running span as the SQLite store last wrote it: its row, JSON, tree position and counts. */
export interface RunningSpan {
  rowid: number;
  json: string;
  parentSpanId: string | null;
  startTime: number;
  counts: SpanCounts;
}

/**
 * The running spans the SQLite store wrote, in memory, so the snapshot that
 * ends or updates one needs no row read and no JSON parse. The store is the
 * database's only writer, so an entry is the row as stored; a span that is
 * not here (forgotten, or stored by an earlier run) is read from its row.
 * The store clears it when a transaction rolls back.
 */
export class RunningSpans {
  private readonly traces = new Map<string, Map<string, RunningSpan>>();
  private size = 0;

  constructor(private readonly maxSpans = MAX_RUNNING_SPANS) {}

  get(traceId: string, spanId: string): RunningSpan | undefined {
    return this.traces.get(traceId)?.get(spanId);
  }

  /** Remembers a running span's new version; beyond the bound, the oldest traces' spans are forgotten. */
  set(traceId: string, spanId: string, span: RunningSpan): void {
    let spans = this.traces.get(traceId);
    if (!spans) {
      spans = new Map();
      this.traces.set(traceId, spans);
    }
    const size = spans.size;
    spans.set(spanId, span);
    this.size += spans.size - size;
    while (this.size > this.maxSpans) {
      const [oldestId, oldest] = this.traces.entries().next().value!;
      oldest.delete(oldest.keys().next().value!);
      this.size--;
      if (oldest.size === 0) this.traces.delete(oldestId);
    }
  }

  /** The span completed (or is no longer known as running). */
  delete(traceId: string, spanId: string): void {
    const spans = this.traces.get(traceId);
    if (!spans?.delete(spanId)) return;
    this.size--;
    if (spans.size === 0) this.traces.delete(traceId);
  }

  /** The trace was deleted. */
  forgetTrace(traceId: string): void {
    this.size -= this.traces.get(traceId)?.size ?? 0;
    this.traces.delete(traceId);
  }

  clear(): void {
    this.traces.clear();
    this.size = 0;
  }
}
