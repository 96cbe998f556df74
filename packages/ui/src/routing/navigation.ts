import { useSyncExternalStore } from 'react';

/**
 * Client-side navigation on the History API (no router library): the URL is
 * the state, so `/traces/:id` links can be shared and reloaded.
 */
const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

const currentUrl = () => window.location.pathname + window.location.search;

/** Goes to `path` (same origin, may carry a `?query`), adding a history entry. */
export function navigate(path: string): void {
  if (path === currentUrl()) return;
  window.history.pushState(null, '', path);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

/** The current path, re-rendering on navigation. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** The current query ("?…" or ""), re-rendering on navigation. */
export function useSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/**
 * Whether a click on a link should be left to the browser (new tab or window,
 * download) instead of navigating in place.
 */
export function isBrowserClick(event: {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
}): boolean {
  return event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey;
}

/** The screens of the UI. */
export type Route =
  | { page: 'traces' }
  | { page: 'trace'; traceId: string }
  | { page: 'flows' }
  /** Two traces side by side; an id is '' when the URL leaves it out. */
  | { page: 'compare'; a: string; b: string }
  | { page: 'not-found' };

/** Maps a path (and its `?query`, for `/compare`) to its screen. */
export function matchRoute(pathname: string, search = ''): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/traces') return { page: 'traces' };
  if (path === '/flows') return { page: 'flows' };
  if (path === '/compare') {
    const params = new URLSearchParams(search);
    return { page: 'compare', a: params.get('a') ?? '', b: params.get('b') ?? '' };
  }
  const trace = /^\/traces\/([^/]+)$/.exec(path);
  if (trace?.[1]) {
    try {
      return { page: 'trace', traceId: decodeURIComponent(trace[1]) };
    } catch {
      return { page: 'not-found' };
    }
  }
  return { page: 'not-found' };
}

/** The path of a trace's view. */
export function tracePath(traceId: string): string {
  return `/traces/${encodeURIComponent(traceId)}`;
}

/** The path of the comparison of trace `a` with trace `b`. */
export function comparePath(a: string, b: string): string {
  return `/compare?${new URLSearchParams({ a, b })}`;
}

/** The path of a trace's view with one span selected (`/traces/:traceId?span=SPANID`). */
export function spanPath(traceId: string, spanId: string): string {
  return `${tracePath(traceId)}?${new URLSearchParams({ span: spanId })}`;
}
