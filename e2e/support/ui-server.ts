import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AppStatus, createServer, type Listener, type PriceTable } from '@livespan/server';

/** The built Dev UI that the e2e tests load. */
export const UI_DIST = fileURLToPath(new URL('../../packages/ui/dist', import.meta.url));

/** A real livespan server on 127.0.0.1 with a temporary database and the built UI. */
export interface UiServer {
  url: string;
  port: number;
  dbPath: string;
  running: Listener;
  /** Publishes the status of "the app this server runs", as `livespan start` does. */
  reportApp(status: AppStatus): void;
  /** Closes the server (the database file stays, for a restart). */
  close(): Promise<void>;
  /** Starts a new server on the same port and database (after `close()`). */
  restart(): Promise<UiServer>;
  /** Closes the server and removes the temporary directory. */
  dispose(): Promise<void>;
}

/** Fails with the fix when the UI has not been built. */
export function assertUiBuilt(): void {
  if (!existsSync(path.join(UI_DIST, 'index.html'))) {
    throw new Error(`The Dev UI is not built (${UI_DIST}/index.html missing). Run \`npm run build\` first.`);
  }
}

interface UiServerOptions {
  staleAfterMs?: number;
  /** Model prices; default the shipped ones. */
  prices?: PriceTable;
}

async function startOn(dir: string, port: number, options: UiServerOptions): Promise<UiServer> {
  const dbPath = path.join(dir, 'traces.db');
  const server = createServer({ dbPath, uiDir: UI_DIST, ...options });
  const running = await server.listen({ port });
  const handle: UiServer = {
    url: running.url,
    port: running.port,
    dbPath,
    running,
    reportApp: (status) => server.reportApp(status),
    close: () => server.close(),
    restart: () => startOn(dir, running.port, options),
    async dispose() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

/** Starts a server on a free port; `staleAfterMs` and `prices` as in `createServer`. */
export async function startUiServer(options: UiServerOptions = {}): Promise<UiServer> {
  assertUiBuilt();
  const dir = await mkdtemp(path.join(tmpdir(), 'livespan-e2e-'));
  return startOn(dir, 0, options);
}
