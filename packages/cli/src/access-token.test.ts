import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer, type LivespanServer } from '@livespan/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LivespanApi } from './mcp/livespan-api.js';
import { type CliProcess, runCli } from './test-support/cli-process.js';

const TOKEN = 'team-token-0123456789abcdef';
const TRACING = path.resolve(fileURLToPath(import.meta.url), '../../../tracing/dist/index.js');

let dir: string;
const running: CliProcess[] = [];
let server: LivespanServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-cli-token-'));
});
afterEach(async () => {
  for (const cli of running.splice(0)) await cli.stop();
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}): CliProcess {
  const [command, ...rest] = args;
  const process = runCli([command!, '--port', '0', '--db', path.join(dir, 'traces.db'), ...rest], {
    cwd: dir,
    env: { LIVESPAN_TOKEN: '', ...env },
  });
  running.push(process);
  return process;
}

describe('livespan server access token', () => {
  it('refuses to start on a non-loopback host without a token, naming both ways out', async () => {
    const run = cli(['server', '--host', '0.0.0.0']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(
      '--host 0.0.0.0 is reachable from your network, so it needs an access token',
    );
    expect(run.stderr()).toContain('--insecure-no-token');
  });

  it('refuses a token shorter than 16 characters', async () => {
    const run = cli(['server'], { LIVESPAN_TOKEN: 'short' });
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('must be at least 16 characters');
  });

  it('starts on a non-loopback host with --insecure-no-token', async () => {
    const run = cli(['server', '--host', '0.0.0.0', '--insecure-no-token']);
    const [, port] = await run.waitForOutput(/:(\d+)/);
    expect((await fetch(`http://127.0.0.1:${port}/api/traces`)).status).toBe(200);
  });

  it('requires LIVESPAN_TOKEN on every data route, and --token wins over it', async () => {
    const run = cli(['server', '--host', '0.0.0.0', '--token', TOKEN], {
      LIVESPAN_TOKEN: 'other-token-0123456789',
    });
    const [, port] = await run.waitForOutput(/:(\d+)/);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/api/__health`)).status).toBe(200);
    expect((await fetch(`${base}/api/traces`)).status).toBe(401);
    const wrong = { authorization: 'Bearer other-token-0123456789' };
    expect((await fetch(`${base}/api/traces`, { headers: wrong })).status).toBe(401);
    const right = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${base}/api/traces`, { headers: right })).status).toBe(200);
  });
});

describe('livespan start with a token', () => {
  it("gives the app LIVESPAN_TOKEN and OTLP headers, and the app's spans get in with it", async () => {
    await writeFile(
      path.join(dir, 'app.mjs'),
      `import { initTracing } from ${JSON.stringify(TRACING)};
console.log('env ' + JSON.stringify({ token: process.env.LIVESPAN_TOKEN, otlp: process.env.OTEL_EXPORTER_OTLP_HEADERS }));
const tracing = initTracing({ serviceName: 'token-app' });
tracing.provider.getTracer('t').startSpan('sent-with-token').end();
await tracing.shutdown();
setInterval(() => {}, 1000);
`,
    );
    const run = cli(['start', '--', process.execPath, 'app.mjs'], { LIVESPAN_TOKEN: TOKEN });
    const [, url] = await run.waitForOutput(/Dev UI: (http:\/\/\S+)/);
    const [, envText] = await run.waitForOutput(/\[app\] env (.*)/);
    expect(JSON.parse(envText!)).toEqual({ token: TOKEN, otlp: `Authorization=Bearer%20${TOKEN}` });
    const headers = { authorization: `Bearer ${TOKEN}` };
    let names: string[] = [];
    for (let i = 0; i < 200 && names.length === 0; i++) {
      const list = (await (await fetch(`${url}/api/traces`, { headers })).json()) as {
        traces: Array<{ displayName: string }>;
      };
      names = list.traces.map((trace) => trace.displayName);
      if (names.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(names).toEqual(['sent-with-token']);
    const ownOutput = (run.stdout() + run.stderr()).split('\n').filter((line) => !line.startsWith('[app]'));
    expect(ownOutput.join('\n')).not.toContain(TOKEN);
  });
});

describe('livespan mcp with a token', () => {
  it('reads traces with the token and reports 401 without it', async () => {
    server = createServer({ dbPath: ':memory:', token: TOKEN });
    const { url } = await server.listen({ port: 0 });
    await new LivespanApi(url, TOKEN).checkHealth();
    expect(await new LivespanApi(url, TOKEN).listTraces({})).toEqual({ traces: [] });
    await expect(new LivespanApi(url).listTraces({})).rejects.toMatchObject({
      status: 401,
      message: 'unauthorized',
    });
  });
});
