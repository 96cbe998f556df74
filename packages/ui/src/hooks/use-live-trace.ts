import { useEffect, useMemo, useState } from 'react';
import { parseServerData } from '../api/parse';
import { type Span, type TraceDetail, type TraceSummary, traceStreamEvents } from '../api/schemas';
import { createFrameBatcher } from '../live/frame-batcher';
import { LiveTrace } from '../model/live-trace';
import { useEventStream } from './use-event-stream';

type Action =
  | { kind: 'reset'; trace: TraceDetail | null }
  | { kind: 'span'; span: Span }
  | { kind: 'summary'; summary: TraceSummary };

/** One trace kept live from `/api/traces/:id/stream`. */
export interface LiveTraceState {
  trace: LiveTrace;
  /** Changes whenever `trace` changed (use it as a memo key). */
  version: number;
  /** A snapshot has arrived (before that, nothing is known). */
  loaded: boolean;
}

/**
 * Subscribes to one trace's stream. Events are validated as they arrive and
 * applied once per animation frame; a `snapshot` (first connect, or a
 * reconnect the server could not replay) replaces the state.
 */
export function useLiveTrace(traceId: string): LiveTraceState {
  // The page is keyed by trace id, so one LiveTrace per mount.
  const [trace] = useState(() => new LiveTrace());
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);

  const batcher = useMemo(
    () =>
      createFrameBatcher<Action>((actions) => {
        for (const action of actions) {
          if (action.kind === 'reset') trace.reset(action.trace);
          else if (action.kind === 'span') trace.upsert(action.span);
          else trace.setSummary(action.summary);
        }
        if (actions.some((action) => action.kind === 'reset')) setLoaded(true);
        setVersion(trace.version);
      }),
    [trace],
  );
  useEffect(() => () => batcher.dispose(), [batcher]);

  const url = `/api/traces/${encodeURIComponent(traceId)}/stream`;
  const source = `${url} event`;
  const onSpan = (name: 'span_start' | 'span_update' | 'span_end') => (data: unknown) =>
    batcher.push({
      kind: 'span',
      span: parseServerData(traceStreamEvents[name], data, `${source} ${name}`).span,
    });
  useEventStream(url, {
    snapshot: (data) =>
      batcher.push({
        kind: 'reset',
        trace: parseServerData(traceStreamEvents.snapshot, data, `${source} snapshot`).trace,
      }),
    span_start: onSpan('span_start'),
    span_update: onSpan('span_update'),
    span_end: onSpan('span_end'),
    // Keeps the summary (status, stale reason, sender) current, also when the snapshot was null.
    trace_update: (data) =>
      batcher.push({
        kind: 'summary',
        summary: parseServerData(traceStreamEvents.trace_update, data, `${source} trace_update`).trace,
      }),
    trace_end: (data) =>
      batcher.push({
        kind: 'summary',
        summary: parseServerData(traceStreamEvents.trace_end, data, `${source} trace_end`).trace,
      }),
  });

  return { trace, version, loaded };
}
