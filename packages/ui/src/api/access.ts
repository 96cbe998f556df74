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

/**
 * `'ok'`: the cookie is set; `'wrong'`: the server refused the token. Other
 * refusals (too many wrong tokens: 429) throw with the server's message.
 */
export async function submitToken(token: string): Promise<'ok' | 'wrong'> {
  const response = await fetch('/api/session', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (response.status === 401) return 'wrong';
  if (!response.ok) {
    const body = (await response.json().catch(() => undefined)) as { error?: unknown } | undefined;
    throw new Error(typeof body?.error === 'string' ? body.error : `the server answered ${response.status}`);
  }
  return 'ok';
}

/** True once the server said it uses a token and this browser holds a session for it. */
let signedIn = false;

/** Asks the server whether it uses a token, at start: the prompt shows at once when the cookie is missing. */
export async function loadSession(): Promise<void> {
  const response = await fetch('/api/session', { headers: { accept: 'application/json' } }).catch(
    () => undefined,
  );
  if (response?.status === 401) return requireToken();
  const body = (await response?.json().catch(() => undefined)) as { tokenRequired?: unknown } | undefined;
  if (body?.tokenRequired !== true) return;
  signedIn = true;
  for (const listener of listeners) listener();
}

/** Ends this browser's session (the server expires the cookie) and asks for the token again. */
export async function signOut(): Promise<void> {
  await fetch('/api/session', { method: 'DELETE' });
  window.location.reload();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** True once the server asked for the token. */
export function useTokenRequired(): boolean {
  return useSyncExternalStore(subscribe, () => tokenRequired);
}

/** True while this browser holds a session for a server that uses a token: it can sign out. */
export function useSignedIn(): boolean {
  return useSyncExternalStore(subscribe, () => signedIn && !tokenRequired);
}
