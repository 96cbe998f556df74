import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from './test-support/cli-process.js';
import { makeProject, pollJson } from './test-support/project.js';

const cleanups: Array<() => Promise<unknown> | undefined> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A flows app that serves its reflection API under GENKIT_ENV=dev and stays up. */
const FLOWS_APP = `
import { defineFlow, serveFlows } from '@livespan/flows';
import { initTracing } from '@livespan/tracing';
import { z } from 'zod';
initTracing();
defineFlow({ name: 'hello', inputSchema: z.object({}) }, async () => 'hi');
await serveFlows();
console.log('ready');
setInterval(() => {}, 1000);
`;

function server(dir: string): CliProcess {
  const run = runCli(['server', '--port', '0', '--db', path.join(dir, 'traces.db')], { cwd: dir });
  cleanups.push(async () => {
    if (run.child.exitCode === null) {
      run.child.kill('SIGINT');
      await run.exited;
    }
  });
  return run;
}

/** Starts the app in `dir` with the dev environment, sending to `telemetryServer`; resolves once it is ready. */
async function startApp(dir: string, telemetryServer: string): Promise<void> {
  const app = spawn(process.execPath, ['app.mjs'], {
    cwd: dir,
    env: { ...process.env, GENKIT_ENV: 'dev', GENKIT_TELEMETRY_SERVER: telemetryServer },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  cleanups.push(async () => {
    if (app.exitCode === null) {
      app.kill('SIGKILL');
      await new Promise((resolve) => app.once('exit', resolve));
    }
  });
  await new Promise<void>((resolve, reject) => {
    app.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    app.once('exit', (code) => reject(new Error(`app exited (${code}) before it was ready`)));
  });
}

describe('livespan server', () => {
  it('runs the flows of an app in its folder that sends to it, never of one that sends elsewhere', async () => {
    const dir = await makeProject({ 'app.mjs': FLOWS_APP });
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const run = server(dir);
    const [, url] = await run.waitForOutput(/Dev UI: (http:\/\/\S+)/);

    await startApp(dir, 'http://localhost:4999'); // another server's app, in the same folder
    expect((await fetch(`${url}/api/flows`)).status).toBe(503);

    await startApp(dir, url!);
    const listed = await pollJson(`${url}/api/flows`, (body) => Array.isArray(body.flows));
    expect(listed.flows.map((flow: { name: string }) => flow.name)).toEqual(['hello']);
    const response = await fetch(`${url}/api/flows/hello/run`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: {} }),
    });
    const { traceId } = (await response.json()) as { traceId: string };
    await pollJson(`${url}/api/traces/${traceId}`, (trace) => trace.status === 'ok');
  });
});
