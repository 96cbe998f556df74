import { useSyncExternalStore } from 'react';

/**
 * Whether the server asked for its access token (an API answered 401). The
 * token itself never reaches this code: the server keeps it in an HttpOnly
 * cookie set by `POST /api/session`.
 */
let tokenRequired = false;
const listeners = new Set<() => void>();

/** Called when an API answers 401: the token prompt shows. */
export function requireToken(): void {
  if (tokenRequired) return;
  tokenRequired = true;
  for (const listener of listeners) listener();
}

/**
 * After a stream failed for good: EventSource hides the status, so ask
 * `GET /api/session`, which answers 401 when the cookie is missing or stale.
 */
export async function checkAccess(): Promise<void> {
  const response = await fetch('/api/session', { headers: { accept: 'application/json' } }).catch(
    () => undefined,
  );
  if (response?.status === 401) requireToken();
}

/** `'ok'`: the cookie is set; `'wrong'`: the server refused the token. */
export async function submitToken(token: string): Promise<'ok' | 'wrong'> {
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (response.status === 401) return 'wrong';
  if (!response.ok) throw new Error(`the server answered ${response.status}`);
  return 'ok';
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True once the server asked for the token. */
export function useTokenRequired(): boolean {
  return useSyncExternalStore(subscribe, () => tokenRequired);
}
