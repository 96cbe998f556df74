import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from '@livespan/server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ResourceUpdatedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, runCli } from '../test-support/cli-process.js';
import { MAX_RESULT_CHARS } from './mcp-server.js';

// biome-ignore lint/suspicious/noExplicitAny: tests probe the JSON answers freely
type Json = any;

const repoRoot = path.resolve(fileURLToPath(import.meta.url), '../../../../..');
const binPath = path.resolve(fileURLToPath(import.meta.url), '../../../bin/livespan.js');

/** A flows app: a flow that works, one that fails in a step, a large one, one that waits for a file, one that crashes. */
const APP = `
import { existsSync } from 'node:fs';
import { trace } from '@opentelemetry/api';
import { currentSignal, defineFlow, run, serveFlows } from '@livespan/flows';
import { initTracing } from '@livespan/tracing';
import { z } from 'zod';

initTracing();
const server = new URL(process.env.GENKIT_TELEMETRY_SERVER).origin;
const pause = () => new Promise((resolve) => setTimeout(resolve, 25));

defineFlow({ name: 'greet', inputSchema: z.object({ name: z.string() }) }, async ({ name }) =>
  run('compose', async () => 'hello ' + name));
defineFlow({ name: 'checkout', inputSchema: z.object({}) }, async () => {
  await run('reserve-stock', async () => 'reserved');
  return run('charge-card', async () => { throw new Error('card declined: insufficient funds'); });
});
defineFlow({ name: 'big', inputSchema: z.object({}) }, async () => {
  for (let i = 0; i < 200; i++) await run('step-' + i, async () => 'x'.repeat(20000));
  return 'done';
});
defineFlow({ name: 'gate', inputSchema: z.object({}) }, async () =>
  run('waiting', async () => {
    for (let i = 0; i < 2000 && !existsSync('release'); i++) await pause();
    return 'released';
  }));
defineFlow({ name: 'endless', inputSchema: z.object({}) }, async () =>
  run('spin', () => new Promise((_, reject) =>
    currentSignal().addEventListener('abort', () => reject(new Error('spin saw the abort'))))));
defineFlow({ name: 'crash', inputSchema: z.object({}) }, async () =>
  run('doomed', async () => {
    // Crash once the server holds this running step, so what it shows is the crash, not a lost span.
    const { traceId, spanId } = trace.getActiveSpan().spanContext();
    for (let i = 0; i < 2000; i++) {
      const response = await fetch(server + '/api/traces/' + traceId);
      if (response.ok && (await response.json()).spans[spanId]) process.exit(1);
      await pause();
    }
    process.exit(2);
  }));
await serveFlows();
console.log('ready');
`;

interface Session {
  dir: string;
  url: string;
  cli: CliProcess;
}

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `livespan start` running the app above in a fresh project folder. */
async function startApp(): Promise<Session> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-mcp-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await symlink(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  await writeFile(path.join(dir, 'app.mjs'), APP);
  const cli = runCli(
    [
      'start',
      '--port',
      '0',
      '--db',
      path.join(dir, 'traces.db'),
      '--watch',
      'app.mjs',
      '--',
      process.execPath,
      'app.mjs',
    ],
    { cwd: dir },
  );
  cleanups.push(async () => {
    if (cli.child.exitCode === null) {
      cli.child.kill('SIGINT');
      await cli.exited;
    }
  });
  const [, url] = await cli.waitForOutput(/Dev UI: (http:\/\/\S+)/);
  await cli.waitForOutput(/\[app\] ready/);
  return { dir, url: url as string, cli };
}

/** The SDK's own client, talking over stdio to the built `livespan mcp`. */
async function connect(cwd: string, args: string[]): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [binPath, 'mcp', ...args],
    cwd,
    stderr: 'pipe',
  });
  const client = new Client({ name: 'livespan-test', version: '1.0.0' });
  await client.connect(transport);
  cleanups.push(() => client.close());
  return client;
}

async function callText(client: Client, name: string, args: Record<string, unknown>) {
  const answer = await client.callTool({ name, arguments: args });
  const [first] = answer.content as Array<{ type: string; text: string }>;
  return { text: first?.text ?? '', isError: answer.isError === true };
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Json> {
  const { text, isError } = await callText(client, name, args);
  if (isError) throw new Error(`${name} failed: ${text}`);
  return JSON.parse(text);
}

describe('livespan mcp, driven by an MCP client, on livespan start with a flows app', () => {
  let session: Session;
  let client: Client;
  beforeAll(async () => {
    session = await startApp();
    // No --url: it finds the server livespan start runs in this folder.
    client = await connect(session.dir, []);
  });

  it('offers the tools with JSON Schema inputs', async () => {
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual([
      'cancel_run',
      'get_trace',
      'list_flows',
      'list_traces',
      'run_flow',
      'wait_for_trace',
    ]);
    const waitTool = tools.find((tool) => tool.name === 'wait_for_trace');
    expect(waitTool?.inputSchema).toMatchObject({
      type: 'object',
      required: expect.arrayContaining(['traceId', 'until']),
      properties: { until: { enum: ['end', 'error', 'stale', 'span'] } },
    });
  });

  it('lists the flows, runs one to its end and finds it in the trace list', async () => {
    const { flows } = await call(client, 'list_flows');
    expect(flows.map((flow: Json) => flow.name)).toEqual(
      expect.arrayContaining(['greet', 'checkout', 'crash']),
    );
    expect(JSON.parse(flows.find((flow: Json) => flow.name === 'greet').inputSchema)).toMatchObject({
      properties: { name: { type: 'string' } },
    });

    const run = await call(client, 'run_flow', { name: 'greet', input: { name: 'Ada' }, wait: true });
    expect(run).toMatchObject({
      outcome: 'ended',
      met: true,
      trace: { name: 'greet', status: 'ok', errors: 0 },
    });
    expect(run.output).toBe('"hello Ada"');
    expect(run.tree).toEqual([
      expect.stringMatching(/^✓ greet {2}ok \d/),
      expect.stringMatching(/^ {2}✓ compose {2}ok \d/),
    ]);

    const { traces } = await call(client, 'list_traces', { status: 'ok', q: 'GREE' });
    expect(traces[0]).toMatchObject({
      traceId: run.traceId,
      name: 'greet',
      status: 'ok',
      spans: 2,
      errors: 0,
    });
    // Found by what a step returned, not by the trace's name.
    const byOutput = await call(client, 'list_traces', { q: 'HELLO ada' });
    expect(byOutput.traces.map((trace: Json) => trace.traceId)).toEqual([run.traceId]);
  });

  it('returns the span where a failing flow failed, with its error', async () => {
    const run = await call(client, 'run_flow', { name: 'checkout', input: {} });
    const waited = await call(client, 'wait_for_trace', {
      traceId: run.traceId,
      until: 'error',
      timeoutMs: 30_000,
    });
    expect(waited).toMatchObject({
      outcome: 'error',
      met: true,
      span: {
        name: 'charge-card',
        state: 'error',
        path: 'checkout > charge-card',
        error: { message: 'card declined: insufficient funds' },
      },
    });

    const ended = await call(client, 'wait_for_trace', {
      traceId: run.traceId,
      until: 'end',
      timeoutMs: 30_000,
    });
    expect(ended).toMatchObject({ outcome: 'ended', met: true, trace: { status: 'error' } });
    expect(ended.failures.map((failure: Json) => failure.name)).toEqual(['charge-card']);

    const trace = await call(client, 'get_trace', { traceId: run.traceId });
    expect(trace.failures[0]).toMatchObject({ name: 'charge-card', error: { type: 'Error' } });
    const span = await call(client, 'get_trace', { traceId: run.traceId, spanId: trace.failures[0].spanId });
    expect(span.attributes['genkit:name']).toBe('charge-card');
    expect(span.events.map((event: Json) => event.name)).toContain('exception');
  });

  it('keeps a large trace within the size bound, saying what it left out', async () => {
    const run = await call(client, 'run_flow', { name: 'big', input: {}, wait: true });
    expect(run).toMatchObject({ outcome: 'ended', trace: { status: 'ok', spans: 201 } });

    const whole = await callText(client, 'get_trace', { traceId: run.traceId });
    expect(whole.text.length).toBeLessThan(MAX_RESULT_CHARS);
    const digest = JSON.parse(whole.text);
    expect(digest.note).toMatch(/^\d+ of 201 spans not shown/);

    const shallow = await call(client, 'get_trace', { traceId: run.traceId, depth: 0 });
    expect(shallow.tree).toEqual([expect.stringMatching(/^✓ big /), '  … 200 spans below']);

    const stepId = digest.tree[1].match(/#(\w{16})/)[1];
    const step = await callText(client, 'get_trace', { traceId: run.traceId, spanId: stepId });
    expect(step.text.length).toBeLessThan(10_000);
    expect(JSON.parse(step.text).attributes['genkit:output']).toMatch(/…\[cut \d+ more characters\]$/);
  });

  it('waits for a named span on the live stream, and sends resource updates to a subscriber', async () => {
    const { traceId, resource } = await call(client, 'run_flow', { name: 'gate', input: {} });
    const updates: string[] = [];
    let heard: () => void = () => {};
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (notification) => {
      updates.push(notification.params.uri);
      heard();
    });
    await client.subscribeResource({ uri: resource });

    const appeared = await call(client, 'wait_for_trace', { traceId, until: 'span', spanName: 'waiting' });
    expect(appeared).toMatchObject({
      outcome: 'span',
      met: true,
      span: { name: 'waiting', state: 'running' },
    });

    const before = updates.length;
    let progress = 0;
    // Opened while the gate is closed, the wait reports progress; the gate opens on the first report.
    const answer = await client.callTool(
      { name: 'wait_for_trace', arguments: { traceId, until: 'end' } },
      undefined,
      {
        onprogress: () => {
          progress++;
          if (progress === 1) void writeFile(path.join(session.dir, 'release'), '');
        },
      },
    );
    const ended = JSON.parse((answer.content as Array<{ text: string }>)[0]?.text ?? '');
    expect(ended).toMatchObject({ outcome: 'ended', trace: { status: 'ok' } });
    await new Promise<void>((resolve) => {
      heard = () => updates.length > before && resolve();
      heard();
    });
    expect(updates.slice(before)[0]).toBe(resource);

    const read = await client.readResource({ uri: resource });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toMatchObject({
      trace: { traceId, status: 'ok' },
    });
    await client.unsubscribeResource({ uri: resource });
  });

  it('cancels a running flow: its spans end as cancelled; a second cancel says the app no longer runs it', async () => {
    const { traceId } = await call(client, 'run_flow', { name: 'endless', input: {} });
    await call(client, 'wait_for_trace', { traceId, until: 'span', spanName: 'spin' });
    const cancelled = await call(client, 'cancel_run', { traceId, wait: true });
    expect(cancelled).toMatchObject({ outcome: 'ended', trace: { name: 'endless', status: 'error' } });
    const trace = await call(client, 'get_trace', { traceId });
    expect(JSON.stringify(trace)).toContain('Flow \\"endless\\" was cancelled');

    const again = await callText(client, 'cancel_run', { traceId });
    expect(again).toMatchObject({
      isError: true,
      text: expect.stringContaining(`not running trace ${traceId}`),
    });
  });

  it('answers bad arguments with clear tool errors', async () => {
    const badId = await callText(client, 'get_trace', { traceId: 'nope' });
    expect(badId).toMatchObject({
      isError: true,
      text: expect.stringContaining('a trace id is 32 hex characters'),
    });

    const noName = await callText(client, 'wait_for_trace', { traceId: 'a'.repeat(32), until: 'span' });
    expect(noName).toMatchObject({
      isError: true,
      text: expect.stringContaining("until: 'span' needs spanName"),
    });

    const badUntil = await callText(client, 'wait_for_trace', { traceId: 'a'.repeat(32), until: 'done' });
    expect(badUntil).toMatchObject({ isError: true, text: expect.stringMatching(/until/) });

    const unknown = await callText(client, 'get_trace', { traceId: 'a'.repeat(32) });
    expect(unknown).toMatchObject({
      isError: true,
      text: expect.stringMatching(/not found|unknown|no trace/i),
    });

    const noFlow = await callText(client, 'run_flow', { name: 'nosuchflow', input: {} });
    expect(noFlow).toMatchObject({ isError: true, text: expect.stringContaining('nosuchflow') });

    const badInput = await callText(client, 'run_flow', { name: 'greet', input: { name: 42 } });
    expect(badInput).toMatchObject({ isError: true, text: expect.stringMatching(/name/) });

    const badLimit = await callText(client, 'list_traces', { limit: 0 });
    expect(badLimit).toMatchObject({ isError: true, text: expect.stringContaining('limit') });

    const timedOut = await call(client, 'wait_for_trace', {
      traceId: 'b'.repeat(32),
      until: 'end',
      timeoutMs: 1,
    });
    expect(timedOut).toMatchObject({
      outcome: 'timeout',
      met: false,
      note: expect.stringContaining('no span'),
    });
  });
});

describe('livespan mcp when the app crashes', () => {
  it('returns the stale span with the reason, and the app exit with its stderr', async () => {
    const session = await startApp();
    const client = await connect(session.dir, ['--url', session.url]);
    const run = await call(client, 'run_flow', { name: 'crash', input: {}, wait: true });
    expect(run).toMatchObject({
      outcome: 'stale',
      met: false,
      trace: { name: 'crash', status: 'stale', staleReason: 'app exited with code 1' },
      span: { name: 'doomed', state: 'stale', staleReason: 'app exited with code 1', path: 'crash > doomed' },
      app: { state: 'exited', exit: { code: 1, reason: 'app exited with code 1' } },
    });
    expect(run.tree[1]).toMatch(/^ {2}⚠ doomed {2}stale .*: app exited with code 1$/);

    // livespan start named its server for livespan mcp while it ran, and takes the name back when it stops.
    const serverFile = path.join(session.dir, '.livespan', 'server.json');
    expect(JSON.parse(await readFile(serverFile, 'utf8'))).toEqual({
      url: session.url,
      pid: session.cli.child.pid,
    });
    session.cli.child.kill('SIGINT');
    await session.cli.exited;
    expect(existsSync(serverFile)).toBe(false);
  });
});

describe('livespan mcp on the command line', () => {
  it('says clearly when no server answers, and exits 1', async () => {
    const cli = runCli(['mcp', '--url', 'http://127.0.0.1:9'], { cwd: os.tmpdir() });
    expect(await cli.exited).toBe(1);
    expect(cli.stderr()).toContain('livespan: no livespan server answers at http://127.0.0.1:9');
    expect(cli.stdout()).toBe('');

    const noScheme = runCli(['mcp', '--url', 'localhost:4000'], { cwd: os.tmpdir() });
    expect(await noScheme.exited).toBe(2);
    expect(noScheme.stderr()).toContain('--url must be an http:// or https:// URL, got "localhost:4000"');
  });

  it('answers every request it was sent before the client closed stdin, then exits 0', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-mcp-eof-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const livespan = createServer({ dbPath: path.join(dir, 'traces.db') });
    const server = await livespan.listen({ port: 0 });
    cleanups.push(() => livespan.close());
    const child = spawn(process.execPath, [binPath, 'mcp', '--url', server.url], { cwd: dir });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const send = (message: object) =>
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
    send({
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipe', version: '1' } },
    });
    send({ method: 'notifications/initialized' });
    send({ id: 2, method: 'tools/call', params: { name: 'list_traces', arguments: {} } });
    send({
      id: 3,
      method: 'tools/call',
      params: {
        name: 'wait_for_trace',
        arguments: { traceId: 'c'.repeat(32), until: 'end', timeoutMs: 200 },
      },
    });
    child.stdin.end();

    expect(await exited).toBe(0);
    const answers = out
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(answers.map((answer: Json) => answer.id)).toEqual([1, 2, 3]);
    expect(JSON.parse(answers[2].result.content[0].text)).toMatchObject({ outcome: 'timeout' });
  });

  it('prints its help with an mcpServers entry', async () => {
    const cli = runCli(['mcp', '--help'], { cwd: os.tmpdir() });
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain('"mcpServers"');
  });
});
