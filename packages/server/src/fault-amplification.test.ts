import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { amplifiedBodies } from './test-support/amplification-bodies.js';
import { killServerProcess, type ServerProcess, startServerProcess } from './test-support/server-process.js';

/**
 * What must hold for every body under the limits: a 2xx or 4xx answer (never
 * a crash or a hang: the request has a generous timeout) and a bounded peak
 * RSS, while the server keeps answering health checks. How fast (the issue's
 * 1 s answer, 100 ms health) is measured by bench/hostile, not here: timings
 * in tests are flaky on a shared machine.
 */
const MAX_RSS_BYTES = 512 * 2 ** 20;

let dir: string;
let server: ServerProcess;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'livespan-amplification-'));
  server = await startServerProcess(path.join(dir, 'traces.db'));
}, 30_000);

afterAll(async () => {
  await killServerProcess(server);
  rmSync(dir, { recursive: true, force: true });
});

/** Peak resident set size of the server process so far (Linux `VmHWM`). */
function peakRssBytes(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(match![1]) * 1024;
}

/** Polls `/api/__health` until `done` settles; returns how many health checks were answered 200. */
async function healthAnswers(done: Promise<unknown>): Promise<number> {
  let finished = false;
  void done.finally(() => {
    finished = true;
  });
  let answered = 0;
  // Bounded: the request itself has a 10 s budget below.
  for (let i = 0; i < 1_000 && !finished; i++) {
    const response = await fetch(`${server.url}/api/__health`);
    await response.text();
    if (response.status === 200) answered++;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return answered;
}

describe('element amplification', () => {
  for (const request of amplifiedBodies()) {
    it(`answers ${request.kind} under 512 MiB, and keeps health answering`, async () => {
      const start = performance.now();
      const answer = fetch(`${server.url}${request.path}`, {
        method: 'POST',
        headers: request.headers,
        body: request.body,
        signal: AbortSignal.timeout(10_000),
      }).then(async (response) => ({
        status: response.status,
        text: await response.text(),
        ms: performance.now() - start,
      }));
      const [{ status, text, ms }, health] = await Promise.all([answer, healthAnswers(answer)]);
      const where = `${request.kind} → ${status} ${text.slice(0, 200)} in ${Math.round(ms)} ms, ${health} health answers`;
      expect(status, where).toBe(request.accepted ? 200 : 413);
      expect(peakRssBytes(server.child.pid!), where).toBeLessThan(MAX_RSS_BYTES);
      expect((await fetch(`${server.url}/api/__health`)).status, where).toBe(200);
    }, 20_000);
  }
});
