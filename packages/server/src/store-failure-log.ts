import type { Logger } from './logger.js';
import type { StoreUnavailableError } from './trace-store.js';

/**
 * Logs storage failures once per spell (not once per request, which would
 * flood the terminal while a disk is full) and notes when storing works again.
 */
export class StoreFailureLog {
  private failing = false;

  constructor(private readonly logger: Logger) {}

  failed(error: StoreUnavailableError): void {
    if (this.failing) return;
    this.failing = true;
    this.logger.error(`${error.message}; ingest answers 503 until it recovers`);
  }

  succeeded(): void {
    if (!this.failing) return;
    this.failing = false;
    this.logger.info('the trace database stores spans again');
  }
}
