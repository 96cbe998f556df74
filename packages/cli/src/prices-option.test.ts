import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from './test-support/cli-process.js';

let dir: string;
const running: CliProcess[] = [];
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-cli-prices-'));
});
afterEach(async () => {
  for (const cli of running.splice(0)) await cli.stop();
  await rm(dir, { recursive: true, force: true });
});

function server(...args: string[]): CliProcess {
  const cli = runCli(['server', '--port', '0', '--db', path.join(dir, 'traces.db'), ...args], {
    cwd: dir,
    env: { LIVESPAN_TOKEN: '' },
  });
  running.push(cli);
  return cli;
}

describe('livespan server --prices', () => {
  it('refuses a prices file with a bad entry, naming the file and the entry', async () => {
    await writeFile(
      path.join(dir, 'prices.json'),
      JSON.stringify({ models: { 'my-model': { inputPerMillion: '1', outputPerMillion: 2 } } }),
    );
    const run = server('--prices', 'prices.json');
    expect(await run.exited).toBe(2);
    expect(run.stderr()).toContain(
      `invalid prices file ${path.join(dir, 'prices.json')} at models.my-model.inputPerMillion`,
    );
  });

  it('prices models from .livespan/prices.json in the working folder', async () => {
    await mkdir(path.join(dir, '.livespan'));
    await writeFile(
      path.join(dir, '.livespan', 'prices.json'),
      JSON.stringify({ models: { 'my-model': { inputPerMillion: 1_000_000, outputPerMillion: 0 } } }),
    );
    const run = server();
    const [, port] = await run.waitForOutput(/:(\d+)/);
    const traceId = 'a'.repeat(32);
    const span = {
      traceId,
      spanId: 'b'.repeat(16),
      displayName: 'call',
      startTime: 1,
      endTime: 2,
      spanKind: 'INTERNAL',
      instrumentationLibrary: { name: 'test' },
      attributes: {
        'gen_ai.usage.input_tokens': 3,
        'gen_ai.usage.output_tokens': 1,
        'gen_ai.request.model': 'my-model',
      },
    };
    const posted = await fetch(`http://127.0.0.1:${port}/api/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ traceId, spans: { [span.spanId]: span } }),
    });
    expect(posted.status).toBe(200);
    const trace = (await (await fetch(`http://127.0.0.1:${port}/api/traces/${traceId}`)).json()) as {
      costUsd?: number;
    };
    expect(trace.costUsd).toBe(3);
  });
});
