import { StoreUnavailableError } from './trace-store.js';

/**
 * SQLSTATE classes that mean "cannot store now", not a bad request: 08 connection exception,
 * 53 insufficient resources (disk full, too many connections), 57 operator intervention
 * (shutdown, cancel), 58 system error.
 */
const UNAVAILABLE_CLASSES = new Set(['08', '53', '57', '58']);

/** Node socket errors of a database that went away or cannot be reached. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENOENT',
]);

/** Transaction conflicts between server instances, resolved by running the transaction again. */
export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '40001' || code === '40P01' || code === '23505';
}

/** A PostgreSQL or connection failure in the store contract's terms: unavailable with the reason, or passed on unchanged. */
export function fromPostgresError(error: unknown): unknown {
  if (error instanceof StoreUnavailableError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const unavailable =
    (typeof code === 'string' && (UNAVAILABLE_CLASSES.has(code.slice(0, 2)) || SOCKET_CODES.has(code))) ||
    // node-postgres reports a lost connection and a pool that cannot connect in time without a code.
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed/i.test(
      message,
    );
  return unavailable ? postgresUnavailable(message, error) : error;
}

export function postgresUnavailable(reason: string, cause?: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`the trace database cannot store spans right now: ${reason}`, { cause });
}
