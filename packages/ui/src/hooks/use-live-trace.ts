import { useEffect, useMemo, useState } from 'react';
import { loadTraceSpans } from '../api/load-trace-spans';
import { parseServerData } from '../api/parse';
import { type Span, type TraceDetail, type TraceSummary, traceStreamEvents } from '../api/schemas';
import { createFrameBatcher } from '../live/frame-batcher';
import { LiveTrace } from '../model/live-trace';
import { useEventStream } from './use-event-stream';

type Action =
  | { kind: 'reset'; trace: TraceDetail | null }
  | { kind: 'span'; span: Span }
  | { kind: 'summary'; summary: TraceSummary }
  | { kind: 'page'; spans: Span[]; head: boolean }
  | { kind: 'loaded' };

/** One trace kept live from `/api/traces/:id/stream`. */
export interface LiveTraceState {
  trace: LiveTrace;
  /** Changes whenever `trace` changed (use it as a memo key). */
  version: number;
  /** The snapshot has arrived, and the top of the tree with it (before that, nothing is known). */
  loaded: boolean;
}

/**
 * Subscribes to one trace's stream, whose snapshot carries the summary only;
 * then reads the spans in pages, the top of the tree first, so a
 * 100,000-span trace shows its first rows as soon as a small one. Events are
 * validated as they arrive and applied once per animation frame; a
 * `snapshot` (first connect, or a reconnect the server could not replay)
 * replaces the state and starts the reading again.
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
          if (action.kind === 'reset') trace.reset(action.trace, action.trace !== null);
          else if (action.kind === 'span') trace.upsert(action.span);
          else if (action.kind === 'page') trace.fill(action.spans, action.head);
          else if (action.kind === 'loaded') trace.finishLoading();
          else trace.setSummary(action.summary);
        }
        if (
          actions.some((action) => action.kind === 'page' || action.kind === 'reset') &&
          !trace.awaitingHead
        )
          setLoaded(true);
        setVersion(trace.version);
      }),
    [trace],
  );

  // One reading of the spans per snapshot; a new snapshot aborts the one before.
  const loader = useMemo(() => {
    let current: AbortController | undefined;
    return {
      start() {
        current?.abort();
        const controller = new AbortController();
        current = controller;
        loadTraceSpans(
          traceId,
          (spans, head) => batcher.push({ kind: 'page', spans, head }),
          controller.signal,
        )
          .catch((error: unknown) => {
            if (controller.signal.aborted) return;
            // Keep what arrived; the stream still brings every change from now on.
            console.error(`livespan: could not read all spans of trace ${traceId}:`, error);
          })
          .finally(() => {
            if (!controller.signal.aborted) batcher.push({ kind: 'loaded' });
          });
      },
      stop: () => current?.abort(),
    };
  }, [traceId, batcher]);
  useEffect(
    () => () => {
      loader.stop();
      batcher.dispose();
    },
    [batcher, loader],
  );

  const url = `/api/traces/${encodeURIComponent(traceId)}/stream?snapshot=summary`;
  const source = `${url} event`;
  const onSpan = (name: 'span_start' | 'span_update' | 'span_end') => (data: unknown) =>
    batcher.push({
      kind: 'span',
      span: parseServerData(traceStreamEvents[name], data, `${source} ${name}`).span,
    });
  useEventStream(url, {
    snapshot: (data) => {
      const snapshot = parseServerData(traceStreamEvents.snapshot, data, `${source} snapshot`).trace;
      batcher.push({ kind: 'reset', trace: snapshot });
      if (snapshot) loader.start();
      else loader.stop();
    },
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
