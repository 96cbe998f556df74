import type { SpanData } from '@livespan/tracing/wire';
import type { AppStatus } from './app-status.js';
import type { LiveHub } from './live-hub.js';
import type { ModelUsage } from './model-usage.js';
import type { UsualFields } from './span-extras.js';
import type { TraceSummary } from './trace-summary.js';

/** A span as the API returns it, with livespan's output-only fields. */
export type ApiSpan = SpanData &
  UsualFields & {
    stale?: true;
    staleReason?: string;
    staleSince?: number;
    placeholder?: true;
    /** Tokens of a model span (model-usage.ts), with its cost when the model has a price. */
    usage?: ModelUsage & { costUsd?: number };
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

/** A live event as the hub carries it: its stream's channel, its name (its type) and its data. */
export type HubMessage = [channel: string, event: string, data: LiveEvent['event']];

/** The channel and name of a live event: the one place both are derived. */
export function toHubMessage(live: LiveEvent): HubMessage {
  const channel = live.stream === 'trace' ? traceChannel(live.event.traceId) : LIST_CHANNEL;
  return [channel, live.event.type, live.event];
}

/** Publishes an event on its stream's channel, named by its type. */
export function publish(hub: LiveHub, live: LiveEvent): void {
  hub.publish(...toHubMessage(live));
}
