import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from './test-support/cli-process.js';

let dir: string;
let run: CliProcess | undefined;

/** An app that prints what livespan gave it, and stays up until stopped. */
const APP = `
console.log('env ' + JSON.stringify({
  GENKIT_ENV: process.env.GENKIT_ENV,
  GENKIT_TELEMETRY_SERVER: process.env.GENKIT_TELEMETRY_SERVER,
  GENKIT_ENABLE_REALTIME_TELEMETRY: process.env.GENKIT_ENABLE_REALTIME_TELEMETRY,
  GENKIT_RUNTIME_ID: process.env.GENKIT_RUNTIME_ID,
  OTEL_EXPORTER_OTLP_ENDPOINT: process.env.OTEL_EXPORTER_OTLP_ENDPOINT,
}));
console.log('pid ' + process.pid);
setInterval(() => {}, 1000);
`;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-start-'));
  await writeFile(path.join(dir, 'app.mjs'), APP);
});
afterEach(async () => {
  await run?.stop();
  await rm(dir, { recursive: true, force: true });
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('livespan start', () => {
  it('runs the app with the realtime environment, prefixes its output, reloads on change and stops on Ctrl+C', async () => {
    run = runCli(
      ['start', '--port', '0', '--db', path.join(dir, 'traces.db'), '--', process.execPath, 'app.mjs'],
      {
        cwd: dir,
      },
    );
    const [, url] = await run.waitForOutput(/Dev UI: (http:\/\/\S+)/);
    const [, envText] = await run.waitForOutput(/\[app\] env (.*)/);
    const env = JSON.parse(envText!);
    const launch = `${url}/apps/${env.GENKIT_RUNTIME_ID}`;
    expect(env).toEqual({
      GENKIT_ENV: 'dev',
      GENKIT_TELEMETRY_SERVER: launch,
      GENKIT_ENABLE_REALTIME_TELEMETRY: 'true',
      GENKIT_RUNTIME_ID: expect.stringMatching(/^[0-9a-f]{8}-1$/),
      OTEL_EXPORTER_OTLP_ENDPOINT: launch,
    });
    const firstPid = Number((await run.waitForOutput(/\[app\] pid (\d+)/))[1]);

    await writeFile(path.join(dir, 'app.mjs'), `${APP}\n// edited\n`);
    const secondPid = Number((await run.waitForOutput(/\[app\] pid (\d+)[\s\S]*\[app\] pid (\d+)/))[2]);
    expect(secondPid).not.toBe(firstPid);
    expect(isAlive(firstPid)).toBe(false);
    expect((await fetch(`${url}/api/__health`)).status).toBe(200);

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(isAlive(secondPid)).toBe(false);
  });

  it('passes GENKIT_ENABLE_REALTIME_TELEMETRY=false with --no-realtime', async () => {
    run = runCli(
      [
        'start',
        '--no-realtime',
        '--port',
        '0',
        '--db',
        path.join(dir, 'traces.db'),
        '--',
        process.execPath,
        'app.mjs',
      ],
      { cwd: dir },
    );
    const [, envText] = await run.waitForOutput(/\[app\] env (.*)/);
    expect(JSON.parse(envText!).GENKIT_ENABLE_REALTIME_TELEMETRY).toBe('false');
  });

  it('says so when the command does not exist, and stops the server', async () => {
    run = runCli(['start', '--port', '0', '--db', path.join(dir, 'traces.db'), '--', 'no-such-command-xyz'], {
      cwd: dir,
    });
    expect(await run.exited).toBe(1);
    expect(run.stderr()).toContain('command not found: no-such-command-xyz');
  });
});
