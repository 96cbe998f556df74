import { type AppStatus, createServer, type FlowsProvider } from '@livespan/server';
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
  const server = createServer({
    dbPath: options.dbPath,
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
      close: () => listening.close(),
      reportApp: (status) => server.reportApp(status),
      stopApp: (appId, reason) => server.stopApp(appId, reason),
    };
  } catch (error) {
    await server.close?.();
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
