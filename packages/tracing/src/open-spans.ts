import type { ReadableSpan } from '@opentelemetry/sdk-trace-base';

/** What a span looked like when it was last exported while open. */
interface SentState {
  attributes: Record<string, unknown>;
  attributeCount: number;
  eventCount: number;
  name: string;
}

/**
 * The spans still open, with what was last exported of each: what the
 * heartbeat needs to re-export changed spans and keep quiet traces alive.
 */
export class OpenSpans {
  private readonly spans = new Map<ReadableSpan, SentState | undefined>();

  add(span: ReadableSpan): void {
    this.spans.set(span, undefined);
  }

  delete(span: ReadableSpan): void {
    this.spans.delete(span);
  }

  clear(): void {
    this.spans.clear();
  }

  /** Notes what is being exported of `span`, if it is still open. */
  markSent(span: ReadableSpan): void {
    if (this.spans.has(span)) this.spans.set(span, sentState(span));
  }

  /**
   * Spans to export again on a heartbeat: those whose attributes, events or
   * name changed since their last export, and one span of every other trace
   * with open spans, as a sign of life, so the server does not call the run stale.
   */
  due(): ReadableSpan[] {
    const due: ReadableSpan[] = [];
    const covered = new Set<string>();
    const idle: ReadableSpan[] = [];
    for (const [span, sent] of this.spans) {
      if (sent === undefined) continue; // its start snapshot has not gone out yet
      if (hasChanged(span, sent)) {
        covered.add(span.spanContext().traceId);
        due.push(span);
      } else {
        idle.push(span);
      }
    }
    for (const span of idle) {
      const traceId = span.spanContext().traceId;
      if (covered.has(traceId)) continue;
      covered.add(traceId);
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
    name: span.name,
  };
}

function hasChanged(span: ReadableSpan, sent: SentState): boolean {
  if (span.events.length !== sent.eventCount || span.name !== sent.name) return true;
  let count = 0;
  for (const key in span.attributes) {
    count++;
    if (span.attributes[key] !== sent.attributes[key]) return true;
  }
  return count !== sent.attributeCount;
}
