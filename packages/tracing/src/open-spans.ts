import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** What a span looked like when it was last exported while open. */
interface SentState {
  attributes: Record<string, unknown>;
  attributeCount: number;
  eventCount: number;
  linkCount: number;
  name: string;
  statusCode: number;
  statusMessage: string | undefined;
  /** When it was exported, ms since the epoch. */
  sentAt: number;
}

/**
 * The spans still open whose start was exported, with what was last exported
 * of each: what live updates need to re-export changed spans, and the
 * heartbeat to keep quiet traces alive. A span is tracked from its first
 * export, not from its start: most spans of a busy app end before their start
 * goes out, and never need tracking (a map entry per span cost ~2% of the app's
 * CPU in bench/processor).
 */
export class OpenSpans {
  private readonly spans = new Map<ReadableSpan, SentState>();
  /** Spans picked as a sign of life: their next export is no news, so it does not count as the trace's activity. */
  private readonly signsOfLife = new WeakSet<ReadableSpan>();

  get size(): number {
    return this.spans.size;
  }

  delete(span: ReadableSpan): void {
    this.spans.delete(span);
  }

  clear(): void {
    this.spans.clear();
  }

  /** Notes what is being exported of `span`, and tracks it from now on unless it has ended. */
  markSent(span: ReadableSpan): void {
    if (span.ended) return;
    const previous = this.spans.get(span);
    const state = sentState(span);
    if (this.signsOfLife.delete(span) && previous && !hasChanged(span, previous))
      state.sentAt = previous.sentAt;
    this.spans.set(span, state);
  }

  /** Spans whose attributes, events, links, name or status changed since their last export. */
  changed(): ReadableSpan[] {
    const changed: ReadableSpan[] = [];
    for (const [span, sent] of this.spans) {
      if (hasChanged(span, sent)) changed.push(span);
    }
    return changed;
  }

  /**
   * Spans to export again on a heartbeat: those that changed since their last
   * export, and one span of every other trace with open spans, as a sign of
   * life, so the server does not call the run stale. A trace one of whose
   * open spans was exported after `quietSince` (ms since the epoch) already
   * showed it is alive.
   */
  due(quietSince = Number.POSITIVE_INFINITY): ReadableSpan[] {
    const due: ReadableSpan[] = [];
    const covered = new Set<string>();
    const idle: ReadableSpan[] = [];
    for (const [span, sent] of this.spans) {
      if (hasChanged(span, sent)) {
        covered.add(span.spanContext().traceId);
        due.push(span);
      } else {
        if (sent.sentAt > quietSince) covered.add(span.spanContext().traceId);
        idle.push(span);
      }
    }
    for (const span of idle) {
      const traceId = span.spanContext().traceId;
      if (covered.has(traceId)) continue;
      covered.add(traceId);
      this.signsOfLife.add(span);
      due.push(span);
    }
    return due;
  }
}

function sentState(span: ReadableSpan): SentState {
  const attributes = { ...span.attributes };
  return {
    attributes,
    attributeCount: Object.keys(attributes).length,
    eventCount: span.events.length,
    linkCount: span.links.length,
    name: span.name,
    statusCode: span.status.code,
    statusMessage: span.status.message,
    sentAt: Date.now(),
  };
}

/** Cheap checks first; attribute values are compared by identity, as the SDK replaces them on set. */
function hasChanged(span: ReadableSpan, sent: SentState): boolean {
  if (
    span.events.length !== sent.eventCount ||
    span.links.length !== sent.linkCount ||
    span.name !== sent.name ||
    span.status.code !== sent.statusCode ||
    span.status.message !== sent.statusMessage
  ) {
    return true;
  }
  let count = 0;
  for (const key in span.attributes) {
    count++;
    if (span.attributes[key] !== sent.attributes[key]) return true;
  }
  return count !== sent.attributeCount;
}
