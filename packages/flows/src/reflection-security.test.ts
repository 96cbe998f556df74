import { request } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineFlow } from './define-flow.js';
import { createRegistry, type FlowRegistry } from './flow-registry.js';
import { type ReflectionServer, startReflectionServer } from './reflection-server.js';
import { captureSpans } from './test-support/capture.js';

let capture: ReturnType<typeof captureSpans>;
let registry: FlowRegistry;
let server: ReflectionServer;
let runs: unknown[];

beforeEach(async () => {
  capture = captureSpans();
  registry = createRegistry();
  runs = [];
  defineFlow({ name: 'deleteEverything', inputSchema: z.string(), registry }, (input) => {
    runs.push(input);
    return 'done';
  });
  server = await startReflectionServer({ registry, writeRuntimeFile: false, handleExit: false });
});
afterEach(async () => {
  await server.close();
  await capture.close();
});

/** A raw POST, so that any Host header can be sent (fetch() will not). */
function post(headers: Record<string, string>, body: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, method: 'POST', path: '/api/runAction', headers },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const RUN = JSON.stringify({ key: '/flow/deleteEverything', input: 'x' });

describe('reflection API against web pages', () => {
  it('refuses a cross-site text/plain POST to runAction (a form or no-cors fetch) and runs nothing', async () => {
    for (const origin of [
      'https://evil.example',
      'http://evil.example:3100',
      'null',
      'http://localhost.evil.example',
    ]) {
      const answer = await post({ 'content-type': 'text/plain', origin }, RUN);
      expect(answer.status, origin).toBe(403);
      expect(JSON.parse(answer.body).error.message).toContain('is not localhost');
    }
    expect(runs).toEqual([]);
    expect(capture.started).toEqual([]);
  });

  it('refuses a DNS-rebinding page, whose requests carry a foreign Host, even without an Origin', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${server.port}`,
      '127.0.0.1.nip.io',
      'localhost.evil.example',
    ]) {
      const answer = await post({ host, 'content-type': 'application/json' }, RUN);
      expect(answer.status, host).toBe(403);
    }
    expect(runs).toEqual([]);
  });

  it('still runs for local tools: no Origin, or a localhost Origin', async () => {
    expect((await post({ 'content-type': 'application/json' }, RUN)).status).toBe(200);
    const local = await post({ 'content-type': 'application/json', origin: 'http://localhost:4000' }, RUN);
    expect(local.status).toBe(200);
    expect(runs).toEqual(['x', 'x']);
  });
});
