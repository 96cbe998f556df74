import { useCallback, useEffect, useRef, useState } from 'react';
import { fetchAppStatus, fetchFlows, HttpError } from '../api/client';
import type { ConnectedApp, FlowInfo } from '../api/schemas';
import { setAppStatus } from '../live/app-status-store';

/** How often the Flows tab asks again for the app's flows, in ms. */
export const RECHECK_INTERVAL_MS = 3_000;

/** The connected app's flows, as last checked. */
type FlowListState =
  | { kind: 'loading' }
  | { kind: 'ready'; flows: FlowInfo[]; app: ConnectedApp | undefined }
  | { kind: 'no-app'; message: string }
  | { kind: 'error'; message: string };

/** What {@link useFlowList} returns. */
export interface FlowList {
  state: FlowListState;
  /** A check is in flight. */
  checking: boolean;
  /** Checks now, instead of at the next interval. */
  refresh(): void;
}

/**
 * `GET /api/flows` (and `GET /api/app`, into the shared app status), checked again every `intervalMs` while mounted: the app
 * comes and goes (hot reload restarts it), and its flows change as it is
 * edited. An unchanged answer keeps the previous state object, so nothing
 * re-renders between polls. Checks are skipped while the page is hidden.
 */
export function useFlowList(intervalMs = RECHECK_INTERVAL_MS): FlowList {
  const [state, setState] = useState<FlowListState>({ kind: 'loading' });
  const [checking, setChecking] = useState(false);
  const checkNow = useRef<() => void>(() => {});

  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    let controller: AbortController | undefined;
    let disposed = false;

    const check = async () => {
      clearTimeout(timer);
      controller?.abort();
      const current = new AbortController();
      controller = current;
      if (document.hidden) {
        timer = setTimeout(check, intervalMs);
        return;
      }
      setChecking(true);
      const next = await load(current.signal);
      if (disposed || current.signal.aborted) return;
      setChecking(false);
      setState((previous) => (sameState(previous, next) ? previous : next));
      timer = setTimeout(check, intervalMs);
    };
    checkNow.current = () => void check();
    void check();
    return () => {
      disposed = true;
      clearTimeout(timer);
      controller?.abort();
    };
  }, [intervalMs]);

  const refresh = useCallback(() => checkNow.current(), []);
  return { state, checking, refresh };
}

/** Asks for the app's status too: the list stream reports changes, this covers a missed one. */
async function refreshAppStatus(signal: AbortSignal): Promise<void> {
  try {
    setAppStatus(await fetchAppStatus(signal));
  } catch {
    // Older servers have no /api/app; the list stream is the other source.
  }
}

async function load(signal: AbortSignal): Promise<FlowListState> {
  void refreshAppStatus(signal);
  try {
    const body = await fetchFlows(signal);
    return { kind: 'ready', flows: body.flows, app: body.app };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof HttpError && error.status === 503) return { kind: 'no-app', message };
    return { kind: 'error', message };
  }
}

function sameState(a: FlowListState, b: FlowListState): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
