import { useSyncExternalStore } from 'react';

/** State of one live stream. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

const states = new Map<string, ConnectionState>();
const listeners = new Set<() => void>();
let overall: ConnectionState = 'connecting';

const RANK: Record<ConnectionState, number> = { live: 0, connecting: 1, reconnecting: 2, offline: 3 };

function recompute(): void {
  let worst: ConnectionState | undefined;
  for (const state of states.values()) if (!worst || RANK[state] > RANK[worst]) worst = state;
  const next = worst ?? 'connecting';
  if (next === overall) return;
  overall = next;
  for (const listener of listeners) listener();
}

/** Records the state of stream `key`; `undefined` forgets it (stream closed on purpose). */
export function reportConnection(key: string, state: ConnectionState | undefined): void {
  if (state === undefined) states.delete(key);
  else states.set(key, state);
  recompute();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The worst state over all open streams, for the connection indicator. */
export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(subscribe, () => overall);
}
