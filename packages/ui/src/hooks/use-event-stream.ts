import { useEffect, useRef } from 'react';
import { checkAccess } from '../api/access';
import { reportConnection } from '../live/connection-store';

/** Handlers by SSE event name; each gets the event's parsed JSON data. */
export type StreamHandlers = Record<string, (data: unknown) => void>;

/** How long a reconnect may take before the indicator says "offline". */
const OFFLINE_AFTER_MS = 5000;
const MAX_RETRY_MS = 10_000;

/**
 * Keeps an EventSource open on `url` while mounted. EventSource reconnects
 * by itself and sends `Last-Event-ID`, so the server can replay what was
 * missed (or send a fresh `snapshot`). When the browser gives up (the
 * source is CLOSED), a new one is opened with backoff; that one starts with
 * a snapshot. The connection state goes to the shared indicator.
 */
export function useEventStream(url: string, handlers: StreamHandlers): void {
  const handlersRef = useRef(handlers);
  handlersRef.current = handlers;
  const names = Object.keys(handlers).sort().join(',');

  useEffect(() => {
    const key = `${url}#${Math.random()}`;
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let offlineTimer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    let everOpen = false;

    let reported: 'connecting' | 'live' | 'reconnecting' | 'offline' | undefined;
    const setState = (state: 'connecting' | 'live' | 'reconnecting' | 'offline') => {
      // The browser retries every few seconds, each retry reporting "reconnecting" again:
      // keep the running offline timer, or a server that stays down never reads "offline".
      // Once offline, it stays so until the stream is live again.
      if (state === reported && offlineTimer !== undefined) return;
      if (reported === 'offline' && state === 'reconnecting') return;
      reported = state;
      if (offlineTimer !== undefined) clearTimeout(offlineTimer);
      offlineTimer = undefined;
      reportConnection(key, state);
      if (state === 'reconnecting' || state === 'connecting') {
        offlineTimer = setTimeout(() => {
          offlineTimer = undefined;
          reported = 'offline';
          reportConnection(key, 'offline');
        }, OFFLINE_AFTER_MS);
      }
    };

    const connect = () => {
      const current = new EventSource(url);
      source = current;
      setState(everOpen ? 'reconnecting' : 'connecting');
      current.onopen = () => {
        everOpen = true;
        attempts = 0;
        setState('live');
      };
      current.onerror = () => {
        if (current.readyState !== EventSource.CLOSED) {
          setState('reconnecting');
          return;
        }
        current.close();
        setState('offline');
        // A 401 closes the source at once, without its status: the server may want the token.
        void checkAccess();
        attempts++;
        retryTimer = setTimeout(connect, Math.min(MAX_RETRY_MS, 500 * 2 ** attempts));
      };
      for (const name of names.split(',')) {
        if (!name) continue;
        current.addEventListener(name, (event) => {
          try {
            handlersRef.current[name]?.(JSON.parse((event as MessageEvent<string>).data));
          } catch (error) {
            // One bad event must not stop the stream; say what was wrong.
            console.error(`livespan: ignored "${name}" event from ${url}:`, error);
          }
        });
      }
    };

    connect();
    return () => {
      source?.close();
      if (retryTimer !== undefined) clearTimeout(retryTimer);
      if (offlineTimer !== undefined) clearTimeout(offlineTimer);
      reportConnection(key, undefined);
    };
  }, [url, names]);
}
