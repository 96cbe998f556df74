import { StoreUnavailableError } from './trace-store.js';

/** SQLite result codes that mean "cannot store now" (disk full, I/O, read-only, locked), not a bad request. */
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|PROTOCOL)/;

/** A SQLite failure in the store contract's terms: unavailable with the database's reason, or passed on unchanged. */
export function fromSqliteError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && UNAVAILABLE.test(code)) return unavailable((error as Error).message, error);
  return error;
}

export function unavailable(reason: string, cause?: unknown): StoreUnavailableError {
  return new StoreUnavailableError(`the trace database cannot store spans right now: ${reason}`, { cause });
}
