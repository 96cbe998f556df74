import { HttpError } from './http-error.js';

/** SQLite result codes that mean "cannot store now" (disk full, I/O, read-only, locked), not a bad request. */
const UNAVAILABLE = /^SQLITE_(FULL|IOERR|READONLY|CANTOPEN|BUSY|LOCKED|CORRUPT|NOTADB|PROTOCOL)/;

/**
 * Turns a failure of the trace store into the answer a client can act on:
 * a storage failure is 503 with the database's reason (the server stays up
 * and the client may retry); anything else is passed on unchanged.
 */
export function storeFailure(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if ((typeof code === 'string' && UNAVAILABLE.test(code)) || message === 'trace store is closed') {
    return new HttpError(503, `the trace database cannot store spans right now: ${message}`);
  }
  return error;
}

/**
 * Logs storage failures once per spell (not once per request, which would
 * flood the terminal while a disk is full) and notes when storing works again.
 */
export class StoreFailureLog {
  private failing = false;

  constructor(private readonly log: (message: string) => void = (m) => console.error(m)) {}

  failed(error: HttpError): void {
    if (this.failing) return;
    this.failing = true;
    this.log(`livespan: ${error.message}; ingest answers 503 until it recovers`);
  }

  succeeded(): void {
    if (!this.failing) return;
    this.failing = false;
    this.log('livespan: the trace database stores spans again');
  }
}

const logs = new WeakMap<object, StoreFailureLog>();

/** The failure log of one store: each server reports its own spells. */
export function storeFailureLog(store: object): StoreFailureLog {
  let log = logs.get(store);
  if (!log) {
    log = new StoreFailureLog();
    logs.set(store, log);
  }
  return log;
}
