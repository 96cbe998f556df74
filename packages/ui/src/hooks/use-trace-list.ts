import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchTraces } from '../api/client';
import { parseServerData } from '../api/parse';
import { listStreamEvents, type TraceSummary } from '../api/schemas';
import { setAppStatus } from '../live/app-status-store';
import { createFrameBatcher } from '../live/frame-batcher';
import { mergeSummary } from '../model/merge-summary';
import { type TraceFilter, visibleTraces } from '../model/trace-list';
import { useEventStream } from './use-event-stream';

type Action =
  | { kind: 'reset'; traces: TraceSummary[] }
  | { kind: 'upsert'; trace: TraceSummary }
  | { kind: 'delete'; traceId: string };

const PAGE_SIZE = 100;

/** The live trace list for one filter. */
export interface TraceListState {
  /** Matching traces, newest first. */
  traces: TraceSummary[];
  /** Whether the live stream's first snapshot has arrived. */
  loaded: boolean;
  /** More (older) matches exist on the server. */
  hasMore: boolean;
  loadingMore: boolean;
  /** Last error of a page fetch. */
  error: string | undefined;
  /** Fetches the next older page. */
  loadMore(): void;
}

/**
 * All traces the client knows: the stream's snapshot (newest 100), live
 * `trace_*` events, and older pages fetched on demand with the server-side
 * filter and `continuationToken`. Known traces are filtered locally, so
 * live ones appear at once.
 */
export function useTraceList(filter: TraceFilter): TraceListState {
  const known = useRef(new Map<string, TraceSummary>());
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [token, setToken] = useState<string | undefined>();
  const [pageState, setPageState] = useState<{ loading: boolean; error?: string; done: boolean }>({
    loading: false,
    done: false,
  });

  const batcher = useMemo(
    () =>
      createFrameBatcher<Action>((actions) => {
        const map = known.current;
        for (const action of actions) {
          if (action.kind === 'reset') {
            map.clear();
            for (const trace of action.traces) map.set(trace.traceId, trace);
          } else if (action.kind === 'upsert') {
            map.set(action.trace.traceId, mergeSummary(map.get(action.trace.traceId), action.trace));
          } else {
            map.delete(action.traceId);
          }
        }
        if (actions.some((action) => action.kind === 'reset')) setLoaded(true);
        setVersion((v) => v + 1);
      }),
    [],
  );
  useEffect(() => () => batcher.dispose(), [batcher]);

  const upsert = (name: 'trace_start' | 'trace_update' | 'trace_end') => (data: unknown) =>
    batcher.push({
      kind: 'upsert',
      trace: parseServerData(listStreamEvents[name], data, `/api/stream ${name}`).trace,
    });
  useEventStream('/api/stream', {
    snapshot: (data) => {
      const snapshot = parseServerData(listStreamEvents.snapshot, data, '/api/stream snapshot');
      if (snapshot.app) setAppStatus(snapshot.app);
      batcher.push({ kind: 'reset', traces: snapshot.traces });
    },
    app: (data) => setAppStatus(parseServerData(listStreamEvents.app, data, '/api/stream app').app),
    trace_start: upsert('trace_start'),
    trace_update: upsert('trace_update'),
    trace_end: upsert('trace_end'),
    trace_delete: (data) =>
      batcher.push({
        kind: 'delete',
        traceId: parseServerData(listStreamEvents.trace_delete, data, '/api/stream trace_delete').traceId,
      }),
  });

  const abort = useRef<AbortController | undefined>(undefined);
  const fetchPage = useCallback(
    (continuationToken: string | undefined) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      setPageState({ loading: true, done: false });
      const status = filter.status === 'all' ? undefined : filter.status;
      fetchTraces({ name: filter.name, status, limit: PAGE_SIZE, continuationToken }, controller.signal).then(
        (page) => {
          for (const trace of page.traces) batcher.push({ kind: 'upsert', trace });
          setToken(page.continuationToken);
          setPageState({ loading: false, done: !page.continuationToken });
        },
        (error: unknown) => {
          if (controller.signal.aborted) return;
          setPageState({
            loading: false,
            done: false,
            error: error instanceof Error ? error.message : String(error),
          });
        },
      );
    },
    [filter.name, filter.status, batcher],
  );

  // A new filter starts paging from the newest match again (debounced while typing).
  useEffect(() => {
    const timer = setTimeout(() => fetchPage(undefined), 200);
    return () => {
      clearTimeout(timer);
      abort.current?.abort();
    };
  }, [fetchPage]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` marks changes to the mutable map.
  const traces = useMemo(() => visibleTraces(known.current.values(), filter), [version, filter]);
  const loadMore = useCallback(() => {
    if (!pageState.loading && token) fetchPage(token);
  }, [pageState.loading, token, fetchPage]);

  return {
    traces,
    loaded,
    hasMore: Boolean(token) && !pageState.done,
    loadingMore: pageState.loading,
    error: pageState.error,
    loadMore,
  };
}
