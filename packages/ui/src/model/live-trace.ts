import type { Span, TraceDetail, TraceSummary } from '../api/schemas';
import { isRunning, mergeSpan } from './merge-span';

/**
 * The client's copy of one trace, fed by its SSE stream. Mutable on purpose:
 * a 10,000-span trace is updated in place and `version` tells readers when
 * to derive their rows again (the component layer batches to frames).
 */
export class LiveTrace {
  /** Spans by id, placeholders included. */
  readonly spans = new Map<string, Span>();
  /** Summary from the last snapshot, `trace_update` or `trace_end`; null until the trace exists. */
  summary: TraceSummary | null = null;
  /** Whether any span of this trace was ever seen running here. */
  sawRunning = false;
  /** Bumped on every change. */
  version = 0;

  /** Replaces everything with a fresh snapshot (`null`: the trace does not exist yet). */
  reset(trace: TraceDetail | null): void {
    this.spans.clear();
    this.summary = null;
    if (trace) {
      const { spans, ...summary } = trace;
      this.summary = summary;
      if (summary.realtime) this.sawRunning = true;
      for (const span of Object.values(spans)) this.upsert(span);
    }
    this.version++;
  }

  /** Applies one span snapshot idempotently. */
  upsert(span: Span): void {
    if (isRunning(span)) this.sawRunning = true;
    const kept = mergeSpan(this.spans.get(span.spanId), span);
    this.spans.set(span.spanId, kept);
    this.version++;
  }

  /** Applies a new summary (from `trace_update` or `trace_end`); it replaces the old one's fields. */
  setSummary(summary: TraceSummary): void {
    this.summary = { ...this.summary, ...summary };
    if (summary.realtime) this.sawRunning = true;
    this.version++;
  }

  /** Number of spans received (placeholders not counted). */
  get receivedCount(): number {
    let count = 0;
    for (const span of this.spans.values()) if (!span.placeholder) count++;
    return count;
  }
}
