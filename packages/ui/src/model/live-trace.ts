import type { Span, TraceDetail, TraceSummary } from '../api/schemas';
import { isRunning, mergeSpan } from './merge-span';

/**
 * The client's copy of one trace, fed by its SSE stream and, for a trace
 * loaded in pages, by those pages. Mutable on purpose: a 100,000-span trace
 * is updated in place and `version` tells readers when to derive their rows
 * again (the component layer batches to frames).
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
  /**
   * While loading (incomplete): the spans of the head page whose parent was
   * not in it, shown as roots until the rest arrives.
   */
  private scope: { complete: boolean; anchors: ReadonlySet<string> } = { complete: true, anchors: new Set() };
  /** Loading, and the top of the tree has not arrived yet: nothing worth showing. */
  awaitingHead = false;

  /**
   * Replaces everything with a fresh snapshot (`null`: the trace does not
   * exist yet). `loading`: the snapshot has no spans; they follow through
   * {@link fill} until {@link finishLoading}.
   */
  reset(trace: TraceDetail | null, loading = false): void {
    this.spans.clear();
    this.summary = null;
    this.scope = { complete: !(trace && loading), anchors: new Set() };
    this.awaitingHead = !this.scope.complete;
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
    const previous = this.spans.get(span.spanId);
    const kept = mergeSpan(previous, span);
    if (kept !== previous) this.spans.set(span.spanId, kept);
    this.version++;
  }

  /**
   * Adds spans of a page read after the live stream began. A span already
   * here came from the stream, which is never older than the page, so it is
   * kept. `head`: the page is the top of the tree in tree order, so a span
   * whose parent is not in it starts a tree of its own.
   */
  fill(spans: readonly Span[], head = false): void {
    if (head) {
      this.awaitingHead = false;
      const ids = new Set(spans.map((span) => span.spanId));
      const anchors = new Set(this.scope.anchors);
      for (const span of spans)
        if (span.parentSpanId && !ids.has(span.parentSpanId)) anchors.add(span.spanId);
      this.scope = { ...this.scope, anchors };
    }
    for (const span of spans) {
      const known = this.spans.get(span.spanId);
      if (!known || known.placeholder) this.upsert(span);
    }
    this.version++;
  }

  /** Every stored span has been received: missing parents are now really missing. */
  finishLoading(): void {
    this.awaitingHead = false;
    this.scope = { complete: true, anchors: new Set() };
    this.version++;
  }

  /** Whether spans are still being loaded (see {@link reset}). */
  get loading(): boolean {
    return !this.scope.complete;
  }

  /**
   * The spans to show: all of them once loaded; while loading, only those
   * connected to a root or to an anchor of the head page (shown as a root),
   * so pages read in id order never show half-built trees under placeholders.
   */
  visibleSpans(): Span[] {
    if (this.scope.complete) return [...this.spans.values()];
    const { anchors } = this.scope;
    const connected = new Map<string, boolean>();
    const visible: Span[] = [];
    for (const span of this.spans.values()) {
      // Walk up to a span already judged, a root, an anchor or a gap; judge the whole path at once.
      const path: string[] = [];
      let at: Span | undefined = span;
      let verdict = false;
      while (at) {
        const known = connected.get(at.spanId);
        if (known !== undefined) {
          verdict = known;
          break;
        }
        path.push(at.spanId);
        if (!at.parentSpanId || anchors.has(at.spanId)) {
          verdict = true;
          break;
        }
        if (path.length > this.spans.size) break; // a parent cycle (bad data): not shown until loaded
        at = this.spans.get(at.parentSpanId);
      }
      for (const id of path) connected.set(id, verdict);
      if (verdict) visible.push(anchors.has(span.spanId) ? { ...span, parentSpanId: undefined } : span);
    }
    return visible;
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
