import type { Logger } from './logger.js';
import { PostgresLiveHub } from './postgres-live-hub.js';
import { createPostgresTraceStore, type PostgresTraceStore } from './postgres-trace-store.js';

/** True for a `postgres://` or `postgresql://` URL, which `--db` takes instead of a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}

export interface PostgresBackendOptions {
  connectionString: string;
  logger: Logger;
  /** Traces kept. Default 1000. */
  retention?: number;
  /** Traces not updated for longer than this (ms) are deleted. Default: only `retention` applies. */
  maxAgeMs?: number;
  /** Events kept for `Last-Event-ID` resume on each instance. Default 10 000. */
  replaySize?: number;
}

/** The store and live hub of a server instance that shares its database with other instances. */
export interface PostgresBackend {
  store: PostgresTraceStore;
  hub: PostgresLiveHub;
  /** Writes queued live events and closes the connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * Connects to PostgreSQL, migrates the schema and starts listening for the
 * live events of every instance. Rejects, naming the database (without its
 * password), when it cannot be reached at start: a server that starts must
 * be able to store. Pass `store` and `hub` to `createServer`.
 */
export async function openPostgresBackend(options: PostgresBackendOptions): Promise<PostgresBackend> {
  const store = createPostgresTraceStore({
    connectionString: options.connectionString,
    ...(options.retention !== undefined && { retention: options.retention }),
    ...(options.maxAgeMs !== undefined && { maxAgeMs: options.maxAgeMs }),
  });
  const hub = new PostgresLiveHub({
    connectionString: options.connectionString,
    logger: options.logger,
    ...(options.replaySize !== undefined && { replaySize: options.replaySize }),
  });
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= Promise.all([hub.shutdown(), store.close()]).then(() => undefined);
    return closing;
  };
  try {
    await store.ready;
    await hub.start();
  } catch (error) {
    await close();
    throw new Error(
      `cannot open the trace database at ${redact(options.connectionString)}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return { store, hub, close };
}

/** The URL without its password, for messages. */
function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'the given postgres:// URL';
  }
}
