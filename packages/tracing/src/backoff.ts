const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 5_000;

/**
 * When the next export may start after retryable failures: 100 ms after the
 * first, doubling up to 5 s, back to none after a success. A flush may skip
 * the wait (`retryNow`), since it bounds its own time.
 */
export class Backoff {
  private delayMs = 0;
  private retryAt = 0;

  /** ms to wait before the next export; 0 when one may start now. */
  waitMs(now?: number): number {
    // Asked on every span event: no clock read while no backoff is running.
    if (this.retryAt === 0) return 0;
    return Math.max(0, this.retryAt - (now ?? Date.now()));
  }

  failed(now = Date.now()): void {
    this.delayMs = Math.min(MAX_DELAY_MS, Math.max(FIRST_DELAY_MS, this.delayMs * 2));
    this.retryAt = now + this.delayMs;
  }

  succeeded(): void {
    this.delayMs = 0;
    this.retryAt = 0;
  }

  retryNow(): void {
    this.retryAt = 0;
  }
}
