import { useConnection } from '../live/connection-store';
import { type ClockReading, clockReading } from '../model/live-clock';
import { useNow } from './use-now';

/**
 * The shared clock for live durations, frozen while the server connection
 * is lost (see {@link clockReading}). It ticks only while `active` and connected.
 */
export function useLiveClock(active: boolean, resolutionMs = 0): ClockReading {
  const { lostAt } = useConnection();
  const now = useNow(active && lostAt === undefined, resolutionMs);
  return clockReading(now, lostAt);
}
