import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { fetchTraces, type TraceQuery } from '../api/client';
import { parseServerData } from '../api/parse';
import { listStreamEvents, type TraceSummary } from '../api/schemas';
import { setAppStatus } from '../live/app-status-store';
import { createFrameBatcher } from '../live/frame-batcher';
import { mergeSummary } from '../model/merge-summary';
import { resolveRange } from '../model/time-range';
import { matchesFilter, surelyMatchesQuery, type TraceFilter, visibleTraces } from '../model/trace-list';
import { useEventStream } from './use-event-stream';

type Action =
  | { kind: 'reset'; traces: TraceSummary[] }
  | { kind: 'upsert'; trace: TraceSummary; live: boolean }
  | { kind: 'delete'; traceId: string };

const PAGE_SIZE = 100;
const NONE_FOUND: ReadonlySet<string> = new Set();
/** While searching, live changes to traces the search has not found re-ask the server at most this often. */
const RECHECK_MS = 1000;

/** The live trace list for one filter. */
export interface TraceListState {
  /** Matching traces, newest first. */
  traces: TraceSummary[];
  /** Whether the live stream's first snapshot has arrived. */
  loaded: boolean;
  /** More (older) matches exist on the server. */
  hasMore: boolean;
  loadingMore: boolean;
  /** A search waits for the server's first answer (its matches are not known yet). */
  searching: boolean;
  /** Last error of a page fetch. */
  error: string | undefined;
  /** Fetches the next older page. */
  loadMore(): void;
}

/** The server query of `filter` (time presets resolved now). */
function queryOf(filter: TraceFilter): TraceQuery {
  const { since, until } = resolveRange(filter.range, Date.now());
  return { q: filter.q, status: filter.statuses.join(','), since, until };
}

/**
 * All traces the client knows: the stream's snapshot (newest 100), live
 * `trace_*` events, and older pages fetched on demand with the server-side
 * filter and `continuationToken`. Status and time range are checked locally,
 * so live traces appear at once; a search (`q`) may match any span, which
 * only the server knows, so a trace shows when a server page found it (or
 * its summary proves the match), and live changes to other traces re-ask
 * the server for the newest matches.
 */
export function useTraceList(filter: TraceFilter): TraceListState {
  const known = useRef(new Map<string, TraceSummary>());
  /** Traces the server returned for the search `q`. */
  const found = useRef({ q: '', ids: new Set<string>() });
  const filterRef = useRef(filter);
  filterRef.current = filter;
  const recheckRef = useRef<() => void>(() => {});
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
        const current = filterRef.current;
        let unsure = false;
        for (const action of actions) {
          if (action.kind === 'reset') {
            map.clear();
            for (const trace of action.traces) map.set(trace.traceId, trace);
          } else if (action.kind === 'upsert') {
            const { trace } = action;
            map.set(trace.traceId, mergeSummary(map.get(trace.traceId), trace));
            unsure ||=
              action.live &&
              current.q !== '' &&
              !found.current.ids.has(trace.traceId) &&
              !surelyMatchesQuery(trace, current.q) &&
              matchesFilter(trace, current, Date.now());
          } else {
            map.delete(action.traceId);
          }
        }
        if (actions.some((action) => action.kind === 'reset')) setLoaded(true);
        setVersion((v) => v + 1);
        if (unsure) recheckRef.current();
      }),
    [],
  );
  useEffect(() => () => batcher.dispose(), [batcher]);

  const upsert = (name: 'trace_start' | 'trace_update' | 'trace_end') => (data: unknown) =>
    batcher.push({
      kind: 'upsert',
      live: true,
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
    traces_clear: (data) => {
      parseServerData(listStreamEvents.traces_clear, data, '/api/stream traces_clear');
      found.current.ids.clear();
      setToken(undefined);
      batcher.push({ kind: 'reset', traces: [] });
    },
  });

  const abort = useRef<AbortController | undefined>(undefined);
  const fetchPage = useCallback(
    (continuationToken: string | undefined) => {
      abort.current?.abort();
      const controller = new AbortController();
      abort.current = controller;
      if (continuationToken === undefined) found.current = { q: filter.q, ids: new Set() };
      setPageState({ loading: true, done: false });
      fetchTraces({ ...queryOf(filter), limit: PAGE_SIZE, continuationToken }, controller.signal).then(
        (page) => {
          for (const trace of page.traces) {
            found.current.ids.add(trace.traceId);
            batcher.push({ kind: 'upsert', trace, live: false });
          }
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
    [filter, batcher],
  );

  // A new filter starts paging from the newest match again (debounced while typing).
  useEffect(() => {
    const timer = setTimeout(() => fetchPage(undefined), 200);
    return () => {
      clearTimeout(timer);
      abort.current?.abort();
    };
  }, [fetchPage]);

  // Re-asks for the newest page of search matches, adding what it finds (paging state stays).
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const controller = new AbortController();
    recheckRef.current = () => {
      if (timer !== undefined) return;
      timer = setTimeout(() => {
        fetchTraces({ ...queryOf(filter), limit: PAGE_SIZE }, controller.signal).then(
          (page) => {
            timer = undefined;
            for (const trace of page.traces) {
              found.current.ids.add(trace.traceId);
              batcher.push({ kind: 'upsert', trace, live: false });
            }
          },
          () => {
            // Best effort: the next live change asks again.
            timer = undefined;
          },
        );
      }, RECHECK_MS);
    };
    return () => {
      recheckRef.current = () => {};
      clearTimeout(timer);
      controller.abort();
    };
  }, [filter, batcher]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` marks changes to the mutable map.
  const traces = useMemo(() => {
    const { q, ids } = found.current;
    return visibleTraces(known.current.values(), filter, Date.now(), q === filter.q ? ids : NONE_FOUND);
  }, [version, filter]);
  const loadMore = useCallback(() => {
    if (!pageState.loading && token) fetchPage(token);
  }, [pageState.loading, token, fetchPage]);

  return {
    traces,
    loaded,
    hasMore: Boolean(token) && !pageState.done,
    loadingMore: pageState.loading,
    searching: filter.q !== '' && (found.current.q !== filter.q || (pageState.loading && !token)),
    error: pageState.error,
    loadMore,
  };
}
