import type { TraceSummary } from '../api/schemas';

/** Root names that say only the HTTP method, not what was called. */
const GENERIC_NAMES = new Set([
  'GET',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'HEAD',
  'OPTIONS',
  'CONNECT',
  'TRACE',
]);

/**
 * The route to show beside a trace's name, so rows named "GET" can be told
 * apart: shown when the name is a bare HTTP method or differs from the route
 * (a name like "GET /users/:id" already says it).
 */
export function routeBesideName(trace: Pick<TraceSummary, 'displayName' | 'route'>): string | undefined {
  const { route, displayName } = trace;
  if (!route) return undefined;
  if (GENERIC_NAMES.has(displayName.trim().toUpperCase())) return route;
  return displayName.includes(route) ? undefined : route;
}
