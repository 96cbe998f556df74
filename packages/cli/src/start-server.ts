import {
  type AppStatus,
  consoleLogger,
  createServer,
  type FlowsProvider,
  isPostgresUrl,
  openPostgresBackend,
} from '@livespan/server';
import type { ServerOptions } from './server-options.js';

export interface RunningServer {
  url: string;
  port: number;
  close(): Promise<void>;
  reportApp(status: AppStatus): void;
  stopApp(appId: string, reason: string): Promise<number>;
}

/** Starts the livespan server and Dev UI with the CLI's options. */
export async function startServer(options: ServerOptions, flows?: FlowsProvider): Promise<RunningServer> {
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
    ...(options.retention !== undefined && { retention: options.retention }),
    ...(options.staleAfterMs !== undefined && { staleAfterMs: options.staleAfterMs }),
    ...(flows && { flows }),
  });
  try {
    const listening = await server.listen({ port: options.port, host: options.host });
    return {
      url: listening.url,
      port: listening.port,
      close: async () => {
        await listening.close();
        await shared?.close();
      },
      reportApp: (status) => server.reportApp(status),
      stopApp: (appId, reason) => server.stopApp(appId, reason),
    };
  } catch (error) {
    await server.close?.();
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
