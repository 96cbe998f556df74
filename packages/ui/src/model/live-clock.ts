/** The time the UI draws with, and whether it is frozen. */
export interface ClockReading {
  now: number;
  /**
   * The server connection is lost: what runs may have stopped without us
   * knowing, so live durations stop at the moment it was lost and read "last known".
   */
  frozen: boolean;
}

/**
 * The UI never pretends: while the connection is lost (since `lostAt`),
 * "now" stays at `lostAt`; once it is back (`lostAt` undefined), it ticks again.
 */
export function clockReading(now: number, lostAt: number | undefined): ClockReading {
  return lostAt === undefined ? { now, frozen: false } : { now: lostAt, frozen: true };
}
