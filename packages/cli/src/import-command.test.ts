import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createServer, type LivespanServer } from '@livespan/server';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './test-support/cli-process.js';

const TOKEN = 'import-test-token-0123456789';
const TRACE_ID = 'ab'.repeat(16);
const OTHER = 'cd'.repeat(16);

let dir: string;
let server: LivespanServer | undefined;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'livespan-import-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

function span(traceId: string, n: number, startTime: unknown = 1_000) {
  return {
    traceId,
    spanId: n.toString(16).padStart(16, '0'),
    ...(n > 1 && { parentSpanId: '0000000000000001' }),
    startTime,
    endTime: 2_000,
    attributes: {},
    displayName: `step${n}`,
    instrumentationLibrary: { name: 'test' },
    spanKind: 'INTERNAL',
  };
}
const trace = (traceId: string, spans: ReturnType<typeof span>[]) => ({
  traceId,
  spans: Object.fromEntries(spans.map((s) => [s.spanId, s])),
});

async function importFiles(files: Record<string, unknown>, url: string, env: NodeJS.ProcessEnv = {}) {
  for (const [name, content] of Object.entries(files)) {
    await writeFile(path.join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  }
  const cli = runCli(['import', '--url', url, ...Object.keys(files)], { cwd: dir, env });
  const code = await cli.exited;
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

describe('livespan import', () => {
  it('imports each file, one line per file, with the access token; a bad file fails alone and stores nothing', async () => {
    server = createServer({ dbPath: ':memory:', token: TOKEN });
    const { url } = await server.listen({ port: 0 });
    const result = await importFiles(
      {
        'run.json': trace(TRACE_ID, [span(TRACE_ID, 1), span(TRACE_ID, 2)]),
        'bad.json': [trace(OTHER, [span(OTHER, 1)]), trace(OTHER, [span(OTHER, 1, 'soon')])],
        'two.json': {
          traces: [trace(OTHER, [span(OTHER, 1)]), trace('ef'.repeat(16), [span('ef'.repeat(16), 1)])],
        },
        'broken.json': '{"traceId": ',
      },
      url,
      { LIVESPAN_TOKEN: TOKEN },
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'imported 1 trace (2 spans) from run.json\nimported 2 traces (2 spans) from two.json\n',
    );
    expect(result.stderr).toContain(
      'livespan: bad.json: invalid TraceData: 1.spans.0000000000000001.startTime',
    );
    expect(result.stderr).toContain('livespan: broken.json: malformed JSON');
    const auth = { headers: { authorization: `Bearer ${TOKEN}` } };
    const list = (await (await server.app.request('/api/traces', auth)).json()) as {
      traces: { traceId: string }[];
    };
    expect(list.traces.map((t) => t.traceId).sort()).toEqual([TRACE_ID, OTHER, 'ef'.repeat(16)].sort());
  });

  it('says so when the token is missing, and when no server answers', async () => {
    server = createServer({ dbPath: ':memory:', token: TOKEN });
    const { url } = await server.listen({ port: 0 });
    const denied = await importFiles({ 'run.json': trace(TRACE_ID, [span(TRACE_ID, 1)]) }, url, {
      LIVESPAN_TOKEN: '',
    });
    expect(denied).toMatchObject({ code: 1, stdout: '' });
    expect(denied.stderr).toBe('livespan: run.json: unauthorized\n');
    await server.close();
    server = undefined;
    const gone = await importFiles({ 'run.json': trace(TRACE_ID, [span(TRACE_ID, 1)]) }, url);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`livespan: run.json: cannot reach the livespan server at ${url}`);
  });

  it('needs a file', async () => {
    const cli = runCli(['import'], { cwd: dir });
    expect(await cli.exited).toBe(2);
    expect(cli.stderr()).toContain('import needs at least one FILE');
  });
});
