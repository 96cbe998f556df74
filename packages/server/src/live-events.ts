import type { SpanData } from '@livespan/tracing/wire';
import type { AppStatus } from './app-status.js';
import type { LiveHub } from './live-hub.js';
import type { TraceSummary } from './trace-summary.js';

/** A span as the API returns it, with livespan's output-only fields. */
export type ApiSpan = SpanData & {
  stale?: true;
  staleReason?: string;
  staleSince?: number;
  placeholder?: true;
};

/** Events on `GET /api/traces/:traceId/stream` (besides `snapshot`). */
export type TraceStreamEvent =
  | { type: 'span_start' | 'span_update' | 'span_end'; traceId: string; span: ApiSpan }
  | { type: 'trace_update' | 'trace_end'; traceId: string; trace: TraceSummary }
  | { type: 'trace_delete'; traceId: string };

/** Events on `GET /api/stream` (besides `snapshot`). */
export type ListStreamEvent =
  | { type: 'trace_start' | 'trace_update' | 'trace_end'; trace: TraceSummary }
  | { type: 'trace_delete'; traceId: string }
  | { type: 'traces_clear' }
  | { type: 'app'; app: AppStatus };

/** The hub channel of the trace-list stream. */
export const LIST_CHANNEL = 'list';

/** The hub channel of one trace's stream. */
export function traceChannel(traceId: string): string {
  return `trace:${traceId}`;
}

/** A live event and the stream it goes out on. */
export type LiveEvent =
  | { stream: 'trace'; event: TraceStreamEvent }
  | { stream: 'list'; event: ListStreamEvent };

/** Publishes an event on its stream's channel, named by its type: the one place both are derived. */
export function publish(hub: LiveHub, live: LiveEvent): void {
  if (live.stream === 'trace') hub.publish(traceChannel(live.event.traceId), live.event.type, live.event);
  else hub.publish(LIST_CHANNEL, live.event.type, live.event);
}
