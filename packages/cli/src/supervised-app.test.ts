import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from './test-support/cli-process.js';
import { type Json, makeProject, pollJson } from './test-support/project.js';

const runs: CliProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const run of runs.splice(0)) {
    if (run.child.exitCode === null) {
      run.child.kill('SIGINT');
      await run.exited;
    }
  }
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function project(files: Record<string, string>): Promise<string> {
  const dir = await makeProject(files);
  dirs.push(dir);
  return dir;
}

function start(dir: string, app: string): CliProcess {
  const run = runCli(
    ['start', '--port', '0', '--db', path.join(dir, 'traces.db'), '--', process.execPath, app],
    {
      cwd: dir,
    },
  );
  runs.push(run);
  return run;
}

const until = pollJson;

/** Sends one running span, Genkit-style, to where livespan start points the app, then prints its trace id. */
const SEND_RUNNING_SPAN = `
const traceId = (Date.now().toString(16) + Math.random().toString(16).slice(2)).padEnd(32, '0').slice(0, 32);
const span = { traceId, spanId: '1'.repeat(16), startTime: Date.now(), endTime: 0, attributes: {},
  displayName: 'work', instrumentationLibrary: { name: 'app' }, spanKind: 'INTERNAL' };
const response = await fetch(process.env.GENKIT_TELEMETRY_SERVER + '/api/traces', { method: 'POST',
  headers: { 'content-type': 'application/json' }, body: JSON.stringify({ traceId, spans: { [span.spanId]: span } }) });
if (!response.ok) throw new Error('post failed ' + response.status);
console.log('trace ' + traceId);
`;

describe('the app livespan start runs', () => {
  it('shows a crash at once: its running spans stop with the exit reason, and the app status keeps its stderr', async () => {
    const dir = await project({
      'app.mjs': `${SEND_RUNNING_SPAN}\nconsole.error('Error: the database is on fire');\nprocess.exit(1);\n`,
    });
    const run = start(dir, 'app.mjs');
    const [, url] = await run.waitForOutput(/Dev UI: (http:\/\/\S+)/);
    const [, traceId] = await run.waitForOutput(/\[app\] trace (\w+)/);

    const trace = await until(`${url}/api/traces/${traceId}`, (t) => t.status === 'stale');
    expect(trace).toMatchObject({ staleReason: 'app exited with code 1', runningCount: 0, staleCount: 1 });
    expect(trace.spans['1'.repeat(16)]).toMatchObject({ stale: true, staleReason: 'app exited with code 1' });
    const app = await until(`${url}/api/app`, (a) => a.state === 'exited');
    expect(app).toMatchObject({
      command: `${process.execPath} app.mjs`,
      exit: { code: 1, signal: null, reason: 'app exited with code 1' },
      stderrTail: ['Error: the database is on fire'],
    });
    expect(trace.appId).toBe(app.appId);
  });

  it('stops the spans of the old launch when a change restarts the app, naming the file', async () => {
    const dir = await project({ 'app.mjs': `${SEND_RUNNING_SPAN}\nsetInterval(() => {}, 1000);\n` });
    const run = start(dir, 'app.mjs');
    const [, url] = await run.waitForOutput(/Dev UI: (http:\/\/\S+)/);
    const [, traceId] = await run.waitForOutput(/\[app\] trace (\w+)/);
    const first = await until(`${url}/api/app`, (a) => a.state === 'running');
    // A database written beside the app is not a source change.
    await writeFile(path.join(dir, 'notes.db'), 'x');
    await writeFile(
      path.join(dir, 'app.mjs'),
      `${SEND_RUNNING_SPAN}\nsetInterval(() => {}, 1000);\n// edited\n`,
    );

    const trace = await until(`${url}/api/traces/${traceId}`, (t) => t.status === 'stale');
    expect(trace.staleReason).toBe('app restarted after a change to app.mjs');
    const second = await until(`${url}/api/app`, (a) => a.state === 'running' && a.appId !== first.appId);
    expect(second.pid).not.toBe(first.pid);
    expect(run.stderr()).toContain('livespan: app.mjs changed, restarting the app');
    expect(run.stderr()).not.toContain('notes.db');
  });

  it('runs flows in its own app, not in the newer app of another livespan start in the same folder', async () => {
    const flowsApp = (label: string) => `
import { defineFlow, serveFlows } from '@livespan/flows';
import { initTracing } from '@livespan/tracing';
import { z } from 'zod';
initTracing();
defineFlow({ name: 'whoami', inputSchema: z.object({}) }, async () => '${label}');
await serveFlows();
console.log('ready');
`;
    const dir = await project({ 'a.mjs': flowsApp('a'), 'b.mjs': flowsApp('b') });
    const a = start(dir, 'a.mjs');
    const [, urlA] = await a.waitForOutput(/Dev UI: (http:\/\/\S+)/);
    await a.waitForOutput(/\[app\] ready/);
    const b = runCli(
      ['start', '--port', '0', '--db', path.join(dir, 'b.db'), '--', process.execPath, 'b.mjs'],
      {
        cwd: dir,
      },
    );
    runs.push(b);
    const [, urlB] = await b.waitForOutput(/Dev UI: (http:\/\/\S+)/);
    await b.waitForOutput(/\[app\] ready/);

    for (const url of [urlA, urlB]) {
      const listed = (await (await fetch(`${url}/api/flows`)).json()) as Json;
      const app = (await (await fetch(`${url}/api/app`)).json()) as Json;
      expect(listed.app.runtimeId).toBe(app.appId);
      expect(listed.app.pid).toBe(app.pid);
      const response = await fetch(`${url}/api/flows/whoami/run`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: {} }),
      });
      const { traceId } = (await response.json()) as Json;
      // The trace reaches the server whose Flows tab started it.
      await until(`${url}/api/traces/${traceId}`, (t) => t.status === 'ok');
    }
  });
});
