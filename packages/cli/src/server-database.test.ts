import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from './test-support/cli-process.js';

let dir: string;
const running: CliProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-cli-db-'));
});
afterEach(async () => {
  for (const cli of running.splice(0)) await cli.stop();
  await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], env: NodeJS.ProcessEnv): CliProcess {
  const process = runCli(args, { cwd: dir, env });
  running.push(process);
  return process;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('livespan server --db', () => {
  it('takes LIVESPAN_DATABASE_URL without --db and refuses to start when that database is unreachable, hiding the password', async () => {
    const url = `postgres://livespan:s3cret@127.0.0.1:${await closedPort()}/traces`;
    const run = cli(['server', '--port', '0'], { LIVESPAN_DATABASE_URL: url });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('cannot open the trace database at postgres://livespan:***@127.0.0.1:');
    expect(run.stderr()).not.toContain('s3cret');
    expect(run.stderr()).not.toMatch(/\n\s+at /);
  });

  it('prefers --db over LIVESPAN_DATABASE_URL', async () => {
    const url = `postgres://livespan@127.0.0.1:${await closedPort()}/traces`;
    const run = cli(['server', '--port', '0', '--db', path.join(dir, 'traces.db')], {
      LIVESPAN_DATABASE_URL: url,
    });
    const [, base] = await run.waitForOutput(/(http:\/\/127\.0\.0\.1:\d+)/);
    expect((await fetch(`${base}/api/__health`)).status).toBe(200);
  });

  it('refuses --max-age without a postgres:// database', async () => {
    const run = cli(['server', '--port', '0', '--max-age', '60000', '--db', path.join(dir, 'traces.db')], {});
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain('--max-age needs a postgres:// --db');
  });
});
