import type { ApiSpan, ApiTrace, TraceSummary } from '@livespan/server';
import type { LivespanApi, TraceStreamMessage } from './livespan-api.js';
import { failureOrigins, staleFrontier } from './trace-digest.js';

/** What `wait_for_trace` waits for. */
export type WaitUntil = 'end' | 'error' | 'stale' | 'span';

/** How a wait ended: the awaited thing, or something that makes it moot, or the timeout. */
export type WaitOutcome = 'ended' | 'error' | 'stale' | 'span' | 'timeout';

/** A trace as its live stream has shown it so far. */
export class LiveTrace {
  summary: TraceSummary | undefined;
  readonly spans = new Map<string, ApiSpan>();

  /** Applies one stream message; span and trace events are upserts (a few may repeat the snapshot). */
  apply(message: TraceStreamMessage): void {
    switch (message.type) {
      case 'snapshot':
        this.spans.clear();
        this.summary = undefined;
        if (message.trace) {
          const { spans, ...summary } = message.trace;
          this.summary = summary;
          for (const span of Object.values(spans)) this.spans.set(span.spanId, span);
        }
        return;
      case 'span_start':
      case 'span_update':
      case 'span_end':
        this.spans.set(message.span.spanId, message.span);
        return;
      case 'trace_update':
      case 'trace_end':
        this.summary = message.trace;
        return;
      default:
        return;
    }
  }

  /** As `GET /api/traces/:id` would answer, or undefined before anything arrived. */
  toTrace(): ApiTrace | undefined {
    return this.summary && { ...this.summary, spans: Object.fromEntries(this.spans) };
  }
}

/** The outcome the trace has reached for `until`, with the span that shows it; undefined to keep waiting. */
export function outcomeOf(
  live: LiveTrace,
  until: WaitUntil,
  spanName?: string,
): { outcome: Exclude<WaitOutcome, 'timeout'>; span?: ApiSpan } | undefined {
  if (until === 'span') {
    const span = [...live.spans.values()].find((s) => s.displayName === spanName && !s.placeholder);
    if (span) return { outcome: 'span', span };
  }
  if (until === 'error') {
    const [failing] = failureOrigins(live.spans);
    if (failing) return { outcome: 'error', span: failing };
  }
  const status = live.summary?.status;
  if (status === 'stale') {
    const [stopped] = staleFrontier(live.spans);
    return { outcome: 'stale', ...(stopped && { span: stopped }) };
  }
  if (status === 'ok' || status === 'error') {
    const [failing] = failureOrigins(live.spans);
    return { outcome: 'ended', ...(failing && { span: failing }) };
  }
  return undefined;
}

export interface WaitResult {
  outcome: WaitOutcome;
  /** The failing, stale or awaited span, when there is one. */
  span?: ApiSpan;
  /** The trace as last seen; undefined when nothing of it arrived. */
  trace: ApiTrace | undefined;
}

/**
 * Follows the trace's live stream (no polling) until `until` is reached, the
 * trace reaches a state that makes it moot (ended, stale), `timeoutMs`
 * passes or `signal` aborts (the client cancelled). `onChange` hears every
 * applied event, for progress notifications.
 */
export async function waitForTrace(
  api: LivespanApi,
  traceId: string,
  options: {
    until: WaitUntil;
    spanName?: string;
    timeoutMs: number;
    signal?: AbortSignal;
    onChange?: () => void;
  },
): Promise<WaitResult> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const stop = new AbortController();
  const signal = AbortSignal.any([timeout, stop.signal, ...(options.signal ? [options.signal] : [])]);
  const live = new LiveTrace();
  try {
    for await (const message of api.streamTrace(traceId, signal)) {
      live.apply(message);
      // Judge only whole ingests: the server sends a summary after each ingest's span events, and within
      // one ingest a failing parent's end comes before its failing child's, which would hide the origin.
      const wholeIngest =
        message.type === 'snapshot' || message.type === 'trace_update' || message.type === 'trace_end';
      const reached = wholeIngest ? outcomeOf(live, options.until, options.spanName) : undefined;
      if (reached) return { ...reached, trace: await current(api, traceId, live) };
      options.onChange?.();
    }
  } finally {
    stop.abort();
  }
  if (options.signal?.aborted) throw new Error('cancelled by the client');
  if (!timeout.aborted) throw new Error(`the live stream of trace ${traceId} ended before the trace did`);
  return { outcome: 'timeout', trace: await current(api, traceId, live) };
}

/**
 * The trace as the stream showed it; the stored trace when span events came
 * before any summary (a trace that began after the stream's empty snapshot).
 */
async function current(api: LivespanApi, traceId: string, live: LiveTrace): Promise<ApiTrace | undefined> {
  const seen = live.toTrace();
  if (seen || live.spans.size === 0) return seen;
  return api.getTrace(traceId).catch(() => undefined);
}
