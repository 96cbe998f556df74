import { useCallback, useSyncExternalStore } from 'react';
import { currentNow, subscribeNow } from '../live/now-clock';

/**
 * The shared clock's time, rounded down to `resolutionMs` (0: every frame),
 * re-rendering only when the rounded value changes. While `active` is false
 * the clock is not subscribed and the value stays put.
 */
export function useNow(active: boolean, resolutionMs = 0): number {
  const subscribe = useCallback(
    (listener: () => void) => (active ? subscribeNow(listener, resolutionMs) : () => {}),
    [active, resolutionMs],
  );
  const getSnapshot = useCallback(() => {
    const now = currentNow();
    return resolutionMs > 0 ? now - (now % resolutionMs) : now;
  }, [resolutionMs]);
  return useSyncExternalStore(subscribe, getSnapshot);
}
