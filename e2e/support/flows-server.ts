import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createReflectionFlowsProvider, createServer, type Listener } from '@livespan/server';
import { assertUiBuilt, UI_DIST } from './ui-server.js';

/** A real livespan server whose Flows tab finds apps through `.genkit/runtimes/` under `projectRoot`. */
export interface FlowsServer {
  url: string;
  /** A fresh temporary folder: the project root the server looks for apps in. */
  projectRoot: string;
  running: Listener;
  /** Closes the server and removes its temporary folders. */
  dispose(): Promise<void>;
}

/** Starts a server with the built UI on 127.0.0.1 and a free port; no app is running yet. */
export async function startFlowsServer(): Promise<FlowsServer> {
  assertUiBuilt();
  const dir = await mkdtemp(path.join(tmpdir(), 'livespan-e2e-flows-'));
  const projectRoot = await mkdtemp(path.join(tmpdir(), 'livespan-e2e-project-'));
  const server = createServer({
    dbPath: path.join(dir, 'traces.db'),
    uiDir: UI_DIST,
    flows: createReflectionFlowsProvider({ projectRoot }),
  });
  const running = await server.listen({ port: 0 });
  return {
    url: running.url,
    projectRoot,
    running,
    async dispose() {
      await server.close();
      await rm(dir, { recursive: true, force: true });
      await rm(projectRoot, { recursive: true, force: true });
    },
  };
}
