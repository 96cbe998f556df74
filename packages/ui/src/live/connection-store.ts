import { useSyncExternalStore } from 'react';

/** State of one live stream. */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting' | 'offline';

/** The worst state over all open streams, and since when the server is out of reach. */
export interface Connection {
  state: ConnectionState;
  /** When a live connection was lost (ms); undefined while live or before the first connect. */
  lostAt: number | undefined;
}

const states = new Map<string, ConnectionState>();
const listeners = new Set<() => void>();
let overall: Connection = { state: 'connecting', lostAt: undefined };

const RANK: Record<ConnectionState, number> = { live: 0, connecting: 1, reconnecting: 2, offline: 3 };

function recompute(): void {
  let worst: ConnectionState | undefined;
  for (const state of states.values()) if (!worst || RANK[state] > RANK[worst]) worst = state;
  const next = worst ?? 'connecting';
  let lostAt = overall.lostAt;
  if (next === 'live') lostAt = undefined;
  else if ((next === 'reconnecting' || next === 'offline') && lostAt === undefined) lostAt = Date.now();
  if (next === overall.state && lostAt === overall.lostAt) return;
  overall = { state: next, lostAt };
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

/** The connection as a whole, for the indicator and for clocks that must stop when it is lost. */
export function useConnection(): Connection {
  return useSyncExternalStore(subscribe, () => overall);
}

/** The worst state over all open streams, for the connection indicator. */
export function useConnectionState(): ConnectionState {
  return useConnection().state;
}
