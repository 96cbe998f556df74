import { createServer, type FlowsProvider, type LivespanServer } from '@livespan/server';
import type { ServerOptions } from './server-options.js';

/** Starts the livespan server and Dev UI with the CLI's options; `server.close()` stops it. */
export async function startServer(
  options: ServerOptions,
  flows?: FlowsProvider,
): Promise<{ server: LivespanServer; url: string }> {
  const server = createServer({
    dbPath: options.dbPath,
    host: options.host,
    ...(options.retention !== undefined && { retention: options.retention }),
    ...(options.staleAfterMs !== undefined && { staleAfterMs: options.staleAfterMs }),
    ...(flows && { flows }),
  });
  try {
    const { url } = await server.listen({ port: options.port });
    return { server, url };
  } catch (error) {
    await server.close();
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
