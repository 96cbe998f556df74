import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Child, startChild } from './child.js';
import { waitFor } from './wait-for.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

/** The Genkit fixture app, running in dev mode with realtime telemetry. */
export interface GenkitApp extends Child {
  /** Where the app writes `.genkit/runtimes/` (a temp dir holding only a package.json). */
  projectRoot: string;
  /** The reflection API, as the app's runtime file announces it. */
  reflectionUrl: string;
}

/**
 * Starts interop/fixtures/genkit-app.mjs exporting to `telemetryServerUrl`;
 * resolves once its runtime file exists. Genkit picks its reflection port by
 * probing 3100-3200 and then listening, so two apps starting at once can pick
 * the same port and one dies with EADDRINUSE: that start is tried again.
 */
export async function startGenkitApp(telemetryServerUrl: string, projectRoot?: string): Promise<GenkitApp> {
  const root = projectRoot ?? (await makeProjectRoot());
  for (let attempt = 1; ; attempt++) {
    const started = await tryStartGenkitApp(telemetryServerUrl, root);
    if ('reflectionUrl' in started) return started;
    if (!started.stderr.includes('EADDRINUSE') || attempt === 3)
      throw new Error(`the Genkit app exited on start: ${started.stderr}`);
  }
}

/** A temp dir with only a package.json: Genkit's project root is the nearest such dir above the working directory. */
export async function makeProjectRoot(): Promise<string> {
  const projectRoot = await mkdtemp(path.join(os.tmpdir(), 'livespan-genkit-app-'));
  await writeFile(path.join(projectRoot, 'package.json'), '{"name":"interop-app","private":true}\n');
  return projectRoot;
}

async function tryStartGenkitApp(
  telemetryServerUrl: string,
  projectRoot: string,
): Promise<GenkitApp | { stderr: string }> {
  const child = startChild(path.join(fixtures, 'genkit-app.mjs'), [], {
    cwd: projectRoot,
    env: {
      GENKIT_ENV: 'dev',
      GENKIT_ENABLE_REALTIME_TELEMETRY: 'true',
      GENKIT_TELEMETRY_SERVER: telemetryServerUrl,
    },
  });
  const runtimes = path.join(projectRoot, '.genkit', 'runtimes');
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  // '' when the app died before announcing itself.
  const reflectionUrl = await waitFor(
    `the Genkit app's runtime file in ${runtimes}`,
    async () => {
      if (exited) return '';
      const names = await readdir(runtimes).catch(() => []);
      const name = names.find((entry) => entry.endsWith('.json'));
      if (!name) return undefined;
      const runtime = JSON.parse(await readFile(path.join(runtimes, name), 'utf8')) as {
        reflectionServerUrl: string;
      };
      return runtime.reflectionServerUrl;
    },
    30_000,
  ).catch(async (error: unknown) => {
    await child.stop();
    throw error;
  });
  if (!reflectionUrl) return { stderr: child.stderr() };
  return Object.assign(child, { projectRoot, reflectionUrl });
}

/** Genkit's own telemetry server with its local file stores, in a child process. */
export interface GenkitTelemetryServer extends Child {
  url: string;
}

export async function startGenkitTelemetryServer(): Promise<GenkitTelemetryServer> {
  const storeRoot = await mkdtemp(path.join(os.tmpdir(), 'livespan-genkit-store-'));
  const child = startChild(path.join(fixtures, 'genkit-telemetry-server.mjs'), [storeRoot], {
    cwd: storeRoot,
    env: {},
  });
  const { url } = await child.nextLine(
    "Genkit's telemetry server to listen",
    (line) => typeof line.url === 'string',
  );
  return Object.assign(child, { url: url as string });
}
