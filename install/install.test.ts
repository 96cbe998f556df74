/**
 * livespan installed as a user installs it: every public package packed with
 * `npm pack`, the tarballs installed into a fresh project outside the
 * workspace (its own package.json, no links), then the installed `livespan`
 * command, an ESM app, a TypeScript app (tsx) and a flows app, run there.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without types
import { packAll } from '../scripts/pack.mjs';
import { poll, type RunningCommand, runCommand } from './processes.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);
/** npm install of the tarballs builds better-sqlite3 from source when no prebuilt binary is reachable. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const APP_TIMEOUT_MS = 120_000;

interface WireSpan {
  spanId: string;
  displayName: string;
  endTime: number;
}
interface WireTrace {
  traceId: string;
  spans: Record<string, WireSpan>;
}

let work: string;
let project: string;
const running: RunningCommand[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'livespan-install-'));
  const tarballs: string[] = packAll(path.join(work, 'packages'));
  project = path.join(work, 'app');
  await run('mkdir', ['-p', project]);
  writeFileSync(
    path.join(project, 'package.json'),
    `${JSON.stringify({ name: 'my-app', version: '1.0.0', private: true, type: 'module' }, null, 2)}\n`,
  );
  for (const file of ['app.mjs', 'app.ts', 'flows-app.mjs']) {
    copyFileSync(path.join(here, 'fixtures', file), path.join(project, file));
  }
  await run('npm', ['install', ...tarballs, 'tsx', 'zod', '--no-audit', '--no-fund', '--prefer-offline'], {
    cwd: project,
    maxBuffer: 16 * 1024 * 1024,
  });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await Promise.all(running.splice(0).map((command) => command.stop()));
  if (work) rmSync(work, { recursive: true, force: true });
});

function start(command: string, args: string[], env: NodeJS.ProcessEnv = {}): RunningCommand {
  const started = runCommand(command, args, { cwd: project, env });
  running.push(started);
  return started;
}

async function startServer(): Promise<{ url: string; server: RunningCommand }> {
  const server = start('npx', [
    'livespan',
    'server',
    '--port',
    '0',
    '--db',
    path.join(work, `${Date.now()}.db`),
  ]);
  const [, url] = await server.waitForOutput(/Dev UI: (http:\/\/127\.0\.0\.1:\d+)/);
  return { url: url!, server };
}

async function rootSpan(url: string, name: string, ended: boolean): Promise<WireTrace> {
  return poll(`${ended ? 'ended' : 'running'} span "${name}" at ${url}`, async () => {
    const { traces } = (await (await fetch(`${url}/api/traces?name=${name}`)).json()) as {
      traces: WireTrace[];
    };
    return traces.find((t) =>
      Object.values(t.spans).some((s) => s.displayName === name && s.endTime > 0 === ended),
    );
  });
}

/** Runs an app that holds one span open: it must show as running, then as ended, with no setup errors. */
async function expectLiveSpan(url: string, command: string, args: string[], name: string) {
  const releaseFile = path.join(work, `${name}.release`);
  const app = start(command, args, {
    GENKIT_TELEMETRY_SERVER: url,
    GENKIT_ENABLE_REALTIME_TELEMETRY: 'true',
    SPAN_NAME: name,
    RELEASE_FILE: releaseFile,
  });
  await app.waitForOutput(/span started, recording=true/);
  const runningTrace = await rootSpan(url, name, false);
  writeFileSync(releaseFile, '');
  expect(await app.exited).toBe(0);
  const endedTrace = await rootSpan(url, name, true);
  expect(endedTrace.traceId).toBe(runningTrace.traceId);
  expect(app.stderr()).toBe('');
}

describe('livespan installed from its tarballs into a separate project', () => {
  it('installs one copy of @opentelemetry/api, shared by the app and livespan', () => {
    expect(existsSync(path.join(project, 'node_modules/@opentelemetry/api/package.json'))).toBe(true);
    for (const name of readdirSync(path.join(project, 'node_modules/@livespan'))) {
      expect(
        existsSync(path.join(project, 'node_modules/@livespan', name, 'node_modules/@opentelemetry/api')),
      ).toBe(false);
    }
  });

  it('`npx livespan server` serves the built Dev UI at /', async () => {
    const { url } = await startServer();
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<title>livespan</title>');
    expect(html).toContain('<div id="root"></div>'); // the built app, not the page saying the UI is missing
    const [script] = /\/assets\/[\w-]+\.js/.exec(html) ?? [];
    expect(script).toBeDefined();
    const asset = await fetch(`${url}${script}`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });

  it(
    'an ESM app and a TypeScript app (tsx) send spans that show while they run',
    async () => {
      const { url } = await startServer();
      await expectLiveSpan(url, 'node', ['app.mjs'], 'esm-app-span');
      await expectLiveSpan(url, 'npx', ['tsx', 'app.ts'], 'ts-app-span');
    },
    APP_TIMEOUT_MS,
  );

  it(
    '`npx livespan start -- node app.mjs` runs the app with realtime tracing into its Dev UI',
    async () => {
      const releaseFile = path.join(work, 'start.release');
      const cli = start(
        'npx',
        [
          'livespan',
          'start',
          '--port',
          '0',
          '--db',
          path.join(work, 'start.db'),
          '--watch',
          'app.mjs',
          '--',
          'node',
          'app.mjs',
        ],
        { SPAN_NAME: 'started-app-span', RELEASE_FILE: releaseFile },
      );
      const [, url] = await cli.waitForOutput(/Dev UI: (http:\/\/127\.0\.0\.1:\d+)/);
      await rootSpan(url!, 'started-app-span', false);
      writeFileSync(releaseFile, '');
      await rootSpan(url!, 'started-app-span', true);
      await cli.stop();
      expect(cli.stderr()).not.toMatch(/tracing is OFF|error/i);
    },
    APP_TIMEOUT_MS,
  );

  it(
    'an app using @livespan/flows records its flow and steps',
    async () => {
      const { url } = await startServer();
      const app = start('node', ['flows-app.mjs'], {
        GENKIT_TELEMETRY_SERVER: url,
        GENKIT_ENABLE_REALTIME_TELEMETRY: 'true',
        FLOW_NAME: 'installed_flow',
      });
      expect(await app.exited).toBe(0);
      expect(app.stdout()).toContain('report: notes on installs');
      const flowTrace = await rootSpan(url, 'installed_flow', true);
      const spans = await poll('the flow steps', async () => {
        const trace = (await (await fetch(`${url}/api/traces/${flowTrace.traceId}`)).json()) as WireTrace;
        const names = Object.values(trace.spans)
          .filter((s) => s.endTime > 0)
          .map((s) => s.displayName);
        return names.length >= 3 ? names : undefined;
      });
      expect(spans.sort()).toEqual(['installed_flow', 'research', 'write']);
      expect(app.stderr()).toBe('');
    },
    APP_TIMEOUT_MS,
  );
});
