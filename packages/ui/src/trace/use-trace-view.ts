import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { LiveTrace } from '../model/live-trace';
import {
  deepestError,
  errorSpans,
  findMatches,
  isActive,
  type SpanQuery,
  type StateFilter,
  stepThrough,
  warmSearchText,
  withAncestors,
} from '../model/span-search';
import { readTraceUrl, writeTraceUrl } from '../model/trace-url';
import { parentsBelow, revealSpan, type TreeView, treeRows } from '../model/tree-rows';
import { tracePath } from '../routing/navigation';
import { useSpanTree } from './use-span-tree';

/** Typing pauses this long before a search runs over a big trace. */
const SEARCH_DEBOUNCE_MS = 150;
/** Spans whose search text is built per macrotask while the search box has focus (a few ms each). */
const WARM_CHUNK = 2_000;

const EMPTY_VIEW: TreeView = { collapsed: new Set(), unfolded: new Set() };

/**
 * The trace view's interaction state (what is hidden, selected and searched)
 * and the rows derived from it. Search and reveal work on the tree built once
 * per change of the spans; only the rows in view are rendered.
 */
export function useTraceView(traceId: string, trace: LiveTrace, version: number) {
  const [initialUrl] = useState(() => readTraceUrl(window.location.search));
  const tree = useSpanTree(trace, version);
  const [view, setView] = useState<TreeView>(EMPTY_VIEW);
  const [selectedId, setSelectedId] = useState<string | undefined>();
  /** Bumped to ask the grid to scroll the selected row into view. */
  const [scrollRequest, setScrollRequest] = useState(0);

  const [text, setText] = useState(initialUrl.q ?? '');
  const [searched, setSearched] = useState(text);
  const [states, setStates] = useState<ReadonlySet<StateFilter>>(() => new Set());
  const [onlyMatches, setOnlyMatches] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setSearched(text), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  const query: SpanQuery = useMemo(() => ({ text: searched, states }), [searched, states]);
  const matches = useMemo(() => findMatches(tree, query), [tree, query]);
  const matchIds = useMemo(() => new Set(matches.map((span) => span.spanId)), [matches]);
  const only = useMemo(
    () => (onlyMatches && isActive(query) ? withAncestors(tree, matches) : undefined),
    [onlyMatches, query, tree, matches],
  );
  const rows = useMemo(() => treeRows(tree, only ? { ...view, only } : view), [tree, view, only]);

  const goTo = useCallback(
    (spanId: string) => {
      setView((previous) => revealSpan(tree, previous, spanId));
      if (only && !only.has(spanId)) setOnlyMatches(false);
      setSelectedId(spanId);
      setScrollRequest((n) => n + 1);
    },
    [tree, only],
  );

  const stepMatch = useCallback(
    (step: 1 | -1) => {
      const at = stepThrough(tree, matches, selectedId, step);
      if (at !== undefined) goTo(matches[at]!.spanId);
    },
    [tree, matches, selectedId, goTo],
  );

  // A new search jumps to its first match.
  const lastQuery = useRef<SpanQuery | undefined>(undefined);
  useEffect(() => {
    if (lastQuery.current === query) return;
    const first = lastQuery.current === undefined ? undefined : matches[0];
    lastQuery.current = query;
    if (first) goTo(first.spanId);
  }, [query, matches, goTo]);

  // Opening the page selects the span of the URL, else the deepest failed span (else the root is shown).
  const settled = useRef(false);
  useEffect(() => {
    if (settled.current || tree.order.length === 0) return;
    const wanted = initialUrl.span;
    if (wanted && !tree.byId.has(wanted)) return; // it may still arrive
    settled.current = true;
    const target = wanted ?? deepestError(tree)?.spanId;
    if (target) goTo(target);
  }, [tree, initialUrl, goTo]);

  // The URL keeps the selection and the search, so a reload or a shared link shows the same.
  // Not before the opening selection is made: a linked span that has not arrived stays in the URL.
  useEffect(() => {
    const path = tracePath(traceId);
    if (!settled.current || window.location.pathname !== path) return;
    const search = writeTraceUrl(window.location.search, { span: selectedId, q: searched.trim() });
    if (search !== window.location.search)
      window.history.replaceState(window.history.state, '', `${path}${search}${window.location.hash}`);
  }, [traceId, selectedId, searched]);

  const select = useCallback((spanId: string) => setSelectedId(spanId), []);

  /** Opens or closes a span's children; `deep` does the same to every subtree below it. */
  const toggle = useCallback(
    (spanId: string, deep = false) => {
      setView((previous) => {
        const collapsed = new Set(previous.collapsed);
        const closing = !collapsed.has(spanId);
        for (const id of deep ? parentsBelow(tree, spanId) : [spanId]) {
          if (closing) collapsed.add(id);
          else collapsed.delete(id);
        }
        return { ...previous, collapsed };
      });
    },
    [tree],
  );

  const unfold = useCallback((key: string) => {
    setView((previous) => ({ ...previous, unfolded: new Set(previous.unfolded).add(key) }));
  }, []);

  const refold = useCallback((key: string) => {
    setView((previous) => {
      const unfolded = new Set(previous.unfolded);
      unfolded.delete(key);
      return { ...previous, unfolded };
    });
  }, []);

  const expandAll = useCallback(() => {
    setView({ collapsed: new Set(), unfolded: new Set([...tree.folds.values()].map((fold) => fold.key)) });
    setScrollRequest((n) => n + 1);
  }, [tree]);

  const collapseAll = useCallback(() => {
    setView((previous) => ({ ...previous, collapsed: new Set(tree.children.keys()) }));
  }, [tree]);

  const nextError = useCallback(() => {
    const errors = errorSpans(tree);
    const at = stepThrough(tree, errors, selectedId, 1);
    if (at !== undefined) goTo(errors[at]!.spanId);
  }, [tree, selectedId, goTo]);

  // Focusing the search box builds the spans' search text in small chunks,
  // so the first search of a 100,000-span trace does not stall the page.
  const warming = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const warm = useCallback(() => {
    clearTimeout(warming.current);
    const step = (from: number) => {
      const next = warmSearchText(tree.order, from, WARM_CHUNK);
      if (next < tree.order.length) warming.current = setTimeout(() => step(next), 0);
    };
    step(0);
  }, [tree]);
  useEffect(() => () => clearTimeout(warming.current), []);

  /** Runs the typed search now (Enter does not wait for the pause). */
  const searchNow = useCallback(() => setSearched(text), [text]);

  return {
    tree,
    rows,
    selectedId,
    scrollRequest,
    select,
    toggle,
    unfold,
    refold,
    expandAll,
    collapseAll,
    nextError,
    search: {
      text,
      pending: text !== searched,
      setText,
      searchNow,
      warm,
      states,
      setStates,
      onlyMatches,
      setOnlyMatches,
      active: isActive(query),
      needle: searched,
      matches,
      matchIds,
      stepMatch,
    },
  };
}

/** The search part of {@link useTraceView}, for the search bar. */
export type TraceSearchState = ReturnType<typeof useTraceView>['search'];
