import { isDevEnvironment } from '@livespan/tracing';
import { type ReflectionServerOptions, startReflectionServer } from './reflection-server.js';

/** What `serveFlows` returns. */
export interface FlowsServerHandle {
  /** The reflection API's URL, or `undefined` when not in development. */
  url: string | undefined;
  /** Stops the reflection server, if one was started. Safe to call more than once. */
  close(): Promise<void>;
}

/**
 * One call for apps: in development (`GENKIT_ENV=dev`, as set by
 * `livespan start`) starts the reflection API so the Dev UI can list and run
 * the flows; otherwise does nothing.
 */
export async function serveFlows(
  options: ReflectionServerOptions & { env?: NodeJS.ProcessEnv } = {},
): Promise<FlowsServerHandle> {
  const { env = process.env, ...serverOptions } = options;
  if (!isDevEnvironment(env)) return { url: undefined, close: async () => {} };
  const server = await startReflectionServer(serverOptions);
  return { url: server.url, close: () => server.close() };
}
