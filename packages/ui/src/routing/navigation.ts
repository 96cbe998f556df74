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

/** Goes to `path` (same origin), adding a history entry. */
export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  window.scrollTo(0, 0);
  for (const listener of listeners) listener();
}

/** The current path, re-rendering on navigation. */
export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** The screens of the UI. */
export type Route =
  | { page: 'traces' }
  | { page: 'trace'; traceId: string }
  | { page: 'flows' }
  | { page: 'not-found' };

/** Maps a path to its screen. */
export function matchRoute(pathname: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path === '/traces') return { page: 'traces' };
  if (path === '/flows') return { page: 'flows' };
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
