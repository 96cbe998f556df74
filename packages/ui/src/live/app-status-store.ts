import { useSyncExternalStore } from 'react';
import type { AppStatus } from '../api/schemas';

/**
 * The latest `AppStatus` the server told us (list stream `snapshot.app` and
 * `app` events, `GET /api/app`), shared by the trace list and the Flows tab.
 * Undefined until the server says (older servers never do).
 */
let current: AppStatus | undefined;
const listeners = new Set<() => void>();

/** Records what the server said about the app. */
export function setAppStatus(status: AppStatus | undefined): void {
  if (status === current || JSON.stringify(status) === JSON.stringify(current)) return;
  current = status;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The app `livespan start` runs, as last reported. */
export function useAppStatus(): AppStatus | undefined {
  return useSyncExternalStore(subscribe, () => current);
}
