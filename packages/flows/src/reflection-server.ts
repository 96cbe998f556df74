import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { telemetryServerUrl } from '@livespan/tracing';
import { defaultRegistry, type FlowRegistry } from './flow-registry.js';
import { createReflectionHandler } from './reflection-handler.js';
import { removeRuntimeFile, writeRuntimeFile } from './runtime-file.js';

export interface ReflectionServerOptions {
  /** Flows to serve. Default: `defaultRegistry`. */
  registry?: FlowRegistry;
  /** Port on 127.0.0.1. Default 0: a free port. */
  port?: number;
  /** Where `.genkit/runtimes/` is written. Default: `process.cwd()`. */
  projectRoot?: string;
  /** Display name in the runtime file. Default: the project's package name. */
  name?: string;
  /** Announce the server in `.genkit/runtimes/`. Default `true`. */
  writeRuntimeFile?: boolean;
  /** Remove the runtime file on `exit`, SIGINT and SIGTERM. Default `true`. */
  handleExit?: boolean;
  /** Runs before a finished run is answered. Default: flush the global tracer provider. */
  flush?: () => Promise<void>;
}

/** A running reflection server. */
export interface ReflectionServer {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  port: number;
  /** Runtime id, as written in the runtime file (`GENKIT_RUNTIME_ID` or `<pid>-<port>`). */
  id: string;
  /** Path of the runtime file, if one was written. */
  runtimeFilePath: string | undefined;
  /** Stops listening, drops open connections and removes the runtime file. Safe to call more than once. */
  close(): Promise<void>;
}

const EXIT_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Starts Genkit's dev reflection API for the registry's flows, on 127.0.0.1
 * only, and announces it in `.genkit/runtimes/<id>-<time>.json` so a
 * telemetry server or Genkit's tooling can find it. Call it only in
 * development (`serveFlows()` checks `GENKIT_ENV` for you).
 */
export async function startReflectionServer(
  options: ReflectionServerOptions = {},
): Promise<ReflectionServer> {
  let id = '';
  const server = createServer(
    createReflectionHandler({
      registry: options.registry ?? defaultRegistry,
      runtimeId: () => id,
      ...(options.flush && { flush: options.flush }),
    }),
  );
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  id = process.env.GENKIT_RUNTIME_ID || `${process.pid}-${port}`;

  let runtimeFilePath: string | undefined;
  try {
    if (options.writeRuntimeFile !== false) {
      runtimeFilePath = writeRuntimeFile(options.projectRoot ?? process.cwd(), {
        id,
        reflectionServerUrl: url,
        telemetryServerUrl: telemetryServerUrl(),
        ...(options.name !== undefined && { name: options.name }),
      });
    }
  } catch (error) {
    server.close();
    throw error;
  }

  const cleanup = () => {
    if (runtimeFilePath) removeRuntimeFile(runtimeFilePath);
  };
  // Cleans up, then lets the signal do what it would have done: if nobody
  // else listens, re-raise it so the process still ends as the user asked.
  const onSignal = (signal: NodeJS.Signals) => {
    cleanup();
    detach();
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const detach = () => {
    process.off('exit', cleanup);
    for (const signal of EXIT_SIGNALS) process.off(signal, onSignal);
  };
  if (options.handleExit !== false) {
    process.once('exit', cleanup);
    for (const signal of EXIT_SIGNALS) process.once(signal, onSignal);
  }

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    id,
    runtimeFilePath,
    close() {
      closing ??= new Promise<void>((resolve) => {
        detach();
        cleanup();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
