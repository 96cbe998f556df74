import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from './test-support/cli-process.js';

let dir: string;
const running: CliProcess[] = [];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-cli-'));
});
afterEach(async () => {
  for (const cli of running.splice(0)) await cli.stop();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], env?: NodeJS.ProcessEnv): CliProcess {
  const process = runCli(args, { cwd: dir, ...(env && { env }) });
  running.push(process);
  return process;
}

describe('livespan', () => {
  it('prints help for itself and for each command', async () => {
    for (const args of [['--help'], ['server', '--help'], ['start', '--help']]) {
      const run = cli(args);
      expect(await run.exited).toBe(0);
      expect(run.stdout()).toMatch(/Usage: livespan/);
    }
    const start = cli(['start', '--help']);
    await start.exited;
    expect(start.stdout()).toContain('GENKIT_ENABLE_REALTIME_TELEMETRY');
    expect(start.stdout()).toContain('--no-realtime');
  });

  it('explains an unknown command or option', async () => {
    const unknown = cli(['serve']);
    expect(await unknown.exited).toBe(2);
    expect(unknown.stderr()).toContain('unknown command "serve"');
    const badPort = cli(['server', '--port', 'abc']);
    expect(await badPort.exited).toBe(2);
    expect(badPort.stderr()).toContain('--port must be a whole number');
  });

  it('refuses to start without a command to run', async () => {
    const run = cli(['start', '--port', '0']);
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('no command to run');
    expect(run.stderr()).toContain('livespan start -- ');
  });

  it('says which port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const run = cli(['server', '--port', String(port), '--db', path.join(dir, 'db.sqlite')]);
      expect(await run.exited).toBe(1);
      expect(run.stderr()).toContain(String(port));
      expect(run.stderr()).not.toMatch(/\n\s+at /); // no stack trace
    } finally {
      blocker.close();
    }
  });

  it('serves until SIGTERM, then shuts down cleanly', async () => {
    const dbPath = path.join(dir, 'data', 'traces.db');
    const run = cli(['server', '--port', '0', '--db', dbPath]);
    const [, url] = await run.waitForOutput(/(http:\/\/127\.0\.0\.1:\d+)/);
    const health = await fetch(`${url}/api/__health`);
    expect(health.status).toBe(200);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain('shutting down');
    await expect(fetch(`${url}/api/__health`)).rejects.toThrow();
  });
});
