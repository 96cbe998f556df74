import {
  consoleLogger,
  createServer,
  type FlowsProvider,
  isPostgresUrl,
  type LivespanServer,
  openPostgresBackend,
} from '@livespan/server';
import type { ServerOptions } from './server-options.js';

/** A started server, its URL, and the one call that stops it (and a shared database connection). */
export interface StartedServer {
  server: LivespanServer;
  url: string;
  close(): Promise<void>;
}

/** Starts the livespan server and Dev UI with the CLI's options. */
export async function startServer(options: ServerOptions, flows?: FlowsProvider): Promise<StartedServer> {
  // A PostgreSQL database is shared with other servers: its store and live hub come from it.
  const shared = isPostgresUrl(options.dbPath)
    ? await openPostgresBackend({
        connectionString: options.dbPath,
        logger: consoleLogger,
        ...(options.retention !== undefined && { retention: options.retention }),
        ...(options.maxAgeMs !== undefined && { maxAgeMs: options.maxAgeMs }),
      })
    : undefined;
  const server = createServer({
    ...(shared ? { store: shared.store, hub: shared.hub } : { dbPath: options.dbPath }),
    host: options.host,
    prices: options.prices,
    ...(options.token !== undefined && { token: options.token }),
    insecureNoToken: options.insecureNoToken,
    ...(options.publicUrl !== undefined && { publicUrl: options.publicUrl }),
    ...(options.retention !== undefined && { retention: options.retention }),
    ...(options.staleAfterMs !== undefined && { staleAfterMs: options.staleAfterMs }),
    ...(flows && { flows }),
  });
  try {
    const { url } = await server.listen({ port: options.port });
    return {
      server,
      url,
      close: async () => {
        await server.close();
        await shared?.close();
      },
    };
  } catch (error) {
    await server.close();
    await shared?.close();
    throw error;
  }
}

/** Resolves when the process is asked to stop (Ctrl+C or SIGTERM). */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
