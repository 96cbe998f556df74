import type { SpanCounts } from './trace-summary.js';

/** Running spans the SQLite store remembers at most; the oldest are forgotten first. */
const MAX_RUNNING_SPANS = 50_000;

/** Most characters of span JSON remembered (a span may hold megabytes of attributes). */
const MAX_RUNNING_CHARS = 32 * 2 ** 20;

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
  private chars = 0;

  constructor(
    private readonly maxSpans = MAX_RUNNING_SPANS,
    private readonly maxChars = MAX_RUNNING_CHARS,
  ) {}

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
    const previous = spans.get(spanId);
    if (previous) this.chars -= previous.json.length;
    else this.size++;
    spans.set(spanId, span);
    this.chars += span.json.length;
    while (this.size > this.maxSpans || this.chars > this.maxChars) {
      const [oldestId, oldest] = this.traces.entries().next().value!;
      const [spanId, forgotten] = oldest.entries().next().value!;
      oldest.delete(spanId);
      this.size--;
      this.chars -= forgotten.json.length;
      if (oldest.size === 0) this.traces.delete(oldestId);
    }
  }

  /** The span completed (or is no longer known as running). */
  delete(traceId: string, spanId: string): void {
    const spans = this.traces.get(traceId);
    const span = spans?.get(spanId);
    if (!spans || !span) return;
    spans.delete(spanId);
    this.size--;
    this.chars -= span.json.length;
    if (spans.size === 0) this.traces.delete(traceId);
  }

  /** The trace was deleted. */
  forgetTrace(traceId: string): void {
    for (const span of this.traces.get(traceId)?.values() ?? []) {
      this.size--;
      this.chars -= span.json.length;
    }
    this.traces.delete(traceId);
  }

  clear(): void {
    this.traces.clear();
    this.size = 0;
    this.chars = 0;
  }
}
